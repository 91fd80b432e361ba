"""Writing de-identified rows to CSV and XLSX, optionally inside an AES-256 encrypted zip.

Only ``DeidentifiedRow`` objects (from ``picket.privacy.deidentify``) are accepted, so nothing reaches a file
without passing through a policy or a suppressed table. Text that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, tab or carriage return, also after leading spaces) is prefixed with ``'``
(OWASP "CSV injection"). Numbers stay numbers.

The caller logs each export through the audit app; ``ExportResult`` carries the row count and the SHA-256 of the
delivered bytes for that entry. See docs/adr/0007-de-identification.md.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Literal
from xml.sax.saxutils import escape

import pyzipper
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from picket.privacy.deidentify import DeidentifiedRow

MIN_PASSWORD_LENGTH = 12
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")  # and their full-width forms
# Characters XML 1.0 cannot carry (and CSV readers choke on): C0 controls other than tab/LF/CR, lone
# surrogates, U+FFFE and U+FFFF. They are removed, not escaped.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")

ExportFormat = Literal["csv", "xlsx"]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


class ExportError(ValueError):
    """An export refused before any data was written; ``field`` names the offending argument."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class ExportResult:
    filename: str
    content: bytes
    content_type: str
    row_count: int  # data rows, header excluded
    sha256: str  # hex digest of ``content``, for the audit entry

    def __repr__(self) -> str:  # never print the content
        return f"<ExportResult {self.filename} rows={self.row_count} sha256={self.sha256[:12]}…>"


def neutralise_formula(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would read as a formula or a DDE call."""
    if text[:1] in FORMULA_TRIGGERS or text.lstrip()[:1] in FORMULA_TRIGGERS:
        return "'" + text
    return text


def _text(value: str, column: str) -> str:
    value = _UNWRITABLE.sub("", value)
    if len(value) > MAX_CELL_TEXT:
        raise ExportError(column, f"a value is longer than {MAX_CELL_TEXT} characters")
    return neutralise_formula(value)


def _cell(value: Any, column: str) -> str | int | float | Decimal | bool | None:
    """A de-identified value as a spreadsheet value: text (neutralised), a finite number, a boolean or empty."""
    if value is None:
        return None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return _text(value, column)
    raise ExportError(column, f"cannot export a value of type {type(value).__name__}")


def _records(rows: Iterable[DeidentifiedRow], columns: Sequence[str]) -> Iterator[list[Any]]:
    if not columns or len(set(columns)) != len(columns):
        raise ExportError("columns", "name at least one column, each once")
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, DeidentifiedRow):
            raise TypeError(
                f"row {number}: exports accept only rows from deidentify_rows() or SuppressedTable.to_rows()"
            )
        yield [_cell(row.get(column), column) for column in columns]


def write_csv(rows: Iterable[DeidentifiedRow], columns: Sequence[str], stream: IO[str]) -> int:
    """Write a header and one line per row to a text stream (open it with ``newline=""``); return the row count.

    Keys of a row not in ``columns`` are not written; a column missing from a row is written empty.
    """
    records = _records(rows, columns)
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([_text(str(column), "columns") for column in columns])
    count = 0
    for record in records:
        writer.writerow(["" if v is None else v for v in record])
        count += 1
    return count


def write_xlsx(
    rows: Iterable[DeidentifiedRow],
    columns: Sequence[str],
    path_or_stream: str | Path | IO[bytes],
    *,
    sheet: str = "data",
) -> int:
    """Write an XLSX workbook with one sheet (header + one row per row); return the row count.

    The package (content types, workbook, styles) comes from an openpyxl write-only workbook. The sheet's cells
    are streamed straight into the zip by this module: openpyxl without lxml serialises about 100,000 cells a
    second, too slow for 100,000-row exports. Every text cell is an inline string (``t="inlineStr"``), never a
    formula; numbers are numbers (``t="n"``), booleans booleans. Memory stays constant in the row count.
    """
    records = _records(rows, columns)
    header = [_text(str(column), "columns") for column in columns]
    skeleton = io.BytesIO()
    workbook = Workbook(write_only=True)
    workbook.create_sheet(title=sheet)
    workbook.save(skeleton)
    letters = [get_column_letter(index) for index in range(1, len(columns) + 1)]
    count = 0
    with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(path_or_stream, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, part)
                continue
            before, after = _SHEET_DATA.split(part, maxsplit=1)
            with target.open(info.filename, "w") as out:
                out.write(before + b"<sheetData>")
                out.write(_xml_row(1, letters, header))
                chunk: list[bytes] = []
                for count, record in enumerate(records, start=1):
                    chunk.append(_xml_row(count + 1, letters, record))
                    if len(chunk) >= 1000:
                        out.write(b"".join(chunk))
                        chunk.clear()
                out.write(b"".join(chunk) + b"</sheetData>" + after)
    return count


def _xml_row(number: int, letters: Sequence[str], values: Sequence[Any]) -> bytes:
    cells = []
    for letter, value in zip(letters, values, strict=True):
        ref = f"{letter}{number}"
        if value is None:
            continue
        if isinstance(value, str):
            text = escape(value, {"\r": "&#13;"})
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        elif isinstance(value, bool):
            cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
        else:
            cells.append(f'<c r="{ref}" t="n"><v>{value}</v></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'.encode()


def _check_password(password: str | None) -> bytes | None:
    if password is None:
        return None
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise ExportError("password", f"must be at least {MIN_PASSWORD_LENGTH} characters")
    return password.encode("utf-8")


def export_package(
    rows: Iterable[DeidentifiedRow],
    columns: Sequence[str],
    *,
    fmt: ExportFormat,
    password: str | None = None,
    name: str = "picket-export",
) -> ExportResult:
    """Build an export file in memory: ``name.csv`` / ``name.xlsx``, or ``name.zip`` (AES-256) holding it.

    CSV is UTF-8 with a byte-order mark so that Excel shows Devanagari correctly. ``name`` must not carry
    personal data (letters, digits, ``.``, ``_``, ``-`` only). Arguments are checked before any row is read.
    The zip hides the file's content, not its name or size.
    """
    if fmt not in ("csv", "xlsx"):
        raise ExportError("fmt", "must be 'csv' or 'xlsx'")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", name):
        raise ExportError("name", "use letters, digits, '.', '_' and '-' only")
    secret = _check_password(password)
    buffer = io.BytesIO()
    if fmt == "csv":
        text = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="")
        row_count = write_csv(rows, columns, text)
        text.flush()
        text.detach()
    else:
        row_count = write_xlsx(rows, columns, buffer)
    filename, content, content_type = f"{name}.{fmt}", buffer.getvalue(), CONTENT_TYPES[fmt]
    if secret is not None:
        content = _encrypted_zip(filename, content, secret, compress=fmt == "csv")
        filename, content_type = f"{name}.zip", CONTENT_TYPES["zip"]
    return ExportResult(filename, content, content_type, row_count, hashlib.sha256(content).hexdigest())


def _encrypted_zip(filename: str, content: bytes, secret: bytes, *, compress: bool) -> bytes:
    """WinZip AES-256 (AE-2), readable by 7-Zip, WinZip and pyzipper; Windows Explorer's zip cannot open it."""
    buffer = io.BytesIO()
    method = pyzipper.ZIP_DEFLATED if compress else pyzipper.ZIP_STORED  # an XLSX is already compressed
    with pyzipper.AESZipFile(buffer, "w", compression=method, encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(secret)
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.writestr(filename, content)
    return buffer.getvalue()
