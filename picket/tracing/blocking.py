"""Blocking: which pairs are worth comparing at all, so that 100,000 x 100,000 records stay feasible.

A pair is a candidate when the two records share at least one *blocking key*:

- ``c|<key>``: a strong name key of the child (``names.query_keys``: phonetic, skeleton and nickname keys;
  never weak words such as Kumari, never generic nicknames such as Chhotu), and ``cj|`` the whole name run
  together (Ramkumar = Ram Kumar);
- ``f|``/``m|``: the same keys of the father's and the mother's name;
- ``t|<digits>``: a phone number;
- compound keys, which stay small when a single key is common: child x father (``cf|``), child x mother
  (``cm|``), child x district (``cd|``), child x state (``cs|``), father x district (``fd|``) and x state
  (``fs|``) — these find a child recorded only as "Chhotu" whose father's name and home district or state
  are known — and an identifying mark (its kind and part of the body, in any language: ``burn.hand``) x
  district (``kd|``), x state (``ks|``) and x father (``fk|``), which find a child who gives no usable name
  but whose scar the report describes. A found child is looked up under its home district and state and
  under the district and state where it was found;
- ``d|<district>``: only for a record whose name is missing, a nickname or a generic "Chhotu" (whether or not
  a parent's name is known: the report may not give it): matched against every report of that district, and,
  when its home district is not known, ``st|<state>`` against every report of its states (both refined by
  gender and year of birth, below).

A key shared by more than ``max_block`` reference records is refined: only the members of the same (or
unknown) gender are taken, bands of two years of birth outward from the record's own (a found child's
estimate ±4 years), then those of unknown age, up to ``max_block`` (a truncation is counted in the stats).
The candidates of a record are ranked by the summed rarity (``log(1 + N / block size)``) of the keys they share
(ties broken by gender, year of birth and district; a phone shared by few records counts ``PHONE_WEIGHT`` times)
and only the best ``max_compare`` are compared in full.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import InitVar, dataclass, field
from functools import lru_cache
from typing import Final

from picket.people.names import nickname_info, phonetic_key, query_keys
from picket.tracing.records import PersonName, Prepared

BIRTH_BAND_YEARS: Final = 2
#: How far (in years) the year of birth implied by an age may be off: found children's ages are estimates.
BIRTH_WINDOW: Final = {"link": 4, "dedupe": 2}


@lru_cache(maxsize=1 << 18)
def _name_keys(name: PersonName) -> frozenset[str]:
    """Blocking keys of a name, cached: in a large file the same names recur thousands of times."""
    if not name or name.generic_only:
        return frozenset()
    keys = set()
    for key in query_keys(name.raw):
        if key.startswith(("p:", "s:")):
            keys.add(key)
            keys |= _without_final_a(key)
        elif key.startswith("n:"):
            info = nickname_info(key[2:])
            if info is None or not info["generic"]:
                keys.add(key)
    return frozenset(keys)


def _without_final_a(key: str) -> set[str]:
    """The key of the name with its final "a" dropped (Sabina → Sabin, Subrata → Subrat, Fatima → Fatim), which
    clerks and children often drop; scoring then decides whether it is a spelling or a brother's name."""
    word = key[2:]
    if len(word) >= 4 and word[-1] == "a" and word[-2] not in "aeiouy":
        return {key[:-1]}
    return set()


@lru_cache(maxsize=1 << 18)
def _coarse_keys(name: PersonName) -> frozenset[str]:
    """One coarse key per strong word: its skeleton (or its phonetic key when that is short), without a final
    "a" after a consonant, so that Fatima and Fatim, Subrata and Subrat (and Amit and Amita) share it."""
    keys = _name_keys(name)
    skeletons = {k for k in keys if k.startswith("s:")}
    coarse = skeletons or {k for k in keys if k[:2] == "p:"}
    return frozenset(k for k in coarse if not (k.endswith("a") and k[:-1] in coarse))


@lru_cache(maxsize=1 << 18)
def _child_keys(name: PersonName) -> frozenset[str]:
    """The child's name keys and the run-together name's key (Ramkumar = Ram Kumar)."""
    keys = _name_keys(name)
    if keys and name.joined:
        return keys | {"j:" + phonetic_key(name.joined)}
    return keys


@lru_cache(maxsize=4096)
def _mark_keys(marks: frozenset[str]) -> frozenset[str]:
    """One key per kind of mark on a part of the body (``burn.hand``): what a report and a child's own account
    both say, in any language; the side is left out (it is the detail most often written the other way)."""
    types = sorted(t[5:] for t in marks if t.startswith("type:"))
    parts = sorted(t[5:] for t in marks if t.startswith("part:"))
    return frozenset(f"{kind}.{part}" for kind in types for part in parts)


def keys_of(p: Prepared, *, districts: Sequence[str], states: Sequence[str], home_known: bool = True) -> set[str]:
    """The blocking keys of a record; ``districts`` and ``states`` are the places it is to be paired in. A record
    with no usable name whose home district is not known (``home_known``) is paired with its states' reports."""
    child = _child_keys(p.name)
    father = _name_keys(p.father)
    keys = {"c|" + k for k in child} | {"f|" + k for k in father} | {"m|" + k for k in _name_keys(p.mother)}
    keys |= {"t|" + phone for phone in p.phones}
    coarse_child, coarse_father = _coarse_keys(p.name), _coarse_keys(p.father)
    keys |= {f"cf|{c}|{f}" for c in coarse_child for f in coarse_father}
    keys |= {f"cm|{c}|{m}" for c in coarse_child for m in _coarse_keys(p.mother)}
    marks = _mark_keys(p.marks)
    keys |= {f"fk|{f}|{k}" for f in coarse_father for k in marks}
    weak_name = not p.name or p.name.nickname_only or p.name.generic_only
    for district in districts:
        if district:
            keys |= {f"cd|{c}|{district}" for c in coarse_child}
            keys |= {f"fd|{f}|{district}" for f in coarse_father}
            keys |= {f"kd|{k}|{district}" for k in marks}
            if weak_name:
                keys.add("d|" + district)
    for state in states:
        if state:
            keys |= {f"cs|{c}|{state}" for c in coarse_child}
            keys |= {f"ks|{k}|{state}" for k in marks}
            keys |= {f"fs|{f}|{state}" for f in coarse_father}
            if weak_name and not home_known:
                keys.add("st|" + state)
    return keys


def reference_keys(p: Prepared) -> set[str]:
    """Keys under which a reference record (a missing report) is indexed; its ``d|`` key always."""
    keys = keys_of(p, districts=[p.district], states=[p.state])
    if p.district:
        keys.add("d|" + p.district)
    if p.state:
        keys.add("st|" + p.state)
    return keys


def query_keys_of(p: Prepared, kind: str) -> set[str]:
    """Keys a record looks up: a found child in its home district and where it was found; a report in its own."""
    if kind == "link":
        districts, states = [p.home_district, p.district], [p.home_state, p.state]
        return keys_of(p, districts=districts, states=states, home_known=bool(p.home_district))
    return keys_of(p, districts=[p.district], states=[p.state], home_known=bool(p.district))


#: A phone number shared with few records is nearly decisive (the scorer weighs it more than any name): when
#: ranking candidates its rarity counts this many times, so that it is compared however many records share a
#: common name's keys with the subject. A number shared by many records (a police station's, a helpline's) is not.
PHONE_WEIGHT: Final = 10.0
PHONE_BLOCK_MAX: Final = 10


def key_weight(key: str, size: int) -> float:
    """How much the rarity of ``key`` (shared by ``size`` records) counts when ranking candidates."""
    return PHONE_WEIGHT if key.startswith("t|") and size <= PHONE_BLOCK_MAX else 1.0


@dataclass
class BlockingStats:
    keys_refined: int = 0
    keys_truncated: int = 0
    pairs_compared: int = 0
    queries_without_keys: int = 0


#: Gender codes in the compact per-record arrays.
_GENDER_CODE: Final = {"M": 1, "F": 2, "X": 3}
_GENDER_OF_CODE: Final = ("?", "M", "F", "X")
_NO_YEAR: Final = -32768
#: Bounds of ``Index._fit_bonus``: gender +1 or -2, year of birth from -1 to +1, district +0.5, home district +1.
_MAX_BONUS: Final = 3.5
_MIN_BONUS: Final = -3.0
#: Room for rounding when comparing sums against these bounds.
_BOUND_MARGIN: Final = 1e-6


@dataclass
class Index:
    """Reference records by blocking key; oversized blocks split by gender and band of year of birth.

    Compact, because a file of a million reports has millions of block entries and forked workers read them:
    each block is an ``array('i')`` of record positions (4 bytes an entry, no int objects whose reference counts
    would be written, and so copied, by every reader), and what ranking needs of each record — gender, year of
    birth, district — is kept in parallel arrays, so that looking up a record's candidates touches no record
    object. Only the ``max_compare`` best are then read in full.
    """

    records: Sequence[Prepared]
    max_block: int = 500
    blocks: dict[str, array[int]] = field(default_factory=dict)
    refined: dict[str, dict[tuple[str, int | None], array[int]]] = field(default_factory=dict)
    stats: BlockingStats = field(default_factory=BlockingStats)

    #: Built by the caller: ``add`` each record in order, then ``finish`` (``Linker`` prepares each report once and
    #: streams it into the frequencies, the index and its compact ``records``).
    deferred: InitVar[bool] = False

    def __post_init__(self, deferred: bool) -> None:
        self._blocks: dict[str, array[int]] = {}
        self._places: dict[str, int] = {"": 0}
        self._gender, self._year = array("b"), array("h")
        self._district, self._home = array("i"), array("i")
        if not deferred:
            for index, p in enumerate(self.records):
                self.add(index, p)
            self.finish()

    def add(self, index: int, p: Prepared) -> None:
        """Index the record at position ``index`` (the next one)."""
        places, blocks = self._places, self._blocks
        self._gender.append(_GENDER_CODE.get(p.gender, 0))
        self._year.append(_NO_YEAR if p.birth_year is None else max(min(p.birth_year, 32767), -32767))
        self._district.append(places.setdefault(p.district, len(places)))
        self._home.append(places.setdefault(p.home_district, len(places)))
        for key in reference_keys(p):
            block = blocks.get(key)
            if block is None:
                blocks[key] = array("i", (index,))
            else:
                block.append(index)

    def finish(self) -> None:
        """Split the oversized blocks by gender and band of year of birth."""
        blocks, genders, years = self._blocks, self._gender, self._year
        for key in [k for k, members in blocks.items() if len(members) > self.max_block]:
            parts: dict[tuple[str, int | None], array[int]] = {}
            for index in blocks.pop(key):
                # Gender and year of birth from the arrays (as ``records[index]`` has them): no record is read.
                year = years[index]
                if year in (32767, -32767):
                    year = self.records[index].birth_year or 0
                band = None if year == _NO_YEAR else year // BIRTH_BAND_YEARS
                parts.setdefault((_GENDER_OF_CODE[genders[index]], band), array("i")).append(index)
            self.refined[key] = parts
        self.blocks = blocks
        del self._blocks

    def _refined(self, key: str, p: Prepared, window: int) -> list[int]:
        """Members of an oversized block nearest to ``p``: same gender (or unknown), years of birth outward from
        ``p``'s within ``window``, then those of unknown age; at most ``max_block``."""
        parts = self.refined[key]
        genders = (p.gender, "?") if p.gender in ("M", "F") else ("M", "F", "X", "?")
        if p.birth_year is None:
            bands: list[int | None] = [*sorted({band for _, band in parts if band is not None})]
        else:
            centre = p.birth_year // BIRTH_BAND_YEARS
            reach = window // BIRTH_BAND_YEARS + 1
            bands = [centre + step * sign for step in range(reach + 1) for sign in ((1,) if step == 0 else (-1, 1))]
        bands.append(None)
        members: list[int] = []
        for band in bands:
            for gender in genders:
                members += parts.get((gender, band), ())
            if len(members) >= self.max_block:
                self.stats.keys_truncated += 1
                return members[: self.max_block]
        return members

    def candidates(self, p: Prepared, kind: str, *, limit: int) -> list[int]:
        """Indexes of the reference records worth comparing with ``p``, best-sharing first, at most ``limit``."""
        total = max(len(self.records), 1)
        shares: defaultdict[int, float] = defaultdict(float)
        keys = query_keys_of(p, kind)
        if not keys:
            self.stats.queries_without_keys += 1
        for key in sorted(keys):  # a set's order follows the hash seed; the sums and ties must not
            members: Sequence[int] | None = self.blocks.get(key)
            size = len(members) if members is not None else 0
            if members is None and key in self.refined:
                self.stats.keys_refined += 1
                members = self._refined(key, p, BIRTH_WINDOW[kind])
                size = sum(len(part) for part in self.refined[key].values())
            if not members:
                continue
            rarity = math.log1p(total / size) * key_weight(key, size)
            for index in members:
                shares[index] += rarity
        if len(shares) <= limit:
            return list(shares)
        # Too many: break ties (every "Pooja" shares the same keys) by gender, year of birth and district. The
        # bonus lies in [_MIN_BONUS, _MAX_BONUS], so a record whose share plus the highest bonus stays below the
        # limit-th best share plus the lowest bonus cannot be among the best: it is left out before the bonus is
        # computed, which leaves the others' values and order as they were.
        lowest = heapq.nlargest(limit, shares.values())[-1] + _MIN_BONUS - _BOUND_MARGIN
        bonus = self._fit_bonus(p, BIRTH_WINDOW[kind])
        best = {}
        for index, share in shares.items():
            if share + _MAX_BONUS >= lowest:
                best[index] = share + bonus(index)
        # Ties (many) go to the earlier record, so that the output never depends on the order of a set.
        return sorted(best, key=lambda index: (-best[index], index))[:limit]

    def _fit_bonus(self, p: Prepared, window: int) -> Callable[[int], float]:
        """How well a reference record fits ``p`` on gender, year of birth and district (read from the arrays):
        between ``_MIN_BONUS`` and ``_MAX_BONUS``."""
        gender = _GENDER_CODE.get(p.gender, 0) if p.gender in ("M", "F") else 0
        year = p.birth_year
        district = self._places.get(p.district, -1) if p.district else -1
        home = self._places.get(p.home_district, -1) if p.home_district else -1
        genders, years, districts, homes = self._gender, self._year, self._district, self._home

        def bonus(index: int) -> float:
            value = 0.0
            other = genders[index]
            if gender and other in (1, 2):
                value += 1.0 if other == gender else -2.0
            other_year = years[index]
            if year is not None and other_year != _NO_YEAR:
                # Graded, so that among hundreds of children of one district the nearest ages come first.
                value += 1.0 - min(abs(year - other_year), 2 * window) / window
            if district > 0 and district in (districts[index], homes[index]):
                value += 0.5
            if home > 0 and home == districts[index]:
                value += 1.0
            return value

        return bonus
