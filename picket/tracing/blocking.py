"""Blocking: which pairs are worth comparing at all, so that 100,000 x 100,000 records stay feasible.

A pair is a candidate when the two records share at least one *blocking key*:

- ``c|<key>``: a strong name key of the child (``names.query_keys``: phonetic, skeleton and nickname keys;
  never weak words such as Kumari, never generic nicknames such as Chhotu), and ``cj|`` the whole name run
  together (Ramkumar = Ram Kumar);
- ``f|``/``m|``: the same keys of the father's and the mother's name;
- ``t|<digits>``: a phone number;
- compound keys, which stay small when a single key is common: child x father (``cf|``), child x district
  (``cd|``), child x state (``cs|``), father x district (``fd|``) — the last finds a child recorded only as
  "Chhotu" whose father's name and home district are known. A found child is looked up under its home
  district and state and under the district and state where it was found;
- ``d|<district>``: only for a record whose name is missing, a nickname or a generic "Chhotu", and which has
  no father's name: matched against every report of that district (refined by gender and year of birth).

A key shared by more than ``max_block`` reference records is refined: only the members of the same (or
unknown) gender are taken, bands of two years of birth outward from the record's own (a found child's
estimate ±4 years), then those of unknown age, up to ``max_block`` (a truncation is counted in the stats).
The candidates of a record are ranked by the summed rarity (``log(1 + N / block size)``) of the keys they share
(ties broken by gender, year of birth and district) and only the best ``max_compare`` are compared in full.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
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
        elif key.startswith("n:"):
            info = nickname_info(key[2:])
            if info is None or not info["generic"]:
                keys.add(key)
    return frozenset(keys)


@lru_cache(maxsize=1 << 18)
def _coarse_keys(name: PersonName) -> frozenset[str]:
    """One coarse key per strong word (its skeleton, or its phonetic key when that is short)."""
    keys = _name_keys(name)
    return frozenset({k for k in keys if k.startswith("s:")} or {k for k in keys if k[:2] == "p:"})


@lru_cache(maxsize=1 << 18)
def _child_keys(name: PersonName) -> frozenset[str]:
    """The child's name keys and the run-together name's key (Ramkumar = Ram Kumar)."""
    keys = _name_keys(name)
    if keys and name.joined:
        return keys | {"j:" + phonetic_key(name.joined)}
    return keys


def keys_of(p: Prepared, *, districts: Sequence[str], states: Sequence[str]) -> set[str]:
    """The blocking keys of a record; ``districts`` and ``states`` are the places it is to be paired in."""
    child = _child_keys(p.name)
    father = _name_keys(p.father)
    keys = {"c|" + k for k in child} | {"f|" + k for k in father} | {"m|" + k for k in _name_keys(p.mother)}
    keys |= {"t|" + phone for phone in p.phones}
    coarse_child, coarse_father = _coarse_keys(p.name), _coarse_keys(p.father)
    keys |= {f"cf|{c}|{f}" for c in coarse_child for f in coarse_father}
    weak_name = not p.name or p.name.nickname_only or p.name.generic_only
    for district in districts:
        if district:
            keys |= {f"cd|{c}|{district}" for c in coarse_child}
            keys |= {f"fd|{f}|{district}" for f in coarse_father}
            if weak_name and not coarse_father:
                keys.add("d|" + district)
    for state in states:
        if state:
            keys |= {f"cs|{c}|{state}" for c in coarse_child}
    return keys


def reference_keys(p: Prepared) -> set[str]:
    """Keys under which a reference record (a missing report) is indexed; its ``d|`` key always."""
    keys = keys_of(p, districts=[p.district], states=[p.state])
    if p.district:
        keys.add("d|" + p.district)
    return keys


def query_keys_of(p: Prepared, kind: str) -> set[str]:
    """Keys a record looks up: a found child in its home district and where it was found; a report in its own."""
    if kind == "link":
        return keys_of(p, districts=[p.home_district, p.district], states=[p.home_state, p.state])
    return keys_of(p, districts=[p.district], states=[p.state])


@dataclass
class BlockingStats:
    keys_refined: int = 0
    keys_truncated: int = 0
    pairs_compared: int = 0
    queries_without_keys: int = 0


@dataclass
class Index:
    """Reference records by blocking key; oversized blocks split by gender and band of year of birth."""

    records: Sequence[Prepared]
    max_block: int = 500
    blocks: dict[str, list[int]] = field(default_factory=dict)
    refined: dict[str, dict[tuple[str, int | None], list[int]]] = field(default_factory=dict)
    stats: BlockingStats = field(default_factory=BlockingStats)

    def __post_init__(self) -> None:
        blocks: defaultdict[str, list[int]] = defaultdict(list)
        for index, p in enumerate(self.records):
            for key in reference_keys(p):
                blocks[key].append(index)
        for key, members in blocks.items():
            if len(members) > self.max_block:
                parts: defaultdict[tuple[str, int | None], list[int]] = defaultdict(list)
                for index in members:
                    p = self.records[index]
                    band = None if p.birth_year is None else p.birth_year // BIRTH_BAND_YEARS
                    parts[(p.gender or "?", band)].append(index)
                self.refined[key] = dict(parts)
        self.blocks = {k: v for k, v in blocks.items() if len(v) <= self.max_block}

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
        for key in keys:
            members: Sequence[int] | None = self.blocks.get(key)
            size = len(members) if members is not None else 0
            if members is None and key in self.refined:
                self.stats.keys_refined += 1
                members = self._refined(key, p, BIRTH_WINDOW[kind])
                size = sum(len(part) for part in self.refined[key].values())
            if not members:
                continue
            rarity = math.log1p(total / size)
            for index in members:
                shares[index] += rarity
        if len(shares) <= limit:
            return list(shares)
        # Too many: break ties (every "Pooja" shares the same keys) by gender and year of birth.
        for index in shares:
            shares[index] += _fit_bonus(p, self.records[index], BIRTH_WINDOW[kind])
        return sorted(shares, key=shares.__getitem__, reverse=True)[:limit]


def _fit_bonus(p: Prepared, other: Prepared, window: int) -> float:
    bonus = 0.0
    if p.gender in ("M", "F") and other.gender in ("M", "F"):
        bonus += 1.0 if p.gender == other.gender else -2.0
    if p.birth_year is not None and other.birth_year is not None:
        bonus += 1.0 if abs(p.birth_year - other.birth_year) <= window else -1.0
    if p.district and other.district and p.district in (other.district, other.home_district):
        bonus += 0.5
    if p.home_district and p.home_district == other.district:
        bonus += 1.0
    return bonus
