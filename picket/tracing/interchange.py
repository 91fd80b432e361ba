"""The tracing interchange format (``shared/DOMAIN.md``): strict reading of ``missing.csv`` / ``found.csv``,
writing of ``matches.csv`` / ``duplicates.csv``, and the work behind ``picket tracing link|dedupe|calibrate``.

Input: CSV, comma-separated, UTF-8 with or without a byte-order mark, a header row naming at least the
interchange columns (in any order, any case; extra columns are ignored). A file that cannot be read as a whole
(not UTF-8, malformed, a column missing) raises :class:`InterchangeError`, naming the row and the column. A row
with a cell that cannot be parsed (age not a whole number from 0 to 25, a date not ``YYYY-MM-DD``, a gender
other than M/F/X, a missing or repeated ``record_id``, too many or too few fields) is *unscorable*: it is left
out of the scoring and listed with its row, column and reason. A phone that is not a 10-digit number is
ignored with a warning; the row is still scored.

Output: UTF-8 without BOM, ``\\n`` line ends; ``matches.csv`` is ``missing_id,found_id,score,decision``,
``duplicates.csv`` is ``missing_id,duplicate_id,score,decision`` (each pair once, the report in the earlier
row first). ``score`` has four decimals; ``decision`` is ``match`` or ``possible``.

Error messages carry row numbers, column names and only values that cannot identify a child (digits and short
codes), never a name.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

from picket.csvfiles import FileRefused, Problem, RowError, decode, write_atomically
from picket.tracing.calibration import calibrate
from picket.tracing.engine import POSSIBLE, Candidate, Config, Deduper, Linker, Row, paused_gc
from picket.tracing.features import DEDUPE, LINK
from picket.tracing.records import FOUND, MISSING, Record
from picket.tracing.text import phones
from picket.tracing.weights import Weights

MISSING_COLUMNS: Final = (
    "record_id",
    "name",
    "father_name",
    "mother_name",
    "gender",
    "age",
    "date",
    "state",
    "district",
    "place",
    "language",
    "marks",
    "phone",
)
FOUND_COLUMNS: Final = (*MISSING_COLUMNS, "home_state", "home_district")
MATCHES_HEADER: Final = ("missing_id", "found_id", "score", "decision")
DUPLICATES_HEADER: Final = ("missing_id", "duplicate_id", "score", "decision")
MAX_AGE: Final = 25
MAX_ID_LENGTH: Final = 64


class InterchangeError(FileRefused):
    """An interchange file refused as a whole; names the file, and the row and column where known."""


@dataclass
class ReadResult:
    records: list[Record]
    unscorable: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------------------------


_SAFE: Final = re.compile(r"[0-9A-Za-z /.:+\-~?]{1,12}")


def _shown(value: str) -> str:
    """A value quoted in a message only when it is short and plain (an age, a date, a code), never a name."""
    return f"'{value}'" if _SAFE.fullmatch(value) else "the value"


def _gender(value: str) -> str:
    upper = value.strip().upper()
    if upper in ("M", "F", "X", ""):
        return upper
    raise RowError("gender", f"{_shown(value.strip())} is not M, F or X (or empty)")


def _age(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit():
        raise RowError("age", f"{_shown(value)} is not a whole number of years")
    age = int(value)
    if age > MAX_AGE:
        raise RowError("age", f"{age} is not between 0 and {MAX_AGE}")
    return age


def _date(value: str, today: datetime.date) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    day = None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            day = None
    if day is None:
        raise RowError("date", f"{_shown(value)} is not a date of the form YYYY-MM-DD")
    if day > today:
        raise RowError("date", f"{day.isoformat()} is in the future")
    if day.year < 1950:
        raise RowError("date", f"{day.isoformat()} is too long ago")
    return day


def _text(value: str) -> str:
    return " ".join(value.split())


def read_records(data: bytes, kind: str, *, filename: str = "", today: datetime.date | None = None) -> ReadResult:
    """Records of ``missing.csv`` (``kind="missing"``) or ``found.csv`` (``kind="found"``); see the module doc."""
    filename = filename or f"{kind}.csv"
    today = today or datetime.date.today()
    text = decode(filename, data, refused=InterchangeError)
    with paused_gc():  # a million records and no cycles: collections would only walk them again and again
        return _read_rows(text, kind, filename, today)


def _read_rows(text: str, kind: str, filename: str, today: datetime.date) -> ReadResult:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    # Row by row, so that a million rows are never held twice (as cells and as records).
    rows = _checked_rows(reader, filename)
    first = next(rows, None)
    if first is None or not any(cell.strip() for cell in first):
        raise InterchangeError(filename, "the file is empty or its first row (the header) is blank", row=1)
    header = [cell.strip().casefold() for cell in first]
    expected = FOUND_COLUMNS if kind == FOUND else MISSING_COLUMNS
    position = {name: index for index, name in reversed(list(enumerate(header)))}
    absent = [name for name in expected if name not in position]
    if absent:
        raise InterchangeError(filename, f"missing column(s): {', '.join(absent)}", row=1, column=absent[0])
    width = len(first)
    result = ReadResult(records=[])
    records = result.records
    seen: dict[str, int] = {}
    # One string object per distinct value (districts, languages and names recur thousands of times in a large
    # file), and each distinct cell cleaned and parsed once: ``cleaned`` maps a cell as read to its shared form.
    shared: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    genders: dict[str, str] = {}
    ages: dict[str, int | None] = {}
    dates: dict[str, datetime.date | None] = {}

    def text_of(value: str) -> str:
        clean = cleaned.get(value)
        if clean is None:
            clean = _text(value)
            clean = cleaned[value] = shared.setdefault(clean, clean)
        return clean

    at = position.__getitem__
    p_id, p_name, p_father, p_mother, p_gender, p_age, p_date = map(at, MISSING_COLUMNS[:7])
    p_state, p_district, p_place, p_language, p_marks, p_phone = map(at, MISSING_COLUMNS[7:])
    p_home_state, p_home_district = (at("home_state"), at("home_district")) if kind == FOUND else (-1, -1)
    for row, cells in enumerate(rows, start=2):
        if not "".join(cells).strip():
            continue
        try:
            if len(cells) != width:
                raise RowError(None, f"has {len(cells)} fields, the header has {width}")
            record_id = cells[p_id].strip()
            if not record_id:
                raise RowError("record_id", "is empty")
            if len(record_id) > MAX_ID_LENGTH:
                raise RowError("record_id", f"is longer than {MAX_ID_LENGTH} characters")
            if record_id in seen:
                raise RowError("record_id", f"the same record_id is also in row {seen[record_id]}")
            name, father, mother = text_of(cells[p_name]), text_of(cells[p_father]), text_of(cells[p_mother])
            value = cells[p_gender]
            gender = genders.get(value)
            if gender is None:
                gender = genders[value] = _gender(value)
            value = cells[p_age]
            if value in ages:
                age = ages[value]
            else:
                age = ages[value] = _age(value)
            value = cells[p_date]
            if value in dates:
                date = dates[value]
            else:
                date = dates[value] = _date(value, today)
            phone = _text(cells[p_phone])
            record = Record(
                record_id,
                name,
                father,
                mother,
                gender,
                age,
                date,
                text_of(cells[p_state]),
                text_of(cells[p_district]),
                text_of(cells[p_place]),
                text_of(cells[p_language]),
                text_of(cells[p_marks]),
                phone,
                text_of(cells[p_home_state]) if p_home_state >= 0 else "",
                text_of(cells[p_home_district]) if p_home_district >= 0 else "",
                row,
            )
        except RowError as error:
            result.unscorable.append(Problem(filename, row, error.column, error.message))
            continue
        seen[record_id] = row
        if phone and not phones(phone):
            result.warnings.append(Problem(filename, row, "phone", "not a 10-digit phone number; ignored"))
        records.append(record)
    return result


def _checked_rows(reader: Iterator[list[str]], filename: str) -> Iterator[list[str]]:
    """The rows of ``reader``; malformed CSV raises ``InterchangeError`` naming the line."""
    try:
        yield from reader
    except csv.Error as error:
        raise InterchangeError(filename, f"malformed CSV ({error})", row=getattr(reader, "line_num", None)) from None


def read_file(path: Path, kind: str, *, today: datetime.date | None = None) -> ReadResult:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InterchangeError(str(path), f"cannot be read ({error.strerror})") from None
    return read_records(data, kind, filename=Path(path).name, today=today)


# --- writing ---------------------------------------------------------------------------------------------------


def _row(candidate: Candidate) -> list[str]:
    return [candidate.missing_id, candidate.other_id, f"{candidate.score:.4f}", candidate.decision or POSSIBLE]


def _row_of(row: Row) -> list[str]:
    """A weak lead (below the possible threshold, among a found child's five best) is written ``possible``: the
    format has two decisions, ``match`` for the likely pairs and ``possible`` for the rest."""
    missing_id, found_id, score, decision = row
    return [missing_id, found_id, f"{score:.4f}", decision or POSSIBLE]


def write_matches(path: Path, candidates: Iterable[Candidate]) -> int:
    """``matches.csv``: ``missing_id,found_id,score,decision``; returns the number of rows."""
    return write_atomically(path, MATCHES_HEADER, (_row(c) for c in candidates))


def write_duplicates(path: Path, candidates: Iterable[Candidate]) -> int:
    """``duplicates.csv``: ``missing_id,duplicate_id,score,decision``; returns the number of rows."""
    return write_atomically(path, DUPLICATES_HEADER, (_row(c) for c in candidates))


# --- weights files ---------------------------------------------------------------------------------------------


def load_weights(path: Path, kind: str) -> Weights:
    """Weights written by ``run_calibrate`` (``{"kind": ..., "weights": {...}}``), checked."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InterchangeError(str(path), f"not a readable weights file ({error})") from None
    weights = document.get("weights") if isinstance(document, dict) else None
    if document.get("kind") != kind or not isinstance(weights, dict):
        raise InterchangeError(str(path), f"not a weights file for '{kind}'")
    if not all(isinstance(k, str) and isinstance(v, int | float) for k, v in weights.items()):
        raise InterchangeError(str(path), "weights must be numbers")
    return {k: float(v) for k, v in weights.items()}


# --- the commands' work ----------------------------------------------------------------------------------------


@dataclass
class RunReport:
    """What a run did: counts for the summary, and every row left out or cell ignored."""

    action: str
    out: Path
    read: dict[str, int] = field(default_factory=dict)
    unscorable: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: int = 0
    matches: int = 0
    without_candidates: int = 0
    pairs_compared: int = 0
    #: Wall and CPU seconds (of this process) of each phase: reading, preparing, indexing, scoring, writing.
    phases: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: Processes that scored.
    workers: int = 1

    def problems(self) -> list[str]:
        """One line per unscorable row and per warning (for stderr)."""
        return [f"not scored: {p}" for p in self.unscorable] + [f"warning: {p}" for p in self.warnings]

    def summary(self) -> str:
        read = ", ".join(f"{count} {what}" for what, count in self.read.items())
        left_out = f"; {len(self.unscorable)} row(s) could not be scored (listed above)" if self.unscorable else ""
        noun = "candidate pair(s)" if self.action == LINK else "pair(s) of reports"
        text = (
            f"{self.action}: read {read}{left_out}. Wrote {self.written} {noun} to {self.out.name} "
            f"({self.matches} match, {self.written - self.matches} possible)"
        )
        if self.action == LINK:
            text += f"; {self.without_candidates} found child(ren) without a candidate"
        return text + "."


def run_link(
    *,
    missing: Path,
    found: Path,
    out: Path,
    config: Config | None = None,
    weights: Path | None = None,
    today: datetime.date | None = None,
) -> RunReport:
    """``picket tracing link``: candidates for each found child, at most ``max_candidates``, best first."""
    config = config or Config()
    if weights is not None:
        config = _with_weights(config, load_weights(weights, LINK))
    report = RunReport(action=LINK, out=Path(out))
    with _timed(report.phases, "read missing"):
        reports = read_file(missing, MISSING, today=today)
    with _timed(report.phases, "read found"):
        children = read_file(found, FOUND, today=today)
    report.read = {"missing report(s)": len(reports.records), "found child(ren)": len(children.records)}
    report.unscorable = reports.unscorable + children.unscorable
    report.warnings = reports.warnings + children.warnings
    linker = Linker(reports.records, config)
    del reports
    per_child = linker.rows(children.records)
    report.without_candidates = sum(1 for rows in per_child if not rows)
    rows = [row for kept in per_child for row in kept]
    report.phases.update(linker.timings)
    report.workers = linker.workers
    with _timed(report.phases, "write"):
        report.written = write_atomically(Path(out), MATCHES_HEADER, (_row_of(row) for row in rows))
    report.matches = sum(1 for row in rows if row[3] == "match")
    report.pairs_compared = linker.stats.pairs_compared
    return report


@contextmanager
def _timed(phases: dict[str, tuple[float, float]], phase: str) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        phases[phase] = (time.perf_counter() - wall, time.process_time() - cpu)


def run_dedupe(
    *,
    missing: Path,
    out: Path,
    config: Config | None = None,
    weights: Path | None = None,
    today: datetime.date | None = None,
) -> RunReport:
    """``picket tracing dedupe``: pairs of missing reports that may be the same child."""
    config = config or Config()
    if weights is not None:
        config = _with_weights(config, load_weights(weights, DEDUPE))
    reports = read_file(missing, MISSING, today=today)
    report = RunReport(action=DEDUPE, out=Path(out))
    report.read = {"missing report(s)": len(reports.records)}
    report.unscorable, report.warnings = reports.unscorable, reports.warnings
    deduper = Deduper(reports.records, config)
    pairs = deduper.duplicates()
    report.written = write_duplicates(Path(out), pairs)
    report.matches = sum(1 for c in pairs if c.decision == "match")
    report.pairs_compared = deduper.stats.pairs_compared
    return report


def _with_weights(config: Config, weights: Mapping[str, float]) -> Config:
    return replace(config, weights=weights)


def read_truth(path: Path) -> set[frozenset[str]]:
    """Labelled true pairs: a CSV whose first two columns are the two record ids (header row first)."""
    result = read_file_rows(path)
    return {frozenset((a.strip(), b.strip())) for a, b, *_ in result if a.strip() and b.strip()}


def read_file_rows(path: Path) -> list[list[str]]:
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InterchangeError(str(path), f"cannot be read ({error.strerror})") from None
    rows = list(csv.reader(io.StringIO(decode(name, data, refused=InterchangeError), newline="")))
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < 2:
            raise InterchangeError(name, "needs two record ids", row=number)
    return rows[1:]


def run_calibrate(
    *,
    kind: str,
    missing: Path,
    truth: Path,
    out: Path,
    found: Path | None = None,
    config: Config | None = None,
    today: datetime.date | None = None,
) -> tuple[Weights, int, int]:
    """Fit weights on labelled data (``truth``: pairs of ids known to be the same child, every other compared
    pair is taken as different) and write them as JSON for ``--weights``. Returns (weights, pairs, true)."""
    config = config or Config()
    reports = read_file(missing, MISSING, today=today)
    labels = read_truth(truth)
    if kind == LINK:
        if found is None:
            raise InterchangeError("found.csv", "calibrating 'link' needs --found")
        linker = Linker(reports.records, config)
        children = read_file(found, FOUND, today=today)
        pairs = [c for child in children.records for c in linker.candidates(child, keep_all=True)]
    else:
        pairs = Deduper(reports.records, config).duplicates(keep_all=True)
    labelled = [(c, frozenset((c.missing_id, c.other_id)) in labels) for c in pairs]
    weights = calibrate(labelled)
    document = {"kind": kind, "pairs": len(labelled), "true_pairs": sum(y for _, y in labelled), "weights": weights}
    Path(out).write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return weights, len(labelled), sum(y for _, y in labelled)
