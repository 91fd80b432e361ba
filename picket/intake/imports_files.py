"""Reading import files: CSV in UTF-8, an .xlsx workbook, or a zip holding one CSV, into numbered rows."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass
from typing import Any

MAX_ROWS = 20_000
MAX_COLUMNS = 300
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024


class ImportFileError(ValueError):
    """A file refused as a whole (encoding, layout, missing columns); names the line or row and the column."""

    def __init__(self, filename: str, message: str, *, row: int | None = None, column: str | None = None):
        self.filename, self.message, self.row, self.column = filename, message, row, column
        where = filename + (f", row {row}" if row is not None else "") + (f", column '{column}'" if column else "")
        super().__init__(f"{where}: {message}")


# --- reading files ---------------------------------------------------------------------------------------------


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells); blank rows left out
    format: str
    member: str = ""  # the CSV taken from a zip


def _decode(filename: str, data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ImportFileError(filename, "the file is UTF-16 text; save it as 'CSV UTF-8' and import that")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(filename, f"not UTF-8 text (the first bad byte is on line {line}); "
                                        "save the file as 'CSV UTF-8' and import it again") from None  # fmt: skip
    if "\x00" in text:
        raise ImportFileError(filename, "not a text file")
    return text


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(filename: str, data: bytes) -> list[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFileError(filename, "not a readable .xlsx workbook") from None
    records: list[list[str]] = []
    try:
        # Bounded in both directions: a small workbook can claim a million rows or 16,384 columns.
        for values in workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True):
            records.append([_cell_text(v) for v in values])
            if len(records) > 2 * MAX_ROWS:
                raise ImportFileError(filename, f"more than {2 * MAX_ROWS} rows; split the file")
    except ImportFileError:
        raise
    except Exception:  # a damaged sheet fails while being read
        raise ImportFileError(filename, "not a readable .xlsx workbook") from None
    finally:
        workbook.close()
    return records


def _read_csv(filename: str, text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # KoboToolbox exports CSV with semicolons
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as error:
        raise ImportFileError(filename, f"malformed CSV ({error})", row=reader.line_num) from None


def check_row_count(filename: str, count: int, max_rows: int) -> None:
    if count > max_rows:
        hint = "split the file" if max_rows >= MAX_ROWS else "import it with 'picket intake import' or split it"
        raise ImportFileError(filename, f"{count} rows, more than the {max_rows} imported at once here; {hint}")


def read_table(filename: str, data: bytes, *, max_rows: int = MAX_ROWS) -> Table:
    """The rows of a CSV (UTF-8, with or without BOM), an .xlsx workbook (first sheet) or a zip with one CSV."""
    member, fmt = "", "csv"
    if data.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = archive.namelist()
        except zipfile.BadZipFile:
            raise ImportFileError(filename, "a damaged zip or .xlsx file") from None
        if "[Content_Types].xml" in names:
            records, fmt = _read_xlsx(filename, data), "xlsx"
        else:
            # ODK Central's CSV export: <form>.csv plus <form>-<repeat>.csv files and media; the main one is shortest.
            csvs = sorted((n for n in names if n.lower().endswith(".csv") and "/" not in n), key=len)
            if not csvs:
                raise ImportFileError(filename, "the zip holds no CSV file")
            member = csvs[0]
            if archive.getinfo(member).file_size > MAX_UNZIPPED_BYTES:
                raise ImportFileError(filename, f"{member} is larger than 100 MB unzipped")
            records, fmt = (
                _read_csv(f"{filename}/{member}", _decode(f"{filename}/{member}", archive.read(member))),
                "zip",
            )
    else:
        records = _read_csv(filename, _decode(filename, data))
    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportFileError(filename, "the file is empty or its first row (the header) is blank", row=1)
    header = [h.strip() for h in records[0]]
    while header and not header[-1]:
        header.pop()
    rows = [(number, cells) for number, cells in enumerate(records[1:], start=2) if any(c.strip() for c in cells)]
    if not rows:
        raise ImportFileError(filename, "the file has a header but no rows")
    check_row_count(filename, len(rows), max_rows)
    return Table(header=header, rows=rows, format=fmt, member=member)
