"""Comparing two prepared records field by field: each field gives a *level* (and sometimes a rarity term).

A level is a named outcome ("agree", "fits", "differ", "unknown", ...) whose weight comes from
:mod:`picket.tracing.weights`; the rarity term (``tf``) adds weight when the agreeing value is rare in the
reference file (a shared name "Zeenat" says more than a shared "Pooja"). The human explanation of each level
is in :mod:`picket.tracing.explain`; this module only decides levels, and stays fast.

In a *link* comparison ``a`` is the missing report and ``b`` the found child; in a *dedupe* comparison both are
missing reports.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, NamedTuple

from picket.people.names import dropped_final_vowel, similarity
from picket.tracing.records import PersonName, Prepared
from picket.tracing.text import related_languages, same_place

LINK: Final = "link"
DEDUPE: Final = "dedupe"

#: Token similarity (``names.similarity``) at or above which two name words are the same name.
AGREE: Final = 0.95
#: ... a spelling variant of the same name (same skeleton or nickname; "Purnea"/"Purnia").
VARIANT: Final = 0.85
#: ... similar but probably different (Sita/Gita scores 0.74).
CLOSE: Final = 0.75


class FieldResult(NamedTuple):
    field: str
    level: str
    tf: float = 0.0  # rarity term: log(reference frequency / this value's frequency), clipped


# --------------------------------------------------------------------------------------------------------------
# Frequencies (for the rarity terms)
# --------------------------------------------------------------------------------------------------------------

#: Reference frequencies: the share of records an ordinary value of the field is expected to have. The level
#: weights are set for a value this common; a rarer value adds ``log(reference / frequency)``.
REFERENCE_FREQUENCY: Final = {"name": 0.01, "father": 0.01, "mother": 0.01, "district": 0.03, "language": 0.3}
#: Pseudo-records of reference frequency added to every count, so that a small file does not make every
#: value look rare (a name seen once in 5 records is not a 1-in-5 name).
PSEUDO_RECORDS: Final = 300.0
TF_LIMITS: Final = (-2.5, 3.0)


@dataclass(slots=True)
class Frequencies:
    """How often each name key, district and language occurs among the reference records."""

    total: int
    counts: dict[str, Counter[str]]

    @classmethod
    def of(cls, records: Iterable[Prepared]) -> Frequencies:
        counts: dict[str, Counter[str]] = {key: Counter() for key in REFERENCE_FREQUENCY}
        total = 0
        for p in records:
            total += 1
            counts["name"].update(set(p.name.keys))
            counts["father"].update(set(p.father.keys))
            counts["mother"].update(set(p.mother.keys))
            if p.district:
                counts["district"][p.district] += 1
            counts["language"].update(p.languages)
        return cls(total=total, counts=counts)

    def term(self, table: str, *values: str) -> float:
        """The rarity term of the most common of ``values`` (in [TF_LIMITS])."""
        reference = REFERENCE_FREQUENCY[table]
        count = max((self.counts[table][v] for v in values), default=0)
        frequency = (count + PSEUDO_RECORDS * reference) / (self.total + PSEUDO_RECORDS)
        low, high = TF_LIMITS
        return min(max(math.log(reference / frequency), low), high)


# --------------------------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=262144)
def token_similarity(a: str, b: str) -> float:
    """``names.similarity`` for two single name words, cached (callers pass them in sorted order)."""
    return similarity(a, b)


def _sim(a: str, b: str) -> float:
    return 1.0 if a == b else token_similarity(a, b) if a < b else token_similarity(b, a)


@lru_cache(maxsize=262144)
def _final_a(a: str, b: str) -> bool:
    return dropped_final_vowel(a, b)


def _sim_final_a(a: str, b: str) -> float:
    """``_sim``, but a dropped final "a" (Sabin/Sabina, Subrat/Subrata) counts as a spelling variant."""
    score = _sim(a, b)
    if score < VARIANT and _final_a(*sorted((a, b))):
        return VARIANT
    return score


Aligned = tuple[int, int, float]


def align(a: PersonName, b: PersonName, *, final_a: bool = False) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, similarity)`` of the strong words of two names, best first (greedy one-to-one).
    ``final_a``: a dropped final "a" is a spelling variant (the caller knows the genders do not differ)."""
    sim = _sim_final_a if final_a else _sim
    scored = sorted(
        ((sim(ta, tb), i, j) for i, ta in enumerate(a.strong) for j, tb in enumerate(b.strong)), reverse=True
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for score, i, j in scored:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j, score))
    return pairs


def compare_names(a: PersonName, b: PersonName, *, final_a: bool = False) -> tuple[str, list[tuple[int, int, float]]]:
    """The level of agreement of two names, and the aligned word pairs behind it (see ``_compare_names``)."""
    level, pairs = _compare_names_cached(a, b, final_a)
    return level, list(pairs)


@lru_cache(maxsize=1 << 16)
def _compare_names_cached(a: PersonName, b: PersonName, final_a: bool) -> tuple[str, tuple[Aligned, ...]]:
    """``_compare_names``, cached: a found child's hundred candidates often bear the same few names."""
    level, pairs = _compare_names(a, b, final_a=final_a)
    return level, tuple(pairs)


def _compare_names(a: PersonName, b: PersonName, *, final_a: bool = False) -> tuple[str, list[tuple[int, int, float]]]:
    """The level of agreement of two names, and the aligned word pairs behind it.

    ``agree``: every aligned word is the same name (same spelling or sound); ``variant``: every aligned word at
    least a spelling variant; ``partial``: the given name agrees but another word conflicts (Pooja Sharma /
    Pooja Verma); ``surname_only``: only a later word (a surname) agrees; ``close``: similar, not the same;
    ``nickname``: no agreement, and one side is a known nickname only (a "Guddu" may be anyone's pet name);
    ``generic``: one side is a generic nickname only (Chhotu, Munni); ``conflict``: different names;
    ``missing``: one side has no informative word. A side that has more words than the other (first name only)
    is not a conflict: only aligned words count.

    ``final_a``: words that differ only by a dropped final "a" (Sabin/Sabina, Subrat/Subrata) are spelling
    variants. Pass it when the two records' genders do not differ: for a boy and a girl, Amit/Amita are a
    brother's and a sister's names.
    """
    if not a or not b:
        return "missing", []
    if a.generic_only or b.generic_only:
        return "generic", []
    pairs = align(a, b, final_a=final_a)
    agreeing = [p for p in pairs if p[2] >= VARIANT]
    others = [p for p in pairs if p[2] < VARIANT]
    if agreeing and not others:
        return ("agree" if min(p[2] for p in agreeing) >= AGREE else "variant"), pairs
    if (a.joined != a.strong[0] or b.joined != b.strong[0]) and _sim(a.joined, b.joined) >= AGREE:
        return "agree", [(0, 0, 1.0)]  # Ramkumar / Ram Kumar, Laxminarayan / Lakshmi Narayan
    if agreeing:
        given = any(i == 0 or j == 0 for i, j, _ in agreeing)
        return ("partial" if given else "surname_only"), pairs
    if pairs and pairs[0][2] >= CLOSE:
        return "close", pairs
    if a.nickname_only or b.nickname_only:
        return "nickname", pairs
    return "conflict", pairs


def _name_result(label: str, a: PersonName, b: PersonName, freq: Frequencies, *, final_a: bool) -> FieldResult:
    level, pairs = compare_names(a, b, final_a=final_a)
    tf = 0.0
    if level in ("agree", "variant", "partial"):
        for i, j, score in pairs:
            if score >= VARIANT and i < len(a.keys) and j < len(b.keys):
                tf += freq.term(label, a.keys[i], b.keys[j])
    return FieldResult(label, level, tf)


#: Name levels that, with an agreeing parent or phone, point to a brother or sister rather than the same child.
#: The ``sibling`` field then says how much family evidence there is: ``one`` field (often a coincidence: many
#: fathers are called Ramesh) or ``several`` (father and mother, a phone, the home district: the same family,
#: so the family fields say nothing about *which* child, and the names decide).
SIBLING_NAME_LEVELS: Final = frozenset({"conflict", "surname_only", "close"})
FAMILY_LEVELS: Final = frozenset({"agree", "variant"})


# --------------------------------------------------------------------------------------------------------------
# Other fields
# --------------------------------------------------------------------------------------------------------------


def expected_age(a: Prepared, b: Prepared) -> float | None:
    """The age ``a``'s child would have on ``b``'s date: ``a``'s age plus the years between the two dates."""
    age = a.record.age
    if age is None:
        return None
    if a.record.date is None or b.record.date is None:
        return float(age)
    return age + (b.record.date - a.record.date).days / 365.25


#: (base, per year of age) tolerance in years, and whether the dates were known: found children's ages are
#: estimates (±2-3 years for a teenager); two parents' reports of the same child differ by a year at most.
AGE_TOLERANCE: Final = {LINK: (1.5, 0.12), DEDUPE: (0.8, 0.03)}
UNKNOWN_ELAPSED_TOLERANCE: Final = 2.0


def age_level(a: Prepared, b: Prepared, kind: str) -> str:
    expected = expected_age(a, b)
    if expected is None or b.record.age is None:
        return "unknown"
    base, per_year = AGE_TOLERANCE[kind]
    tolerance = base + per_year * expected
    if a.record.date is None or b.record.date is None:
        tolerance += UNKNOWN_ELAPSED_TOLERANCE
    difference = abs(b.record.age - expected)
    if difference <= min(1.0, tolerance / 2):
        return "exact"
    if difference <= tolerance:
        return "fits"
    if difference <= 2 * tolerance:
        return "near"
    return "far"


#: A child found up to this many days before the "missing since" date is a small slip, not an impossibility.
DATE_GRACE_DAYS: Final = 30


def dates_level(a: Prepared, b: Prepared, kind: str) -> str:
    if a.record.date is None or b.record.date is None:
        return "unknown"
    days = (b.record.date - a.record.date).days
    if kind == LINK:
        return "after" if days >= 0 else "just_before" if days >= -DATE_GRACE_DAYS else "before"
    days = abs(days)
    return "same" if days <= 3 else "close" if days <= 31 else "apart" if days <= 365 else "far"


def place_level(state_a: str, district_a: str, state_b: str, district_b: str) -> str:
    """``district`` (same district, states not contradicting), ``state`` (same state, a district unknown),
    ``other_district`` (districts differ, same or unknown state), ``other`` (states differ), ``unknown``."""
    states_known = bool(state_a and state_b)
    same_state = states_known and same_place(state_a, state_b)
    if district_a and district_b:
        if same_place(district_a, district_b):
            return "other" if states_known and not same_state else "district"
        return "other" if states_known and not same_state else "other_district"
    if states_known:
        return "state" if same_state else "other"
    return "unknown"


def gender_level(a: Prepared, b: Prepared) -> str:
    if not a.gender or not b.gender or (a.gender == "X") != (b.gender == "X"):
        return "unknown"
    return "same" if a.gender == b.gender else "differ"


def language_level(a: Prepared, b: Prepared) -> str:
    if not a.languages or not b.languages:
        return "unknown"
    if a.languages & b.languages:
        return "same"
    return "related" if related_languages(a.languages, b.languages) else "differ"


def marks_level(a: Prepared, b: Prepared) -> str:
    """``agree``: the same kind of mark (burn, mole, ...) on the same body part, sides not contradicting;
    ``partial``: the same kind or the same part, or two other words in common; ``differ``: nothing in common."""
    if not a.marks or not b.marks:
        return "unknown"
    shared = a.marks & b.marks
    kinds = {t for t in shared if t.startswith("type:")}
    parts = {t for t in shared if t.startswith("part:")}
    sides_a = {t for t in a.marks if t.startswith("side:")}
    sides_b = {t for t in b.marks if t.startswith("side:")}
    sides_clash = bool(sides_a and sides_b and not sides_a & sides_b)
    if kinds and parts and not sides_clash:
        return "agree"
    words = {t for t in shared if t.startswith("word:")}
    if kinds or parts or len(words) >= 2:
        return "partial"
    return "differ"


def phone_level(a: Prepared, b: Prepared) -> str:
    if not a.phones or not b.phones:
        return "unknown"
    return "same" if a.phones & b.phones else "differ"


# --------------------------------------------------------------------------------------------------------------
# All fields
# --------------------------------------------------------------------------------------------------------------


def compare(a: Prepared, b: Prepared, kind: str, freq: Frequencies) -> list[FieldResult]:
    """Every field's level for a pair (``a`` the missing report; ``b`` the found child or another report)."""
    gender = gender_level(a, b)
    name = _name_result("name", a.name, b.name, freq, final_a=gender != "differ")
    father = _name_result("father", a.father, b.father, freq, final_a=True)
    mother = _name_result("mother", a.mother, b.mother, freq, final_a=True)
    phone = phone_level(a, b)
    results = [
        name,
        father,
        mother,
        FieldResult("gender", gender),
        FieldResult("age", age_level(a, b, kind)),
        FieldResult("dates", dates_level(a, b, kind)),
    ]
    if kind == LINK:
        home = place_level(a.state, a.district, b.home_state, b.home_district)
        found_in = place_level(a.state, a.district, b.state, b.district)
        home_tf = freq.term("district", a.district) if home == "district" else 0.0
        results.append(FieldResult("home", home, home_tf))
        results.append(FieldResult("found_in", found_in))
    else:
        place = place_level(a.state, a.district, b.state, b.district)
        if place in ("district", "state", "unknown") and a.place and b.place and same_place(a.place, b.place):
            place = "village"
        place_tf = freq.term("district", a.district) if place in ("district", "village") else 0.0
        results.append(FieldResult("place", place, place_tf))
    language = language_level(a, b)
    language_tf = freq.term("language", *sorted(a.languages & b.languages)) if language == "same" else 0.0
    results.append(FieldResult("language", language, language_tf))
    results.append(FieldResult("marks", marks_level(a, b)))
    results.append(FieldResult("phone", phone))
    if name.level in SIBLING_NAME_LEVELS:
        family = sum(1 for r in (father, mother) if r.level in FAMILY_LEVELS) + (phone == "same")
        if family:
            family += any(r.field in ("home", "place") and r.level in ("district", "village") for r in results)
            results.append(FieldResult("sibling", "one" if family == 1 else "several"))
    return results
