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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeVar
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
        if age < 0:
            raise ValueError("age: must not be negative")
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
    Ids are compared as text (``7`` and ``"7"`` are the same id); the namespace keeps a child 7 and a case 7 apart.
    """

    __slots__ = ("_key",)

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)

    def __repr__(self) -> str:
        return "<Pseudonymiser>"

    def __reduce__(self) -> tuple[Any, ...]:
        raise TypeError("a Pseudonymiser's key is never pickled, copied into a task or stored")

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
