"""Reading Local Government Directory CSV exports (states, districts, sub-districts).

Parsing and validation only; nothing here touches the database. The layouts are those of the LGD site's
exports (also ``shared/data/lgd``). Headers are matched loosely (case, spacing, punctuation and the
"(In English)" suffix of newer exports do not matter), so that both old and new exports read alike.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class LgdKind(StrEnum):
    STATE = "state"
    DISTRICT = "district"
    SUBDISTRICT = "subdistrict"


# Parents before children, so that one command can import a state file and its district file together.
KIND_ORDER = {LgdKind.STATE: 0, LgdKind.DISTRICT: 1, LgdKind.SUBDISTRICT: 2}


class LgdFileError(ValueError):
    """A file that cannot be imported; names the file, the row (spreadsheet numbering) and the column."""

    def __init__(self, filename: str, message: str, *, row: int | None = None, column: str | None = None):
        self.filename, self.row, self.column, self.message = filename, row, column, message
        where = filename
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class LgdRow:
    row: int
    lgd_code: int
    name: str
    version: int | None
    census_2001_code: str
    census_2011_code: str
    parent_code: int | None  # the state for a district, the district for a sub-district
    state_code: int | None
    is_union_territory: bool = False


@dataclass(frozen=True)
class LgdFile:
    filename: str
    kind: LgdKind
    rows: list[LgdRow]


def _normalise_header(header: str) -> str:
    text = header.lower().replace("(in english)", " ")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


# normalised header -> field, per kind. The first occurrence of a header wins (state files repeat "State Name").
_COLUMNS: dict[LgdKind, dict[str, str]] = {
    LgdKind.STATE: {
        "state code": "lgd_code",
        "state lgd code": "lgd_code",
        "state version": "version",
        "state name": "name",
        "census 2001 code": "census_2001_code",
        "census 2011 code": "census_2011_code",
        "state or ut": "state_or_ut",
    },
    LgdKind.DISTRICT: {
        "state code": "state_code",
        "state lgd code": "state_code",
        "district code": "lgd_code",
        "district lgd code": "lgd_code",
        "district name": "name",
        "census 2001 code": "census_2001_code",
        "census 2011 code": "census_2011_code",
    },
    LgdKind.SUBDISTRICT: {
        "state code": "state_code",
        "state lgd code": "state_code",
        "district code": "parent_code",
        "district lgd code": "parent_code",
        "sub district code": "lgd_code",
        "sub district lgd code": "lgd_code",
        "subdistrict code": "lgd_code",
        "sub district version": "version",
        "sub district name": "name",
        "subdistrict name": "name",
        "census 2001 code": "census_2001_code",
        "census 2011 code": "census_2011_code",
    },
}
_REQUIRED: dict[LgdKind, set[str]] = {
    LgdKind.STATE: {"lgd_code", "name"},
    LgdKind.DISTRICT: {"state_code", "lgd_code", "name"},
    LgdKind.SUBDISTRICT: {"parent_code", "lgd_code", "name"},
}
_DISPLAY: dict[LgdKind, dict[str, str]] = {
    LgdKind.STATE: {"lgd_code": "State Code", "name": "State Name"},
    LgdKind.DISTRICT: {"state_code": "State Code", "lgd_code": "District Code", "name": "District Name"},
    LgdKind.SUBDISTRICT: {
        "parent_code": "District Code",
        "lgd_code": "Sub-district Code",
        "name": "Sub-district Name",
    },
}
MAX_NAME_LENGTH = 100


def detect_kind(headers: Iterable[str]) -> LgdKind | None:
    normalised = {_normalise_header(h) for h in headers}
    if normalised & {"sub district code", "sub district lgd code", "subdistrict code"}:
        return LgdKind.SUBDISTRICT
    if normalised & {"district code", "district lgd code"}:
        return LgdKind.DISTRICT
    if normalised & {"state code", "state lgd code"}:
        return LgdKind.STATE
    return None


def _decode(filename: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise LgdFileError(filename, f"not UTF-8 text (invalid byte at line {line})") from None


def _census_code(value: str) -> str:
    value = value.strip()
    # LGD writes 0, 00000 or nothing for "no Census code" (districts formed after 2011).
    return "" if not value or set(value) == {"0"} else value


def parse_lgd(filename: str, data: bytes) -> LgdFile:
    """Parse and validate one LGD export. Raises ``LgdFileError`` on the first problem found."""
    reader = csv.reader(io.StringIO(_decode(filename, data), newline=""))
    try:
        headers = next(reader)
    except StopIteration:
        raise LgdFileError(filename, "the file is empty") from None
    except csv.Error as error:
        raise LgdFileError(filename, f"not a CSV file ({error})", row=1) from None
    kind = detect_kind(headers)
    if kind is None:
        raise LgdFileError(filename, "not an LGD states, districts or sub-districts export (no code column)", row=1)
    columns = _COLUMNS[kind]
    positions: dict[str, tuple[int, str]] = {}
    for index, header in enumerate(headers):
        field = columns.get(_normalise_header(header))
        if field and field not in positions:
            positions[field] = (index, header.strip())
    missing = _REQUIRED[kind] - positions.keys()
    if missing:
        names = ", ".join(sorted(_DISPLAY[kind][m] for m in missing))
        raise LgdFileError(filename, f"missing column(s) for a {kind} file: {names}", row=1)

    rows: list[LgdRow] = []
    seen: dict[int, int] = {}
    try:
        for row_number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(record) < len(headers):
                raise LgdFileError(filename, f"has {len(record)} fields, the header has {len(headers)}", row=row_number)
            parsed = _parse_row(filename, kind, positions, record, row_number)
            if parsed.lgd_code in seen:
                raise LgdFileError(
                    filename,
                    f"code {parsed.lgd_code} already appears in row {seen[parsed.lgd_code]}",
                    row=row_number,
                    column=positions["lgd_code"][1],
                )
            seen[parsed.lgd_code] = row_number
            rows.append(parsed)
    except csv.Error as error:
        raise LgdFileError(filename, f"malformed CSV ({error})", row=reader.line_num) from None
    if not rows:
        raise LgdFileError(filename, "the file has a header but no rows")
    return LgdFile(filename=filename, kind=kind, rows=rows)


def _parse_row(
    filename: str, kind: LgdKind, positions: dict[str, tuple[int, str]], record: list[str], row: int
) -> LgdRow:
    def cell(field: str) -> str:
        if field not in positions:
            return ""
        return record[positions[field][0]].strip()

    def code(field: str, *, required: bool) -> int | None:
        value = cell(field)
        if not value and not required:
            return None
        if not value.isdigit() or int(value) == 0:
            shown = value or "empty"
            raise LgdFileError(
                filename, f"expected a positive whole number, found {shown!r}", row=row, column=positions[field][1]
            )
        return int(value)

    name = cell("name")
    if not name:
        raise LgdFileError(filename, "the name is empty", row=row, column=positions["name"][1])
    if len(name) > MAX_NAME_LENGTH:
        raise LgdFileError(
            filename, f"the name is longer than {MAX_NAME_LENGTH} characters", row=row, column=positions["name"][1]
        )
    census = {}
    for field in ("census_2001_code", "census_2011_code"):
        value = _census_code(cell(field))
        if value and (not value.isdigit() or len(value) > 10):
            raise LgdFileError(filename, f"not a Census code: {value!r}", row=row, column=positions[field][1])
        census[field] = value
    state_or_ut = cell("state_or_ut").upper()
    if state_or_ut not in {"", "S", "U"}:
        raise LgdFileError(
            filename, f"expected S or U, found {state_or_ut!r}", row=row, column=positions["state_or_ut"][1]
        )
    lgd_code = code("lgd_code", required=True)
    assert lgd_code is not None
    parent_field = {LgdKind.STATE: None, LgdKind.DISTRICT: "state_code", LgdKind.SUBDISTRICT: "parent_code"}[kind]
    return LgdRow(
        row=row,
        lgd_code=lgd_code,
        name=name,
        version=code("version", required=False),
        census_2001_code=census["census_2001_code"],
        census_2011_code=census["census_2011_code"],
        parent_code=code(parent_field, required=True) if parent_field else None,
        state_code=code("state_code", required=False) if kind != LgdKind.STATE else None,
        is_union_territory=state_or_ut == "U",
    )


def parse_lgd_path(path: Path) -> LgdFile:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LgdFileError(str(path), f"cannot be read ({error.strerror})") from None
    return parse_lgd(str(path), data)
