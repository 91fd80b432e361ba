"""The offences catalogue: the file is sound, loads idempotently, and corrections are kept with history."""

import csv
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from picket.accounts.access import actor_for
from picket.accounts.roles import JurisdictionKind, Role
from picket.prosecution.catalogue import (
    ACTS_FILE,
    OFFENCES_FILE,
    CatalogueError,
    chargesheet_days_for,
    load_catalogue,
    read_acts,
    read_offences,
)
from picket.prosecution.models import Act, Offence, OffenceRevision
from picket.prosecution.services_catalogue import catalogue_load, offence_correct
from picket.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

# Every section DOMAIN.md names ("Offences" and the special laws), as cited there.
DOMAIN_SECTIONS = [
    "IPC 370", "BNS 143", "IPC 370A", "BNS 144", "IPC 372", "BNS 98", "IPC 373", "BNS 99", "IPC 363", "BNS 137(2)",
    "IPC 363A", "BNS 139", "IPC 366A", "BNS 96", "IPC 366B", "BNS 141", "IPC 368", "BNS 142", "IPC 374", "BNS 146",
    "IPC 228A", "BNS 72", "POCSO 4", "POCSO 6", "POCSO 8", "POCSO 10", "POCSO 12", "POCSO 14", "POCSO 21",
    "POCSO 23", "JJ2015 74", "JJ2015 75", "JJ2015 76", "JJ2015 79", "JJ2015 81", "ITPA 5", "ITPA 6", "CALA 14",
    "BLSA 16", "BLSA 17", "BLSA 18", "PCMA 9", "PCMA 10", "PCMA 11",
]  # fmt: skip


def _load(acts=ACTS_FILE, offences=OFFENCES_FILE):
    return load_catalogue(act_model=Act, offence_model=Offence, revision_model=OffenceRevision, acts_path=acts,
                          offences_path=offences)  # fmt: skip


def _admin():
    return UserFactory.create(role=Role.ADMINISTRATOR, jurisdiction_kind=JurisdictionKind.NATIONAL)


def test_the_file_covers_every_section_domain_names_and_the_periods_follow_the_rule():
    offences = read_offences(OFFENCES_FILE, acts=read_acts(ACTS_FILE))
    cited = {f"{act} {section}" for act, section, _ in offences}
    assert set(DOMAIN_SECTIONS) <= cited
    for (act, section, _), values in offences.items():
        if values["chargesheet_days"] is not None:
            expected = chargesheet_days_for(death_penalty=values["death_penalty"],
                                            life_imprisonment=values["life_imprisonment"],
                                            max_imprisonment_months=values["max_imprisonment_months"])  # fmt: skip
            assert values["chargesheet_days"] == expected, f"{act} {section}"
        if values["is_verified"]:
            assert "DOMAIN.md" in values["source"], f"{act} {section} is marked verified without DOMAIN.md"
        if values["corresponds_to"]:
            counterpart = values["corresponds_to"]
            assert any(
                v["corresponds_to"] == f"{act} {section}"
                for (a, s, _), v in offences.items()
                if f"{a} {s}" == counterpart
            ), f"{act} {section} -> {counterpart} is not mutual"


def test_the_migration_loaded_the_catalogue_with_dates_of_effect():
    bns = Offence.objects.get(act__code="BNS", section="143")
    ipc = Offence.objects.get(act__code="IPC", section="370")
    assert (bns.chargesheet_days, bns.corresponds_to, bns.is_verified) == (90, "IPC 370", True)
    assert str(bns.effective_from) == "2024-07-01" and str(ipc.effective_until) == "2024-06-30"
    assert (bns.min_imprisonment_months, bns.life_imprisonment) == (120, "life")
    assert Offence.objects.get(act__code="BNS", section="137(2)").chargesheet_days == 60
    assert Offence.objects.filter(is_verified=False).exists()


def test_a_second_load_changes_nothing():
    revisions = OffenceRevision.objects.count()
    report = _load()
    assert not report.changed and not report.conflicts
    assert len(report.unchanged) == Offence.objects.count()
    assert OffenceRevision.objects.count() == revisions


def test_the_command_reports_counts(capsys):
    call_command("prosecution", "load-offences")
    assert "0 created, 0 updated" in capsys.readouterr().out


def _edited_copy(tmp_path: Path, section: str, **changes: str) -> Path:
    target = tmp_path / "offences.csv"
    with OFFENCES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if f"{row['act']} {row['section']}" == section:
            row.update(changes)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


def test_a_correction_is_kept_with_history_and_a_conflicting_file_change_is_reported(tmp_path):
    admin = _admin()
    offence = Offence.objects.get(act__code="BNS", section="144")
    revision = offence_correct(actor=actor_for(admin), offence=offence, changes={"chargesheet_days": 60},
                               reason="High Court of this state: 60 days for a 10-year maximum")  # fmt: skip
    assert revision is not None
    assert revision.before == {"chargesheet_days": 90} and revision.after == {"chargesheet_days": 60}
    assert revision.changed_by == admin and revision.kind == "correction"
    assert not _load().conflicts  # the file did not change: the correction stands
    offence.refresh_from_db()
    assert offence.chargesheet_days == 60

    edited = _edited_copy(tmp_path, "BNS 144", chargesheet_days="90", title="Exploitation of a trafficked person (r)")
    shutil.copy(edited, tmp_path / "same.csv")
    # Unchanged in the file (90 both times) → still no conflict, but the title change is loaded.
    report = _load(offences=edited)
    assert report.updated == ["BNS 144 (from 2024-07-01)"] and not report.conflicts
    offence.refresh_from_db()
    assert (offence.chargesheet_days, offence.title) == (60, "Exploitation of a trafficked person (r)")
    assert OffenceRevision.objects.filter(offence=offence, kind="file").get().after == {
        "title": "Exploitation of a trafficked person (r)"
    }
    # Now the file says something else again for the corrected field: a conflict, the correction kept.
    conflicting = _edited_copy(tmp_path, "BNS 144", title="Exploitation of a trafficked person (r)",
                               max_imprisonment="10y", chargesheet_days="")  # fmt: skip
    report = _load(offences=conflicting)
    assert report.conflicts == [("BNS 144 (from 2024-07-01)", "chargesheet_days")]
    offence.refresh_from_db()
    assert offence.chargesheet_days == 60
    assert _load(offences=conflicting).conflicts == report.conflicts  # reported until reconciled


def test_only_catalogue_managers_correct_and_bad_values_are_refused():
    offence = Offence.objects.get(act__code="BNS", section="143")
    officer = UserFactory.create(role=Role.LEGAL_OFFICER, jurisdiction_kind=JurisdictionKind.NATIONAL)
    with pytest.raises(PermissionDenied):
        offence_correct(actor=actor_for(officer), offence=offence, changes={"title": "x"}, reason="r")
    with pytest.raises(ValidationError) as refused:
        offence_correct(actor=actor_for(_admin()), offence=offence, changes={"chargesheet_days": 45}, reason="r")
    assert "chargesheet_days" in refused.value.message_dict
    offence.refresh_from_db()
    assert offence.chargesheet_days == 90 and not OffenceRevision.objects.filter(kind="correction").exists()


def test_a_malformed_file_names_the_line_and_column(tmp_path):
    bad = _edited_copy(tmp_path, "BNS 143", max_imprisonment="ten years")
    with pytest.raises(CatalogueError, match=r"offences.csv line 2, column max_imprisonment"):
        _load(offences=bad)


def test_catalogue_load_service_is_idempotent():
    assert not catalogue_load().changed
