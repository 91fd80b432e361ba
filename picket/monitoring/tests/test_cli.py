import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from picket.monitoring.interchange import ScanError, read_ads, run_scan

HEADER = "id,source,posted_at,city,text\n"
GOOD = (
    HEADER
    + 'a1,classifieds,2026-03-01,Delhi,"Girls 14-16 yrs for house work, salary to parents. Call 90000 12345"\n'
    + 'a2,jobportal,2026-03-02T10:15:00+05:30,Patna,"Receptionist wanted, PF and ESI, call 80000-54321 or 7000011111"\n'
    + 'a3,social,2026-03-03,Noida,"Girls 15-17 yrs for house work, salary to parents. Call nine zero zero zero zero one two three four five"\n'  # noqa: E501
)


def run(tmp_path: Path, content: str | bytes, *args: str) -> tuple[Path, io.StringIO, io.StringIO]:
    source = tmp_path / "ads.csv"
    source.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    out, err = io.StringIO(), io.StringIO()
    call_command("monitor", "scan", "--ads", str(source), "--out", str(tmp_path / "out"), "--workers", "1",
                 *args, stdout=out, stderr=err)  # fmt: skip
    return tmp_path / "out", out, err


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8", newline="")))


def test_scan_writes_both_files_in_the_documented_format(tmp_path):
    out, stdout, _ = run(tmp_path, GOOD)
    assert (out / "ads.csv").read_text(encoding="utf-8").splitlines()[0] == "id,risk_score,flagged,indicators,phones"
    ads = rows(out / "ads.csv")
    assert [r["id"] for r in ads] == ["a1", "a2", "a3"]
    assert ads[0]["flagged"] == "1" and ads[1]["flagged"] == "0"
    assert ads[0]["indicators"].split("|")[:2] == ["minor_age", "wages_to_family"]
    assert ads[1]["phones"] == "8000054321;7000011111"
    assert all(len(r["risk_score"].split(".")[1]) == 4 for r in ads)
    networks = rows(out / "networks.csv")
    assert (out / "networks.csv").read_text(encoding="utf-8").splitlines()[0] == "id,network_id"
    by_id = {r["id"]: r["network_id"] for r in networks}
    assert by_id["a1"] == by_id["a3"] != "" and by_id["a2"] == ""
    assert "read 3 ad(s)" in stdout.getvalue()
    assert b"\r" not in (out / "ads.csv").read_bytes()


def test_threshold_option(tmp_path):
    out, _, _ = run(tmp_path, GOOD, "--threshold", "0.99")
    assert [r["flagged"] for r in rows(out / "ads.csv")] == ["0", "0", "0"]


def test_rows_that_cannot_be_read_are_listed_and_exit_1(tmp_path):
    content = (
        GOOD + "a4,x,2026-13-01,Delhi,hello\na5,x,2026-03-01,Delhi,\na1,x,2026-03-01,Delhi,again\na6,x,2026-03-01\n"
    )
    with pytest.raises(CommandError) as raised:
        run(tmp_path, content)
    assert raised.value.returncode == 1
    out = tmp_path / "out"
    assert [r["id"] for r in rows(out / "ads.csv")] == ["a1", "a2", "a3"]


def test_left_out_rows_are_named(tmp_path):
    data = (GOOD + "a4,x,2026-13-01,Delhi,hello\na5,x,2026-03-01,Delhi,\na1,x,2026-03-01,Delhi,again\na6,x\n").encode()
    result = read_ads(data)
    assert [str(p) for p in result.left_out] == [
        "ads.csv, row 5, column 'posted_at': '2026-13-01' is not a date (YYYY-MM-DD) or an ISO 8601 date and time",
        "ads.csv, row 6, column 'text': is empty",
        "ads.csv, row 7, column 'id': the same id is also in row 2",
        "ads.csv, row 8: has 2 fields, the header has 5",
    ]


def test_stderr_lists_the_rows(tmp_path):
    source = tmp_path / "ads.csv"
    source.write_text(GOOD + "a9,x,tomorrow,Delhi,hello\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("monitor", "scan", "--ads", str(source), "--out", str(tmp_path / "o"), "--workers", "1",
                     stdout=io.StringIO(), stderr=err)  # fmt: skip
    assert "row 5, column 'posted_at'" in err.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,source,posted_at,city\na,x,2026-01-01,Delhi\n", "row 1, column 'text': missing column(s): text"),
        (HEADER + 'a1,x,2026-01-01,Delhi,"unclosed\n', "malformed CSV"),
        ("", "the file is empty"),
        (HEADER.encode("utf-16"), "UTF-16"),
        ((HEADER + "a1,x,2026-01-01,Delhi,Caf\xe9 staff\n").encode("latin-1"), "row 2, column 'text': not UTF-8"),
    ],
)
def test_files_that_cannot_be_read_exit_2_and_write_nothing(tmp_path, content, message):
    with pytest.raises(CommandError) as raised:
        run(tmp_path, content)
    assert raised.value.returncode == 2
    assert message in str(raised.value)
    assert not (tmp_path / "out").exists()


def test_run_scan_refuses_an_output_that_is_a_file(tmp_path):
    source = tmp_path / "ads.csv"
    source.write_text(GOOD, encoding="utf-8")
    (tmp_path / "taken").write_text("x")
    with pytest.raises(ScanError, match="not a directory"):
        run_scan(ads=source, out=tmp_path / "taken", workers=1)


def test_bom_extra_columns_and_any_order_are_accepted(tmp_path):
    content = "\ufefftext,ID,extra,city,posted_at,source\n" + '"Call 90000 12345",b1,z,Delhi,,site\n'
    out, _, _ = run(tmp_path, content)
    assert rows(out / "ads.csv")[0]["phones"] == "9000012345"
