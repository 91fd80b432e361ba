import pytest
from django.core.management import CommandError, call_command

from picket.geo.lgd_files import LgdFileError, parse_lgd
from picket.geo.models import District, State, SubDistrict
from picket.geo.services import geography_import_file
from picket.geo.tests.test_lgd_files import DISTRICTS, STATES

pytestmark = pytest.mark.django_db


def _import(name, content):
    return geography_import_file(lgd_file=parse_lgd(name, content.encode()))


def test_import_adds_then_leaves_unchanged_then_updates_a_renamed_district():
    first = _import("states.csv", STATES)
    assert (first.added, first.updated, first.unchanged) == (2, 0, 0)
    _import("districts.csv", DISTRICTS)
    again = _import("districts.csv", DISTRICTS)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    gaya_pk = District.objects.get(lgd_code=196).pk
    renamed = _import("districts.csv", DISTRICTS.replace("GAYA", "Gaya ji"))
    assert (renamed.added, renamed.updated, renamed.unchanged) == (0, 1, 1)
    gaya = District.objects.get(lgd_code=196)
    assert gaya.name == "Gaya ji" and gaya.pk == gaya_pk


def test_district_file_with_an_unknown_state_imports_nothing_and_names_the_row():
    _import("states.csv", STATES)
    bad = DISTRICTS + "99,NOWHERE,500,Lost,,\n"
    with pytest.raises(LgdFileError, match="row 4, column 'State Code': unknown state code 99"):
        _import("districts.csv", bad)
    assert District.objects.count() == 0


def test_command_imports_parents_first_whatever_the_argument_order(tmp_path, capsys):
    (tmp_path / "s.csv").write_text(STATES)
    (tmp_path / "d.csv").write_text(DISTRICTS)
    call_command("geo", "import", str(tmp_path / "d.csv"), str(tmp_path / "s.csv"))
    out = capsys.readouterr().out
    assert "state rows — 2 added" in out and "district rows — 2 added" in out
    assert State.objects.count() == 2 and District.objects.count() == 2


def test_command_refuses_a_malformed_file_before_importing_any(tmp_path):
    (tmp_path / "s.csv").write_text(STATES)
    (tmp_path / "d.csv").write_text(DISTRICTS.replace("196", "19x"))
    with pytest.raises(CommandError, match=r"row 2, column 'District Code'.*Nothing was imported"):
        call_command("geo", "import", str(tmp_path / "s.csv"), str(tmp_path / "d.csv"))
    assert State.objects.count() == 0


def test_the_lgd_snapshot_yields_36_states_and_763_districts_and_a_second_run_changes_nothing(lgd_dir, capsys):
    files = [str(lgd_dir / "1-state.csv"), str(lgd_dir / "2-district.csv")]
    call_command("geo", "import", *files)
    assert State.objects.count() == 36
    assert District.objects.count() == 763
    capsys.readouterr()
    call_command("geo", "import", *files)
    out = capsys.readouterr().out
    assert "0 added, 0 updated, 36 unchanged" in out
    assert "0 added, 0 updated, 763 unchanged" in out


def test_the_lgd_subdistrict_snapshot_imports_under_its_districts(lgd_dir):
    call_command("geo", "import", *(str(lgd_dir / f) for f in ("1-state.csv", "2-district.csv", "3-subdistrict.csv")))
    assert SubDistrict.objects.count() == 6921
    assert SubDistrict.objects.filter(district__isnull=True).count() == 0
