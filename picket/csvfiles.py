"""Strict reading and safe writing of the CSV files Picket's command lines exchange (tracing, monitoring).

A file is UTF-8 (with or without BOM) or it is refused, naming the row and, when the header could be read, the
column of the first bad byte; output is written next to its destination and moved into place, so a failed run
leaves no half-written file. Messages name places in the file, never the personal data in it.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


def where(filename: str, row: int | None, column: str | None) -> str:
    return filename + (f", row {row}" if row is not None else "") + (f", column '{column}'" if column else "") + ": "


class FileRefused(ValueError):
    """A file refused as a whole; names the file, and the row and column where known."""

    def __init__(self, filename: str, message: str, *, row: int | None = None, column: str | None = None):
        self.filename, self.message, self.row, self.column = filename, message, row, column
        super().__init__(where(filename, row, column) + message)


@dataclass(frozen=True)
class Problem:
    """A row left out or a cell ignored, and why."""

    filename: str
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        return where(self.filename, self.row, self.column) + self.message


class RowError(ValueError):
    """A row that cannot be used: the column at fault (if one) and why."""

    def __init__(self, column: str | None, message: str):
        self.column, self.message = column, message
        super().__init__(message)


def decode(filename: str, data: bytes, *, refused: type[FileRefused] = FileRefused) -> str:
    """The text of a UTF-8 file (BOM allowed); anything else raises ``refused``."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"):
        raise refused(filename, "the file is UTF-16 or UTF-32 text; save it as 'CSV UTF-8'", row=1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _encoding_error(filename, data, error.start, refused) from None
    if "\x00" in text:
        raise refused(filename, "not a text file (it contains NUL bytes)")
    return text


def _encoding_error(filename: str, data: bytes, start: int, refused: type[FileRefused]) -> FileRefused:
    """Where the first byte that is not UTF-8 is: its row and, if the header could be read, its column."""
    prefix = data[:start].decode("utf-8-sig", errors="replace")
    try:
        rows = list(csv.reader(io.StringIO(prefix, newline=""))) if prefix else []
    except csv.Error:
        rows = []
    if not prefix or prefix.endswith(("\n", "\r")):
        row, index = len(rows) + 1, 0
    else:
        row, index = len(rows), len(rows[-1]) - 1
    header = rows[0] if rows and row > 1 else []
    column = header[index].strip() if index < len(header) else None
    message = f"not UTF-8 text (byte 0x{data[start]:02x}); the file may be in another encoding: save it as 'CSV UTF-8'"
    return refused(filename, message, row=row, column=column)


def write_atomically(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """Write a CSV (UTF-8, ``\\n``) next to ``path`` and move it into place; returns the number of rows."""
    path = Path(path)
    count = 0
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                count += 1
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count
