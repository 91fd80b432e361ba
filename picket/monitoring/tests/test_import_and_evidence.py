"""``picket monitor import``: good files, bad rows reported exactly, refused files, all-or-nothing; evidence
reads checked against their digests."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from picket.accounts.roles import Role
from picket.monitoring.models import Ad, Capture, CustodyEvent, Source
from picket.monitoring.services_evidence import capture_read
from picket.monitoring.tests.storage_helpers import RISKY, analyst, ingest, local_source

pytestmark = pytest.mark.django_db

GOOD = (
    "id,source,posted_at,city,text\n"
    "a1,Jobs board,2025-01-02,,Girls 14-16 yrs wanted for house work salary to parents call 9000012345\n"
    "a2,Jobs board,2025-01-03,,Accountant wanted salary to bank account PF and ESI\n"
)


def _run(tmp_path, content: bytes, *args: str, user: str) -> tuple[int, str]:
    path = tmp_path / "ads.csv"
    path.write_bytes(content)
    try:
        call_command("monitor", "import", "--as", user, *args, str(path))
    except CommandError as error:
        return error.returncode, str(error)
    return 0, ""


def test_a_file_is_imported_and_a_second_import_recognises_every_ad(world, tmp_path, capsys):
    user = world.user(Role.MONITORING_ANALYST, inside=True)
    assert _run(tmp_path, GOOD.encode(), user=user.username) == (0, "")
    assert "2 ad(s) read: 2 new" in capsys.readouterr().out
    assert Ad.objects.count() == 2 and Source.objects.get().name == "Jobs board"
    assert _run(tmp_path, GOOD.encode(), user=user.username) == (0, "")
    assert "0 new, 2 already known" in capsys.readouterr().out
    assert Ad.objects.count() == 2 and Capture.objects.count() == 2


def test_bad_rows_are_reported_exactly_and_the_others_imported(world, tmp_path, capsys):
    user = world.user(Role.MONITORING_ANALYST, inside=True)
    bad = GOOD + "a3,Jobs board,2099-01-01,,Future ad\na4,Jobs board,,,\n"
    code, _message = _run(tmp_path, bad.encode(), user=user.username)
    err = capsys.readouterr().err
    assert code == 1 and Ad.objects.count() == 2
    assert "ads.csv, row 4, column 'posted_at'" in err and "ads.csv, row 5, column 'text': is empty" in err


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(world, tmp_path, capsys):
    user = world.user(Role.MONITORING_ANALYST, inside=True)
    code, _message = _run(tmp_path, (GOOD + "a1,x,,,duplicate id\n").encode(), "--all-or-nothing", user=user.username)
    assert code == 1 and not Ad.objects.exists() and not Capture.objects.exists()
    assert "nothing imported" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content",
    [b"", b"id,text\nx,y\n", GOOD.encode("utf-16"), b'id,source,posted_at,city,text\n"a1,unclosed\n'],
    ids=["empty", "missing columns", "utf-16", "malformed"],
)
def test_a_refused_file_imports_nothing(world, tmp_path, content):
    user = world.user(Role.MONITORING_ANALYST, inside=True)
    code, message = _run(tmp_path, content, user=user.username)
    assert code == 2 and "Nothing was imported" in message
    assert not Ad.objects.exists() and not Capture.objects.exists()


def test_only_a_monitoring_analyst_imports(world, tmp_path):
    user = world.user(Role.DISTRICT_COORDINATOR, inside=True)
    code, message = _run(tmp_path, GOOD.encode(), user=user.username)
    assert code == 2 and "may not import" in message and not Ad.objects.exists()


def test_reading_a_capture_checks_its_digest_and_records_custody(world):
    actor = analyst(world)
    ingest(actor, local_source(world), RISKY)
    capture = Capture.objects.get()
    assert capture_read(actor=actor, capture=capture) == RISKY.encode()
    assert list(CustodyEvent.objects.values_list("kind", flat=True)) == ["captured", "viewed"]
    capture.sha256 = "0" * 64
    capture.save()
    with pytest.raises(Exception, match="digest"):
        capture_read(actor=actor, capture=capture)
