"""``picket tracing link|dedupe`` and the interchange files: exact headers, limits, and bad input."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from picket.tracing.interchange import (
    DUPLICATES_HEADER,
    FOUND_COLUMNS,
    MATCHES_HEADER,
    MISSING_COLUMNS,
    InterchangeError,
    read_records,
    run_calibrate,
    run_dedupe,
    run_link,
)
from picket.tracing.management.commands.tracing import Command
from picket.tracing.synthetic import dedupe_dataset, link_dataset

TODAY = datetime.date(2026, 11, 28)

MISSING_ROWS = [
    ["M-1", "Pooja Kumari", "Ramesh Yadav", "Sunita Devi", "F", "12", "2025-01-05", "Bihar", "Gaya", "Belaganj",
     "Magahi", "burn mark left hand", "9876543210"],
    ["M-2", "राहुल कुमार", "सुरेश पासवान", "", "M", "9", "2024-06-01", "Jharkhand", "Ranchi", "", "Sadri", "", ""],
    ["M-3", "Pooja Kumari", "Ramesh Yadav", "Sunita Devi", "F", "12", "2025-01-07", "Bihar", "Patna", "", "", "",
     "9876543210"],
    ["M-4", "Salma Khatun", "Mohd Anwar", "", "F", "15", "2023-03-10", "West Bengal", "Malda", "", "Bangla", "", ""],
]  # fmt: skip
FOUND_ROWS = [
    ["F-1", "पूजा", "रमेश", "", "F", "14", "2026-10-01", "Maharashtra", "Mumbai", "station", "Hindi",
     "बाएं हाथ पर जलने का निशान", "", "Bihar", "गया"],
    ["F-2", "Chhotu", "Suresh", "", "M", "11", "2025-09-01", "Delhi", "New Delhi", "", "Hindi", "", "", "Jharkhand",
     "Ranchi"],
    ["F-3", "Sunny", "", "", "M", "6", "2025-02-01", "Punjab", "Ludhiana", "", "", "", "", "", ""],
]  # fmt: skip


def write_csv(
    path: Path, header: tuple[str, ...] | list[str], rows: list[list[str]], *, encoding: str = "utf-8"
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write_csv(tmp_path / "missing.csv", MISSING_COLUMNS, MISSING_ROWS),
        write_csv(tmp_path / "found.csv", FOUND_COLUMNS, FOUND_ROWS),
    )


def read_out(path: Path) -> tuple[str, list[list[str]]]:
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    return text.split("\n", 1)[0], rows[1:]


def test_link_writes_exactly_the_interchange_columns(files, tmp_path):
    missing, found = files
    out = tmp_path / "matches.csv"
    report = run_link(missing=missing, found=found, out=out, today=TODAY)
    header, rows = read_out(out)
    assert header == "missing_id,found_id,score,decision" == ",".join(MATCHES_HEADER)
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert all(len(row) == 4 for row in rows)
    assert all(0.0 <= float(score) <= 1.0 and len(score.split(".")[1]) == 4 for _, _, score, _ in rows)
    assert {decision for *_, decision in rows} <= {"match", "possible"}
    assert rows[0][:2] == ["M-1", "F-1"] and rows[0][3] == "match"
    assert ["M-2", "F-2"] in [row[:2] for row in rows]
    assert report.read == {"missing report(s)": 4, "found child(ren)": 3}
    assert report.without_candidates == 1  # "Sunny" resembles no report
    assert "Wrote" in report.summary() and "1 found child(ren) without a candidate" in report.summary()


def test_link_keeps_at_most_ten_candidates_per_found_child_best_first(tmp_path):
    data = link_dataset(5, missing=150, found=40)
    twins = [[f"T-{k}", "Pooja Kumari", "Ramesh", "", "F", "12", "2025-01-05", "Bihar", "Gaya", "", "", "", ""]
             for k in range(14)]  # fmt: skip
    missing = write_csv(tmp_path / "missing.csv", MISSING_COLUMNS, [_cells(r) for r in data.missing] + twins)
    found = write_csv(tmp_path / "found.csv", FOUND_COLUMNS, [_cells(r, found=True) for r in data.found] + FOUND_ROWS)
    out = tmp_path / "matches.csv"
    run_link(missing=missing, found=found, out=out, today=TODAY)
    _, rows = read_out(out)
    per_child = Counter(found_id for _, found_id, _, _ in rows)
    assert per_child["F-1"] == 10
    assert max(per_child.values()) <= 10
    scores = [float(score) for _, found_id, score, _ in rows if found_id == "F-1"]
    assert scores == sorted(scores, reverse=True)


def _cells(record, *, found: bool = False) -> list[str]:
    values = [record.record_id, record.name, record.father_name, record.mother_name, record.gender,
              "" if record.age is None else str(record.age), record.date.isoformat() if record.date else "",
              record.state, record.district, record.place, record.language, record.marks, record.phone]  # fmt: skip
    return [*values, record.home_state, record.home_district] if found else values


def test_dedupe_writes_pairs_of_reports_of_the_same_child(tmp_path):
    sister = ["M-5", "Rekha Kumari", "Ramesh Yadav", "Sunita Devi", "F", "10", "2025-01-05", "Bihar", "Gaya",
              "Belaganj", "Magahi", "", "9876543210"]  # fmt: skip
    missing = write_csv(tmp_path / "missing.csv", MISSING_COLUMNS, [*MISSING_ROWS, sister])
    out = tmp_path / "duplicates.csv"
    report = run_dedupe(missing=missing, out=out, today=TODAY)
    header, rows = read_out(out)
    assert header == ",".join(DUPLICATES_HEADER) == "missing_id,duplicate_id,score,decision"
    assert rows[0][:2] == ["M-1", "M-3"] and rows[0][3] == "match"
    assert {tuple(row[:2]) for row in rows} == {("M-1", "M-3")}
    assert report.matches == 1


def test_dedupe_on_a_synthetic_file_finds_duplicates_and_few_false_ones(tmp_path):
    data = dedupe_dataset(9, reports=300)
    missing = write_csv(tmp_path / "missing.csv", MISSING_COLUMNS, [_cells(r) for r in data.missing])
    out = tmp_path / "duplicates.csv"
    run_dedupe(missing=missing, out=out, today=TODAY)
    _, rows = read_out(out)
    matches = {frozenset(row[:2]) for row in rows if row[3] == "match"}
    assert len(matches & data.truth) >= 0.5 * len(data.truth)
    assert len(matches - data.truth) <= max(1, 0.1 * len(matches))


# --- bad input -------------------------------------------------------------------------------------------------


def test_a_missing_column_is_an_error_naming_it(tmp_path, files):
    _, found = files
    header = [c for c in MISSING_COLUMNS if c != "date"]
    missing = write_csv(tmp_path / "bad.csv", header, [row[:6] + row[7:] for row in MISSING_ROWS])
    with pytest.raises(InterchangeError) as error:
        run_link(missing=missing, found=found, out=tmp_path / "out.csv", today=TODAY)
    assert (error.value.row, error.value.column) == (1, "date")
    assert str(error.value) == "bad.csv, row 1, column 'date': missing column(s): date"
    assert not (tmp_path / "out.csv").exists()


def test_a_found_file_needs_the_home_columns():
    data = "\n".join([",".join(MISSING_COLUMNS), ",".join(MISSING_ROWS[0])]).encode()
    with pytest.raises(InterchangeError, match="missing column\\(s\\): home_state, home_district"):
        read_records(data, "found", today=TODAY)


def test_a_file_that_is_not_utf8_is_an_error_naming_row_and_column(tmp_path):
    rows = [list(MISSING_ROWS[0]), list(MISSING_ROWS[3])]  # Latin script only, so that latin-1 can hold them
    rows[1][8] = "Maldá"
    path = write_csv(tmp_path / "latin1.csv", MISSING_COLUMNS, rows, encoding="latin-1")
    with pytest.raises(InterchangeError) as error:
        read_records(path.read_bytes(), "missing", filename=path.name, today=TODAY)
    assert (error.value.row, error.value.column) == (3, "district")
    assert "not UTF-8" in str(error.value) and "latin1.csv, row 3, column 'district'" in str(error.value)


def test_utf16_is_refused_and_a_bom_is_accepted(tmp_path):
    text = "\n".join([",".join(MISSING_COLUMNS), ",".join(MISSING_ROWS[0])])
    with pytest.raises(InterchangeError, match="UTF-16"):
        read_records(text.encode("utf-16"), "missing", today=TODAY)
    assert [r.record_id for r in read_records(b"\xef\xbb\xbf" + text.encode(), "missing", today=TODAY).records] == [
        "M-1"
    ]


def test_unparseable_cells_make_the_row_unscorable_and_the_rest_is_scored(tmp_path, files):
    _, found = files
    rows = [list(row) for row in MISSING_ROWS]
    rows[1][5] = "nine"  # age
    rows[2][6] = "07/01/2025"  # date
    rows[3][4] = "Female"  # gender
    rows.append(["M-1", "Duplicate", "", "", "F", "3", "2025-01-01", "Bihar", "Gaya", "", "", "", ""])
    rows.append(["M-9", "Too", "few"])
    missing = write_csv(tmp_path / "missing.csv", MISSING_COLUMNS, rows)
    out = tmp_path / "matches.csv"
    report = run_link(missing=missing, found=found, out=out, today=TODAY)
    problems = [(p.row, p.column, p.message) for p in report.unscorable]
    assert problems == [
        (3, "age", "'nine' is not a whole number of years"),
        (4, "date", "'07/01/2025' is not a date of the form YYYY-MM-DD"),
        (5, "gender", "'Female' is not M, F or X (or empty)"),
        (6, "record_id", "the same record_id is also in row 2"),
        (7, None, "has 3 fields, the header has 13"),
    ]
    assert report.read["missing report(s)"] == 1
    assert "not scored: missing.csv, row 3, column 'age': 'nine' is not a whole number of years" in report.problems()
    _, written = read_out(out)
    assert written[0][:2] == ["M-1", "F-1"]


def test_ages_dates_and_phones_out_of_range(tmp_path):
    rows = [list(row) for row in MISSING_ROWS[:1]] * 4
    rows = [[f"M-{k}", *row[1:]] for k, row in enumerate(rows)]
    rows[0][5] = "30"
    rows[1][6] = "2031-01-01"
    rows[2][6] = "2025-02-30"
    rows[3][12] = "98765"
    result = read_records(
        write_csv(tmp_path / "m.csv", MISSING_COLUMNS, rows).read_bytes(), "missing", filename="m.csv", today=TODAY
    )
    assert [(p.row, p.column, p.message) for p in result.unscorable] == [
        (2, "age", "30 is not between 0 and 25"),
        (3, "date", "2031-01-01 is in the future"),
        (4, "date", "'2025-02-30' is not a date of the form YYYY-MM-DD"),
    ]
    assert [(p.row, p.column) for p in result.warnings] == [(5, "phone")]
    assert [r.record_id for r in result.records] == ["M-3"]


def test_messages_never_quote_a_name(tmp_path):
    rows = [list(row) for row in MISSING_ROWS[:1]]
    rows[0][5] = "Pooja Kumari Yadav"  # a name in the age column
    result = read_records(write_csv(tmp_path / "m.csv", MISSING_COLUMNS, rows).read_bytes(), "missing", today=TODAY)
    assert "Pooja" not in str(result.unscorable[0])


# --- the command (a thin wrapper: called with the command object, as the app is not installed yet) -----------


def test_the_command_prints_problems_and_a_summary(files, tmp_path):
    missing, found = files
    out, err = io.StringIO(), io.StringIO()
    call_command(Command(), "link", "--missing", str(missing), "--found", str(found), "--out",
                 str(tmp_path / "m.csv"), stdout=out, stderr=err)  # fmt: skip
    assert out.getvalue().startswith("link: read 4 missing report(s), 3 found child(ren).")
    assert err.getvalue() == ""
    call_command(Command(), "dedupe", "--missing", str(missing), "--out", str(tmp_path / "d.csv"), stdout=out)
    assert read_out(tmp_path / "d.csv")[0] == "missing_id,duplicate_id,score,decision"


def test_the_command_exits_2_on_a_file_it_cannot_read(tmp_path, files):
    _, found = files
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"record_id,name\nM-1,\xe9\n")
    with pytest.raises(CommandError) as error:
        call_command(Command(), "link", "--missing", str(bad), "--found", str(found), "--out", str(tmp_path / "o.csv"))
    assert error.value.returncode == 2
    assert "row 2, column 'name'" in str(error.value)


def test_calibrate_writes_weights_the_link_command_reads(tmp_path):
    data = link_dataset(12, missing=200, found=80)
    missing = write_csv(tmp_path / "missing.csv", MISSING_COLUMNS, [_cells(r) for r in data.missing])
    found = write_csv(tmp_path / "found.csv", FOUND_COLUMNS, [_cells(r, found=True) for r in data.found])
    truth = write_csv(tmp_path / "truth.csv", ("missing_id", "found_id"), [list(pair) for pair in sorted(data.truth)])
    weights_file = tmp_path / "weights.json"
    _, pairs, true = run_calibrate(kind="link", missing=missing, found=found, truth=truth, out=weights_file)
    assert pairs > true > 0
    assert json.loads(weights_file.read_text())["kind"] == "link"
    report = run_link(missing=missing, found=found, out=tmp_path / "m.csv", weights=weights_file, today=TODAY)
    assert report.written > 0
    with pytest.raises(InterchangeError, match="not a weights file for 'dedupe'"):
        run_dedupe(missing=missing, out=tmp_path / "d.csv", weights=weights_file, today=TODAY)


def test_which_reports_are_compared_does_not_depend_on_the_order_of_the_keys(monkeypatch):
    """Two blocks of 100 reports each, as rare as each other, tie for the 100 places to be compared. Which block
    wins must not follow the order in which the found child's keys come (a set's order follows PYTHONHASHSEED,
    and ``tracing link``'s output with it)."""
    from array import array

    from picket.tracing import blocking
    from picket.tracing.records import Record, prepare

    reports = [prepare(Record(record_id=f"M-{n}", name="Pooja Kumari", gender="F", age=12)) for n in range(200)]
    index = blocking.Index(reports)
    index.blocks = {"k|a": array("i", range(0, 100)), "k|b": array("i", range(100, 200))}
    index.refined = {}
    found = prepare(Record(record_id="F-1", name="पूजा", gender="F", age=13))
    chosen = []
    for order in (["k|a", "k|b"], ["k|b", "k|a"]):
        monkeypatch.setattr(blocking, "query_keys_of", lambda p, kind, order=order: order)
        chosen.append(index.candidates(found, "link", limit=100))
    assert chosen[0] == chosen[1] == list(range(100))
