"""De-identification: the only road from records to rows, tables and charts that leave Picket.

POCSO s.23 and s.33(7), JJ Act s.74 and BNS s.72 forbid disclosing a child victim's identity "even in a remote
manner" (Nipun Saxena v Union of India, 2018); the DPDP Act 2023 adds purpose limits. So every export and every
chart is built from this module's output (docs/adr/0007-de-identification.md):

- Record-level rows: a ``Policy`` maps each input field to a ``FieldRule``. ``deidentify_rows`` applies it and
  **drops every field the policy does not name** (fail closed); a policy that would keep a field whose name looks
  identifying (``child_name``, ``village``, ``date_of_birth`` …) is refused when it is built. Output rows are
  ``DeidentifiedRow`` objects, the only kind of row ``picket.privacy.exports`` writes.
- Record-level exports are then checked with ``k_anonymity`` / ``enforce_k_anonymity``.
- Aggregate tables: ``CrossTab`` → ``suppress_small_cells`` → ``SuppressedTable``, with complementary
  suppression audited so that no hidden count can be worked out from the published cells and totals.

Errors name the field and the row number, never the value.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import itertools
import math
import re
import secrets
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings

DEFAULT_SMALL_CELL_THRESHOLD = 5  # setting PICKET_SMALL_CELL_THRESHOLD
DEFAULT_RECORD_K = 5  # setting PICKET_RECORD_EXPORT_K: record-level sharing with partner organisations
PUBLICATION_K = 11  # CTDC's k for published victim data; use for anything public
SUPPRESSED = "*"  # one marker for every hidden count, so readers cannot tell small cells from their protectors
UNKNOWN_LABEL = "unknown"
EN_DASH = "\u2013"  # band labels "12\u201314": Excel reads "12-14" in a CSV as a date, not this
MAX_KEPT_TEXT = 200  # a longer "categorical" value is free text in disguise

PlaceLookup = Mapping[Any, Any] | Callable[[Any], Any]
R = TypeVar("R", bound=Mapping[str, Any])


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default)) if settings.configured else default


def _local_zone() -> ZoneInfo:
    name = getattr(settings, "TIME_ZONE", None) if settings.configured else None
    return ZoneInfo(name or "Asia/Kolkata")


class PolicyError(ValueError):
    """A policy that could let identifying data out, refused when the policy is built."""


class DeidentificationError(ValueError):
    """A value a rule cannot transform. The message names the row number and field, never the value."""


class _Unusable(Exception):
    """Raised by a transform with a reason that contains no personal data."""


# --- policies ---------------------------------------------------------------------------------------------------


class Rule(enum.Enum):
    KEEP = "keep"  # non-identifying categorical value (gender, district LGD code, state, status)
    DROP = "drop"  # names, aliases, addresses, villages, schools, phones, photos, documents, free text
    MONTH = "month"  # date or datetime → "YYYY-MM"
    YEAR = "year"  # date or datetime → YYYY (int)
    AGE_BAND = "age_band"  # age in years, or a date of birth, → band label
    PSEUDONYM = "pseudonym"  # record id → keyed pseudonym valid within one export only
    GENERALISE_PLACE = "generalise_place"  # sub-district / village → its district


@dataclass(frozen=True)
class AgeBands:
    """Age bands given by their lower bounds; the last band is open ("18+").

    The default (0-5, 6-11, 12-14, 15-17, 18+) follows the RTE Act's 6-14 schooling ages and the POCSO/JJ Act
    line at 18. The Child and Adolescent Labour Act draws its line between 13 and 14; analyses of child labour
    should pass ``AgeBands((0, 6, 14, 18))`` or similar (see the ADR).
    """

    lower_bounds: tuple[int, ...] = (0, 6, 12, 15, 18)

    def __post_init__(self) -> None:
        bounds = self.lower_bounds
        if not bounds or bounds[0] != 0 or any(low >= high for low, high in itertools.pairwise(bounds)):
            raise ValueError("lower_bounds: must start at 0 and increase strictly")

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.label(low) for low in self.lower_bounds)

    def label(self, age: int) -> str:
        index = bisect_right(self.lower_bounds, age) - 1
        low = self.lower_bounds[index]
        if index == len(self.lower_bounds) - 1:
            return f"{low}+"
        high = self.lower_bounds[index + 1] - 1
        return f"{low}{EN_DASH}{high}" if high > low else str(low)


DEFAULT_AGE_BANDS = AgeBands()


@dataclass(frozen=True)
class FieldRule:
    """What happens to one input field. Build with the helpers below (``keep()``, ``drop()``, ``month()`` …)."""

    kind: Rule
    output: str | None = None  # output column name; defaults to the input field's name
    bands: AgeBands = DEFAULT_AGE_BANDS  # AGE_BAND
    age_at: str | None = None  # AGE_BAND on a date of birth: the row's field holding the reference date
    namespace: str | None = None  # PSEUDONYM: ids in one namespace link across fields/tables of one export
    lookup: PlaceLookup | None = field(default=None, compare=False)  # GENERALISE_PLACE: place → district
    reviewed: str | None = None  # why a field whose name looks identifying is safe under this rule


def keep(*, output: str | None = None, reviewed: str | None = None) -> FieldRule:
    return FieldRule(Rule.KEEP, output=output, reviewed=reviewed)


def drop() -> FieldRule:
    return FieldRule(Rule.DROP)


def month(*, output: str | None = None, reviewed: str | None = None) -> FieldRule:
    return FieldRule(Rule.MONTH, output=output, reviewed=reviewed)


def year(*, output: str | None = None, reviewed: str | None = None) -> FieldRule:
    return FieldRule(Rule.YEAR, output=output, reviewed=reviewed)


def age_band(*, bands: AgeBands = DEFAULT_AGE_BANDS, age_at: str | None = None, output: str | None = None) -> FieldRule:
    """An age in years, or a date of birth (age at ``age_at``'s date in the same row, else the export date)."""
    return FieldRule(Rule.AGE_BAND, output=output, bands=bands, age_at=age_at)


def pseudonym(*, namespace: str | None = None, output: str | None = None) -> FieldRule:
    return FieldRule(Rule.PSEUDONYM, output=output, namespace=namespace)


def generalise_place(lookup: PlaceLookup, *, output: str | None = None) -> FieldRule:
    """Replace a sub-district or village code by its district (``lookup``: mapping or function; unknown → None)."""
    return FieldRule(Rule.GENERALISE_PLACE, output=output, lookup=lookup)


_ALL = frozenset(Rule)
_NOT_KEPT = _ALL - {Rule.KEEP}
# Words in a field's name → the only rules such a field may have (without a ``reviewed`` note).
_PERSONAL_WORDS = """
    name names firstname lastname surname alias aliases nickname address street house landmark pincode postcode
    phone mobile telephone email photo photos photograph image picture aadhaar aadhar passport document documents
    fingerprint biometric narrative statement statements marks notes note remarks comment comments description
    story father mother guardian parent parents spouse relative school latitude longitude lat lon lng gps
    coordinates ip fir cnr
"""
_PLACE_WORDS = """
    village locality mohalla colony ward tehsil taluk taluka mandal block subdistrict panchayat gram town city
    place location
"""
_NAME_GUARDS: tuple[tuple[frozenset[str], frozenset[Rule]], ...] = (
    (frozenset(_PERSONAL_WORDS.split()), frozenset({Rule.DROP})),
    (frozenset(_PLACE_WORDS.split()), frozenset({Rule.DROP, Rule.GENERALISE_PLACE})),
    (frozenset({"birth", "dob", "born", "age"}), frozenset({Rule.DROP, Rule.AGE_BAND})),
    (frozenset({"date", "time", "timestamp", "datetime", "on", "at"}), _NOT_KEPT),
    (frozenset({"id", "ids", "uuid", "pk"}), _NOT_KEPT),
)
_SAFE_NAMES = {"district_name": Rule.KEEP, "state_name": Rule.KEEP}


def _name_words(name: str) -> set[str]:
    tokens = [t for t in re.split(r"[^a-z0-9]+", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()) if t]
    return set(tokens) | {a + b for a, b in itertools.pairwise(tokens)}  # "sub_district" → subdistrict


class Policy:
    """A named, declarative de-identification policy: input field name → ``FieldRule``.

    Built once (usually at import time) and validated then: an output name used twice, a rule missing what it
    needs, or a field whose name looks identifying under a rule that would let it through raises ``PolicyError``.
    """

    def __init__(self, name: str, fields: Mapping[str, FieldRule]) -> None:
        self.name = name
        self.fields: Mapping[str, FieldRule] = MappingProxyType(dict(fields))
        if not self.fields:
            raise PolicyError(f"policy {name!r}: name at least one field")
        outputs: list[str] = []
        for field_name, rule in self.fields.items():
            self._check(field_name, rule)
            if rule.kind is not Rule.DROP:
                outputs.append(rule.output or field_name)
        duplicates = sorted({o for o in outputs if outputs.count(o) > 1})
        if duplicates:
            raise PolicyError(f"policy {name!r}: output column(s) {duplicates} produced by more than one field")
        reused = sorted(set(outputs) & self.dropped)
        if reused:
            raise PolicyError(f"policy {name!r}: output column(s) {reused} reuse the name of a dropped field")
        self.columns: tuple[str, ...] = tuple(outputs)

    def _check(self, field_name: str, rule: FieldRule) -> None:
        where = f"policy {self.name!r}, field {field_name!r}"
        if not isinstance(rule, FieldRule):
            raise PolicyError(f"{where}: expected a FieldRule")
        if (rule.kind is Rule.GENERALISE_PLACE) != (rule.lookup is not None):
            raise PolicyError(f"{where}: a place lookup goes with generalise_place() and nothing else")
        if rule.age_at is not None and rule.kind is not Rule.AGE_BAND:
            raise PolicyError(f"{where}: age_at goes with age_band() only")
        if rule.output is not None and not rule.output.strip():
            raise PolicyError(f"{where}: empty output name")
        if rule.reviewed is not None and not rule.reviewed.strip():
            raise PolicyError(f"{where}: 'reviewed' must say why the field is safe")
        if _SAFE_NAMES.get(field_name) is rule.kind or rule.reviewed:
            return
        words = _name_words(field_name) | _name_words(rule.output or "")
        allowed = set(_ALL)
        for guard_words, guard_rules in _NAME_GUARDS:
            if words & guard_words:
                allowed &= guard_rules
        if rule.kind not in allowed:
            options = ", ".join(sorted(r.value for r in allowed))
            raise PolicyError(
                f"{where}: the name looks identifying; allowed rules are {options} "
                f"(or give reviewed='why this is safe')"
            )

    @property
    def dropped(self) -> frozenset[str]:
        return frozenset(n for n, r in self.fields.items() if r.kind is Rule.DROP)

    def __repr__(self) -> str:
        return f"<Policy {self.name!r}: {len(self.fields)} fields>"


class DeidentifiedRow(dict[str, Any]):
    """A row produced by a policy or a suppressed table. ``picket.privacy.exports`` writes nothing else."""

    __slots__ = ()


class Pseudonymiser:
    """Keyed pseudonyms for one export: HMAC-SHA-256 under a random key that lives only in this object.

    The same id gives the same pseudonym within one export (rows link); a new export has a new key, so its
    pseudonyms match nothing earlier, and without the key (never stored, never logged) they cannot be reversed.
    """

    __slots__ = ("_key",)

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)

    def __repr__(self) -> str:
        return "<Pseudonymiser>"

    def __call__(self, value: Any, *, namespace: str) -> str:
        text = str(value)
        message = f"{namespace}\x1f{text}"
        while True:
            digest = hmac.new(self._key, message.encode("utf-8"), hashlib.sha256).hexdigest()[:20]  # 80 bits
            if digest != text:
                return digest
            message += "\x1f"  # astronomically unlikely; guarantees a pseudonym never equals its id


# --- transforms -------------------------------------------------------------------------------------------------

Transform = Callable[[Any, Mapping[str, Any]], Any]


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.astimezone(_local_zone()).date() if value.tzinfo is not None else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text) if len(text) == 10 else _as_date(datetime.fromisoformat(text))
        except ValueError:
            raise _Unusable("not an ISO date") from None
    raise _Unusable(f"expected a date, got {type(value).__name__}")


def _keep(value: Any, row: Mapping[str, Any]) -> Any:
    if value is None:
        return None
    if isinstance(value, date):
        raise _Unusable("exact dates cannot be kept; use month() or year()")
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, str):
        if len(value) > MAX_KEPT_TEXT or "\n" in value or "\r" in value:
            raise _Unusable("looks like free text, which is never kept")
        return str(value)  # plain str, also for TextChoices members
    raise _Unusable(f"only categorical values can be kept, not {type(value).__name__}")


def _month(value: Any, row: Mapping[str, Any]) -> str | None:
    if _empty(value):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value.strip()):
        return value.strip()
    day = _as_date(value)
    return f"{day.year:04d}-{day.month:02d}"


def _year(value: Any, row: Mapping[str, Any]) -> int | None:
    return None if _empty(value) else _as_date(value).year


_NUMBER = re.compile(r"\d{1,3}(\.\d+)?")


def _age_in_years(born: date, on: date) -> int:
    """Completed years; someone born on 29 February turns a year older on 1 March in other years."""
    if born > on:
        raise _Unusable("date of birth after the reference date")
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _age_band(rule: FieldRule, reference: date) -> Transform:
    def transform(value: Any, row: Mapping[str, Any]) -> str | None:
        if _empty(value):
            return None
        if isinstance(value, bool):
            raise _Unusable("expected an age or a date of birth")
        if isinstance(value, date) or (isinstance(value, str) and not _NUMBER.fullmatch(value.strip())):
            on = reference
            if rule.age_at is not None:
                if _empty(row.get(rule.age_at)):
                    return None
                on = _as_date(row[rule.age_at])
            age = _age_in_years(_as_date(value), on)
        elif isinstance(value, int | float | Decimal | str):
            number = float(value)
            if not math.isfinite(number):
                raise _Unusable("not a finite age")
            age = math.floor(number)
        else:
            raise _Unusable(f"expected an age or a date of birth, got {type(value).__name__}")
        if not 0 <= age <= 130:
            raise _Unusable("age outside 0 to 130")
        return rule.bands.label(age)

    return transform


def _pseudonym(namespace: str, pseudonymiser: Pseudonymiser) -> Transform:
    def transform(value: Any, row: Mapping[str, Any]) -> str | None:
        if _empty(value):
            return None
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise _Unusable(f"ids must be text or integers, not {type(value).__name__}")
        return pseudonymiser(value, namespace=namespace)

    return transform


def _generalise_place(lookup: PlaceLookup) -> Transform:
    def find(key: Any) -> Any:
        if not isinstance(lookup, Mapping):
            return lookup(key)
        if key in lookup:
            return lookup[key]
        if isinstance(key, str) and key.strip().isdigit():
            return lookup.get(int(key.strip()))
        return lookup.get(str(key)) if isinstance(key, int) else None

    def transform(value: Any, row: Mapping[str, Any]) -> Any:
        if _empty(value):
            return None
        try:
            return find(value)  # an unknown place becomes None: it cannot be generalised, so it is dropped
        except Exception:
            raise _Unusable("place lookup failed") from None

    return transform


def _compile(policy: Policy, reference: date, pseudonymiser: Pseudonymiser) -> list[tuple[str, str, Transform]]:
    steps: list[tuple[str, str, Transform]] = []
    for name, rule in policy.fields.items():
        transform: Transform
        if rule.kind is Rule.DROP:
            continue
        if rule.kind is Rule.KEEP:
            transform = _keep
        elif rule.kind is Rule.MONTH:
            transform = _month
        elif rule.kind is Rule.YEAR:
            transform = _year
        elif rule.kind is Rule.AGE_BAND:
            transform = _age_band(rule, reference)
        elif rule.kind is Rule.PSEUDONYM:
            transform = _pseudonym(rule.namespace or name, pseudonymiser)
        else:
            assert rule.lookup is not None
            transform = _generalise_place(rule.lookup)
        steps.append((name, rule.output or name, transform))
    return steps


def _today() -> date:
    return datetime.now(_local_zone()).date()


def deidentify_rows(
    rows: Iterable[Mapping[str, Any]],
    policy: Policy | Mapping[str, FieldRule],
    *,
    reference_date: date | None = None,
    pseudonymiser: Pseudonymiser | None = None,
) -> Iterator[DeidentifiedRow]:
    """Apply ``policy`` to each row, lazily. Fields the policy does not name, and DROP fields, never appear.

    ``reference_date`` (default: today in ``TIME_ZONE``) is the date at which dates of birth become ages.
    Pass one ``pseudonymiser`` to several calls to link ids across the tables of one export; by default each
    call gets its own, so two exports never share pseudonyms.
    """
    if not isinstance(policy, Policy):
        policy = Policy("unnamed", policy)
    steps = _compile(policy, reference_date or _today(), pseudonymiser or Pseudonymiser())
    return _apply(rows, steps)


def _apply(rows: Iterable[Mapping[str, Any]], steps: list[tuple[str, str, Transform]]) -> Iterator[DeidentifiedRow]:
    for number, row in enumerate(rows, start=1):
        out = DeidentifiedRow()
        for name, output, transform in steps:
            try:
                out[output] = transform(row.get(name), row)
            except _Unusable as problem:
                raise DeidentificationError(f"row {number}, field {name!r}: {problem}") from None
        yield out


# --- k-anonymity (record-level exports) -------------------------------------------------------------------------


def _class_sizes(
    rows: Sequence[Mapping[str, Any]], quasi_identifiers: Sequence[str], subject: str | None
) -> tuple[list[tuple[Any, ...]], dict[tuple[Any, ...], int]]:
    if not quasi_identifiers:
        raise ValueError("quasi_identifiers: name at least one column")
    keys: list[tuple[Any, ...]] = []
    for number, row in enumerate(rows, start=1):
        missing = [q for q in quasi_identifiers if q not in row]
        if missing:
            raise ValueError(f"quasi_identifiers: row {number} has no column {missing[0]!r}")
        keys.append(tuple(row[q] for q in quasi_identifiers))
    if subject is None:
        return keys, dict(Counter(keys))
    subjects: defaultdict[tuple[Any, ...], set[Any]] = defaultdict(set)
    for key, row in zip(keys, rows, strict=True):
        subjects[key].add(row[subject])
    return keys, {key: len(members) for key, members in subjects.items()}


def k_anonymity(
    rows: Iterable[Mapping[str, Any]], quasi_identifiers: Sequence[str], *, subject: str | None = None
) -> int:
    """The size of the smallest equivalence class over ``quasi_identifiers`` (0 for no rows).

    With ``subject`` (e.g. a pseudonym column) a class's size is its number of distinct subjects, so one child
    with many rows does not make a class look bigger than it is.
    """
    _, sizes = _class_sizes(list(rows), quasi_identifiers, subject)
    return min(sizes.values(), default=0)


@dataclass(frozen=True)
class KAnonymityResult(Generic[R]):
    rows: list[R]
    k: int
    dropped_rows: int
    dropped_classes: int


def enforce_k_anonymity(
    rows: Iterable[R], quasi_identifiers: Sequence[str], k: int | None = None, *, subject: str | None = None
) -> KAnonymityResult[R]:
    """Keep only rows whose equivalence class has at least ``k`` members (default ``PICKET_RECORD_EXPORT_K``, 5;
    use ``PUBLICATION_K`` (11) for anything published). Report how many rows and classes were dropped."""
    k = k if k is not None else _setting("PICKET_RECORD_EXPORT_K", DEFAULT_RECORD_K)
    if k < 2:
        raise ValueError("k: must be at least 2")
    materialised = list(rows)
    keys, sizes = _class_sizes(materialised, quasi_identifiers, subject)
    kept = [row for row, key in zip(materialised, keys, strict=True) if sizes[key] >= k]
    small = sum(1 for size in sizes.values() if size < k)
    return KAnonymityResult(rows=kept, k=k, dropped_rows=len(materialised) - len(kept), dropped_classes=small)


# --- aggregate tables and small-cell suppression ----------------------------------------------------------------


@dataclass(frozen=True)
class CrossTab:
    """Counts by row label and column label. Totals are derived, never supplied, so they always add up."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "row_labels", tuple(self.row_labels))
        object.__setattr__(self, "column_labels", tuple(self.column_labels))
        object.__setattr__(self, "cells", tuple(tuple(row) for row in self.cells))
        if not self.row_labels or not self.column_labels:
            raise ValueError("a table needs at least one row and one column")
        for what, labels in (("row_labels", self.row_labels), ("column_labels", self.column_labels)):
            if len(set(labels)) != len(labels):
                raise ValueError(f"{what}: labels must be unique")
        if len(self.cells) != len(self.row_labels) or any(len(r) != len(self.column_labels) for r in self.cells):
            raise ValueError("cells: shape does not match the labels")
        if any(type(v) is not int or v < 0 for r in self.cells for v in r):
            raise ValueError("cells: counts must be non-negative integers")

    @classmethod
    def count(
        cls,
        rows: Iterable[Mapping[str, Any]],
        row_field: str,
        column_field: str | None = None,
        *,
        row_labels: Sequence[str] | None = None,
        column_labels: Sequence[str] | None = None,
    ) -> CrossTab:
        """Count rows (de-identified ones: each row one subject) by one field, or by two as a cross-tab.

        Without labels, the labels are the sorted distinct values (None → "unknown"). With labels, every
        label is a row/column even when its count is 0, and a value outside them is an error.
        """
        counts: Counter[tuple[str, str]] = Counter()
        for row in rows:
            across = _label(row.get(column_field)) if column_field is not None else "count"
            counts[(_label(row.get(row_field)), across)] += 1
        found_rows = sorted({r for r, _ in counts})
        found_columns = sorted({c for _, c in counts}) or ["count"]
        rows_out = tuple(row_labels) if row_labels is not None else tuple(found_rows)
        columns_out = tuple(column_labels) if column_labels is not None else tuple(found_columns)
        for what, wanted, found in (
            ("row_labels", rows_out, found_rows),
            ("column_labels", columns_out, found_columns),
        ):
            if set(found) - set(wanted) and counts:
                raise ValueError(f"{what}: the rows hold values outside the given labels")
        cells = tuple(tuple(counts[(r, c)] for c in columns_out) for r in rows_out)
        return cls(rows_out, columns_out, cells)

    @property
    def row_totals(self) -> tuple[int, ...]:
        return tuple(sum(row) for row in self.cells)

    @property
    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(column) for column in zip(*self.cells, strict=True))

    @property
    def grand_total(self) -> int:
        return sum(self.row_totals)


def _label(value: Any) -> str:
    return UNKNOWN_LABEL if _empty(value) else str(value)


Published = int | str


@dataclass(frozen=True)
class SuppressedTable:
    """A cross-tab fit to publish: hidden counts (cells or totals) are ``marker``; totals are the true totals."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[Published, ...], ...]
    row_totals: tuple[Published, ...]
    column_totals: tuple[Published, ...]
    grand_total: Published
    threshold: int
    marker: str
    primary: int  # counts hidden for being small
    complementary: int  # counts hidden so that the small ones cannot be worked out

    def columns(self, *, row_header: str = "", total_label: str = "Total") -> tuple[str, ...]:
        return (row_header, *self.column_labels, total_label)

    def to_rows(self, *, row_header: str = "", total_label: str = "Total") -> list[DeidentifiedRow]:
        """Rows for ``picket.privacy.exports``: one per row label plus a totals row; use ``columns()`` alike."""
        header = self.columns(row_header=row_header, total_label=total_label)
        if len(set(header)) != len(header):
            raise ValueError("row_header/total_label: clash with a column label")
        lines = [(*r, *c, t) for r, c, t in zip(self.row_labels, self.cells, self.row_totals, strict=True)]
        lines.append((total_label, *self.column_totals, self.grand_total))
        return [DeidentifiedRow(zip(header, line, strict=True)) for line in lines]


def suppress_small_cells(
    table: CrossTab, threshold: int | None = None, *, marker: str = SUPPRESSED, suppress_zeros: bool = False
) -> SuppressedTable:
    """Hide every count from 1 to ``threshold - 1`` (default ``PICKET_SMALL_CELL_THRESHOLD``, 5), totals included,
    then hide further counts until no hidden count can be worked out from what is published.

    Published totals are the true totals. "Worked out" covers subtraction along rows and columns, any linear
    combination of the published equations, and the bounds a reader knows (counts are never negative, and zeros
    are never hidden unless ``suppress_zeros``, so a hidden count is at least 1). Zeros are published by default:
    a zero describes nobody. Complementary choices prefer the smallest non-zero count.
    """
    threshold = (
        threshold if threshold is not None else _setting("PICKET_SMALL_CELL_THRESHOLD", DEFAULT_SMALL_CELL_THRESHOLD)
    )
    if threshold < 2:
        raise ValueError("threshold: must be at least 2")
    if not marker or marker.strip().lstrip("-").isdigit():
        raise ValueError("marker: must be non-empty text that is not a number")
    grid = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    grid.append([*table.column_totals, table.grand_total])
    primary = {
        (i, j)
        for i, line in enumerate(grid)
        for j, value in enumerate(line)
        if 0 < value < threshold or (suppress_zeros and value == 0)
    }
    hidden = _protect(grid, primary, lowest=0 if suppress_zeros else 1)
    shown = [[marker if (i, j) in hidden else v for j, v in enumerate(line)] for i, line in enumerate(grid)]
    return SuppressedTable(
        row_labels=table.row_labels,
        column_labels=table.column_labels,
        cells=tuple(tuple(line[:-1]) for line in shown[:-1]),
        row_totals=tuple(line[-1] for line in shown[:-1]),
        column_totals=tuple(shown[-1][:-1]),
        grand_total=shown[-1][-1],
        threshold=threshold,
        marker=marker,
        primary=len(primary),
        complementary=len(hidden) - len(primary),
    )


Entry = tuple[int, int]


class _Audit:
    """Which hidden entries of the table-with-totals a reader could pin down exactly.

    Rows and columns of the grid (totals row and column included) are nodes; each hidden entry is an edge. Give
    totals a minus sign and every line of the grid sums to zero, so the other tables consistent with what is
    published differ from the true one by circulations on the hidden edges. A hidden entry can take another value
    iff it lies on a directed cycle where raising an entry is always allowed and lowering it only while it is
    above the known lower bound. An entry on no such cycle is disclosed.
    """

    def __init__(self, grid: list[list[int]], hidden: set[Entry], lowest: int) -> None:
        self.grid, self.hidden, self.lowest = grid, hidden, lowest
        self.rows, self.columns = len(grid), len(grid[0])
        self.arcs: defaultdict[int, list[tuple[int, Entry]]] = defaultdict(list)
        self.reverse: defaultdict[int, list[tuple[int, Entry]]] = defaultdict(list)
        for entry in hidden:
            for tail, head in self.moves(entry):
                self.arcs[tail].append((head, entry))
                self.reverse[head].append((tail, entry))

    def moves(self, entry: Entry) -> list[tuple[int, int]]:
        """Arcs (tail, head) for raising the entry, and for lowering it when that is possible."""
        i, j = entry
        row, column = i, self.rows + j
        is_total = (i == self.rows - 1) != (j == self.columns - 1)
        up = (column, row) if is_total else (row, column)
        return [up, (up[1], up[0])] if self.grid[i][j] > self.lowest else [up]

    def _reach(self, start: int, arcs: Mapping[int, list[tuple[int, Entry]]], skip: Entry) -> set[int]:
        seen, frontier = {start}, [start]
        while frontier:
            node = frontier.pop()
            for nxt, entry in arcs.get(node, ()):
                if entry != skip and nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        return seen

    def is_protected(self, entry: Entry) -> bool:
        return any(tail in self._reach(head, self.arcs, entry) for tail, head in self.moves(entry))

    def best_addition(self, entry: Entry) -> Entry:
        """The cheapest entry whose hiding protects ``entry``; failing that, the cheapest in its row or column."""
        candidates = [(i, j) for i in range(self.rows) for j in range(self.columns) if (i, j) not in self.hidden]
        helpful: list[Entry] = []
        for tail, head in self.moves(entry):
            ahead, behind = self._reach(head, self.arcs, entry), self._reach(tail, self.reverse, entry)
            helpful += [c for c in candidates if any(a in ahead and b in behind for a, b in self.moves(c))]
        pool = helpful or [c for c in candidates if c[0] == entry[0] or c[1] == entry[1]] or candidates
        return min(pool, key=self.cost)

    def cost(self, entry: Entry) -> tuple[bool, int, bool, Entry]:
        i, j = entry
        value = self.grid[i][j]
        return value == 0, value, i == self.rows - 1 or j == self.columns - 1, entry


def _protect(grid: list[list[int]], primary: set[Entry], *, lowest: int) -> set[Entry]:
    hidden = set(primary)
    lines = [[(i, j) for j in range(len(grid[0]))] for i in range(len(grid))]
    lines += [[(i, j) for i in range(len(grid))] for j in range(len(grid[0]))]
    changed = True
    while changed:  # the classic rule first: no line may hold exactly one hidden entry
        changed = False
        for line in lines:
            inside = [e for e in line if e in hidden]
            outside = [e for e in line if e not in hidden]
            if len(inside) == 1 and outside:
                hidden.add(min(outside, key=lambda e: (grid[e[0]][e[1]] == 0, grid[e[0]][e[1]], e)))
                changed = True
    audit = _Audit(grid, hidden, lowest)
    exposed = sorted(e for e in hidden if not audit.is_protected(e))
    while exposed:  # then the audit: protection only grows as entries are hidden, so this ends
        hidden.add(audit.best_addition(exposed[0]))
        audit = _Audit(grid, hidden, lowest)
        exposed = sorted(e for e in hidden if not audit.is_protected(e))
    return hidden
