"""``picket monitor scan``: strict reading of ``ads.csv``, the scan, and the two output files.

Input: CSV, comma-separated, UTF-8 with or without a byte-order mark, a header row naming at least
``id,source,posted_at,city,text`` (any order, any case; extra columns are ignored). A file that cannot be read
as a whole (not UTF-8, malformed CSV, a column missing) raises :class:`ScanError` naming the row and the
column, and nothing is written. A row with a cell that cannot be used — an empty or repeated ``id``, an empty
``text``, a ``posted_at`` that is not ``YYYY-MM-DD`` or an ISO 8601 date and time, or is in the future, a wrong
number of fields — is *not read*: it is left out and listed with its row, column and reason.

Output, in the directory given (created if needed), UTF-8 without BOM, ``\\n`` line ends, one row per ad read,
in input order:

- ``ads.csv``: ``id,risk_score,flagged,indicators,phones`` — ``risk_score`` with four decimals, ``flagged`` 1
  or 0 at the threshold, ``indicators`` the ids of the indicators counted (strongest first, ``|``-separated;
  ``network_risk`` when most of the ad's network is flagged), ``phones`` the 10-digit numbers found
  (``;``-separated);
- ``networks.csv``: ``id,network_id`` — empty when the ad is linked to no other ad.

Both files are written next to their final names and moved into place at the end, so a failed run leaves
none half-written. Messages carry row numbers, column names and short plain values only, never ad text.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final

from picket.csvfiles import FileRefused, Problem, RowError, decode, write_atomically
from picket.monitoring.networks import NetworkConfig
from picket.monitoring.pipeline import Ad, ScanResult, scan

COLUMNS: Final = ("id", "source", "posted_at", "city", "text")
ADS_HEADER: Final = ("id", "risk_score", "flagged", "indicators", "phones")
NETWORKS_HEADER: Final = ("id", "network_id")
MAX_ID_LENGTH: Final = 128
MAX_TEXT_LENGTH: Final = 100_000
EXIT_OK: Final = 0
EXIT_ROWS_LEFT_OUT: Final = 1
EXIT_FILE_REFUSED: Final = 2


class ScanError(FileRefused):
    """A file of ads refused as a whole; names the file, and the row and column where known."""


@dataclass
class ReadResult:
    ads: list[Ad]
    left_out: list[Problem] = field(default_factory=list)


_SAFE: Final = re.compile(r"[0-9A-Za-z /.:+\-~?_]{1,32}")


def _shown(value: str) -> str:
    return f"'{value}'" if _SAFE.fullmatch(value) else "the value"


@lru_cache(maxsize=4096)  # ads of a file share few dates; a value that raises is not cached
def _posted_at(value: str, today: datetime.date) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    day: datetime.date | None = None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            day = None
    elif re.fullmatch(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?(?:Z|[+-]\d\d:?\d\d)?", value):
        try:
            day = datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            day = None
    if day is None:
        raise RowError("posted_at", f"{_shown(value)} is not a date (YYYY-MM-DD) or an ISO 8601 date and time")
    if day > today + datetime.timedelta(days=1):
        raise RowError("posted_at", f"{day.isoformat()} is in the future")
    if day.year < 1990:
        raise RowError("posted_at", f"{day.isoformat()} is too long ago")
    return day


def read_ads(data: bytes, *, filename: str = "ads.csv", today: datetime.date | None = None) -> ReadResult:
    """The ads of an ``ads.csv`` file (see the module doc)."""
    today = today or datetime.date.today()
    text = decode(filename, data, refused=ScanError)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        table = list(reader)
    except csv.Error as error:
        raise ScanError(filename, f"malformed CSV ({error})", row=reader.line_num) from None
    except OverflowError:
        raise ScanError(filename, "a field is too large", row=reader.line_num) from None
    if not table or not any(cell.strip() for cell in table[0]):
        raise ScanError(filename, "the file is empty or its first row (the header) is blank", row=1)
    header = [cell.strip().casefold() for cell in table[0]]
    position = {name: index for index, name in reversed(list(enumerate(header)))}
    absent = [name for name in COLUMNS if name not in position]
    if absent:
        raise ScanError(filename, f"missing column(s): {', '.join(absent)}", row=1, column=absent[0])
    width = len(table[0])
    result = ReadResult(ads=[])
    seen: dict[str, int] = {}
    at_id, at_source, at_posted, at_city, at_text = (position[name] for name in COLUMNS)
    for row, cells in enumerate(table[1:], start=2):
        if not "".join(cells).strip():  # a blank row (white space only)
            continue
        try:
            if len(cells) != width:
                raise RowError(None, f"has {len(cells)} fields, the header has {width}")
            ad_id = cells[at_id].strip()
            if not ad_id:
                raise RowError("id", "is empty")
            if len(ad_id) > MAX_ID_LENGTH:
                raise RowError("id", f"is longer than {MAX_ID_LENGTH} characters")
            if ad_id in seen:
                raise RowError("id", f"the same id is also in row {seen[ad_id]}")
            posted_at = _posted_at(cells[at_posted], today)
            body = cells[at_text].strip()
            if not body:
                raise RowError("text", "is empty")
            if len(body) > MAX_TEXT_LENGTH:
                raise RowError("text", f"is longer than {MAX_TEXT_LENGTH} characters")
        except RowError as error:
            result.left_out.append(Problem(filename, row, error.column, error.message))
            continue
        seen[ad_id] = row
        source, city = " ".join(cells[at_source].split()), " ".join(cells[at_city].split())
        result.ads.append(Ad(ad_id, source, posted_at, city, body))
    return result


def read_file(path: Path, *, today: datetime.date | None = None) -> ReadResult:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ScanError(str(path), f"cannot be read ({error.strerror})") from None
    return read_ads(data, filename=Path(path).name, today=today)


# --- writing ---------------------------------------------------------------------------------------------------


def write_results(out: Path, result: ScanResult) -> None:
    """``ads.csv`` and ``networks.csv`` in ``out`` (see the module doc)."""
    ads = (
        (r.id, f"{r.risk_score:.4f}", "1" if r.flagged else "0", "|".join(r.indicators), ";".join(r.phones))
        for r in result.rows
    )
    write_atomically(out / "ads.csv", ADS_HEADER, ads)
    assignments = result.index.assignments()
    write_atomically(out / "networks.csv", NETWORKS_HEADER, ((r.id, assignments.get(r.id, "")) for r in result.rows))


# --- the command's work ----------------------------------------------------------------------------------------


@dataclass
class ScanReport:
    out: Path
    read: int = 0
    left_out: list[Problem] = field(default_factory=list)
    flagged: int = 0
    networks: int = 0
    in_networks: int = 0

    @property
    def exit_code(self) -> int:
        return EXIT_ROWS_LEFT_OUT if self.left_out else EXIT_OK

    def problems(self) -> list[str]:
        return [f"not read: {problem}" for problem in self.left_out]

    def summary(self) -> str:
        left_out = f"; {len(self.left_out)} row(s) could not be read (listed above)" if self.left_out else ""
        return (
            f"scan: read {self.read} ad(s){left_out}. {self.flagged} flagged; {self.in_networks} ad(s) in "
            f"{self.networks} network(s). Wrote ads.csv and networks.csv to {self.out}."
        )


def run_scan(
    *,
    ads: Path,
    out: Path,
    threshold: float | None = None,
    workers: int | None = None,
    indicators: Path | None = None,
    config: NetworkConfig | None = None,
    today: datetime.date | None = None,
) -> ScanReport:
    """``picket monitor scan``: read, analyse, cluster, write. Raises :class:`ScanError` before writing
    anything when a file cannot be used."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ScanError(str(out), "exists and is not a directory")
    if indicators is not None and not Path(indicators).is_file():
        raise ScanError(str(indicators), "no such indicators file")
    read = read_file(Path(ads), today=today)
    if indicators is not None:
        from picket.monitoring.analysis.indicators import RuleError, load_rules

        try:
            load_rules(Path(indicators))
        except RuleError as error:
            raise ScanError(Path(indicators).name, str(error)) from None
    result = scan(read.ads, workers=workers, rules_path=indicators, threshold=threshold, config=config)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ScanError(str(out), f"cannot be created ({error.strerror})") from None
    write_results(out, result)
    networks = {n for n in result.index.assignments().values() if n}
    return ScanReport(
        out=out,
        read=len(read.ads),
        left_out=read.left_out,
        flagged=sum(r.flagged for r in result.rows),
        networks=len(networks),
        in_networks=sum(1 for n in result.index.assignments().values() if n),
    )
