"""Operator networks: ads posted by one operator, found by near-duplicate templates and shared identifiers.

Two ads are linked when

- they share a phone number, a handle or an e-mail address (identifiers seen in more than
  ``max_identifier_ads`` ads are ignored: those are portals' and helplines' numbers, not an operator's), or
- their templates are near duplicates: rensa MinHash LSH over word 3-gram shingles of the slot-masked text
  (``shingles.py``) proposes candidates, and a candidate is linked only if the estimated Jaccard similarity of
  the two ads' *distinctive* shingles is at least ``min_jaccard`` and each has at least ``min_shingles`` of them.

Networks are the connected components of these verified links (union-find). What keeps unrelated ads that
share only stock phrases ("Interested candidates contact immediately", "salary negotiable") apart:

1. **Boilerplate shingles are removed before linking.** A shingle seen in at least ``boilerplate_min_ads``
   ads is boilerplate when the ads that contain it are not alike: the mean MinHash similarity of their whole
   texts, over a sample of ``boilerplate_samples`` of them, is below ``boilerplate_max_similarity``. An
   operator's template shingles are frequent too, but the ads that carry them resemble each other.
2. **Verification** on the distinctive shingles, not on LSH collisions alone.
3. **A cap on hubs**: one ad may join at most ``max_text_merges`` different networks by text; an ad that
   resembles many unrelated networks is generic, and does not chain them.

:class:`NetworkIndex` builds the networks of a batch (:meth:`NetworkIndex.build`) and then takes new ads one
by one (:meth:`NetworkIndex.add`), as the database layer will. The boilerplate set is fixed at the last batch
build; rebuild periodically so that phrases that became common later are recognised.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

import numpy as np
import rensa  # type: ignore[import-untyped]

from picket.monitoring.shingles import as_tokens

NETWORK_PREFIX: Final = "N"


@dataclass(frozen=True)
class NetworkConfig:
    num_perm: int = 128
    num_bands: int = 32  # 4 rows a band: a pair at J=0.5 is a candidate with p≈0.87, at J=0.6 p≈0.99
    min_jaccard: float = 0.6
    min_jaccard_between_networks: float = 0.75
    min_shingles: int = 4
    boilerplate_min_ads: int = 3
    boilerplate_max_similarity: float = 0.3
    boilerplate_samples: int = 8
    max_identifier_ads: int = 1000
    max_text_merges: int = 3
    max_candidates: int = 48
    seed: int = 1128


@dataclass(slots=True)
class Member:
    """What the network index keeps of an ad (no text)."""

    id: str
    source: str
    posted_at: datetime.date | None
    city: str
    phones: tuple[str, ...]
    handles: tuple[str, ...]
    emails: tuple[str, ...]
    risk_score: float
    shingles: np.ndarray  # sorted distinct uint64 hashes (shingles.hashed)
    sketch: rensa.RMinHash | None = None  # whole-text sketch; used for the boilerplate test, then dropped


@dataclass
class Network:
    id: str
    ad_ids: list[str]
    phones: list[str]
    handles: list[str]
    emails: list[str]
    sources: list[str]
    movement: list[tuple[datetime.date | None, str]]  # (first date seen there, city), in order
    first_seen: datetime.date | None
    last_seen: datetime.date | None
    max_risk: float


@dataclass
class BuildStats:
    ads: int = 0
    shingles: int = 0
    boilerplate_shingles: int = 0
    identifier_links: int = 0
    identifiers_ignored: int = 0
    text_candidates: int = 0
    text_verified: int = 0
    hub_merges_refused: int = 0


@dataclass
class Attachment:
    """Where a new ad went: its network (empty if none yet), and the ads it was linked to directly."""

    network_id: str
    linked_to: list[str] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _evenly(length: int, count: int) -> Callable[[Sequence[int]], tuple[int, ...]]:
    """Picks ``count`` items spread evenly over a list of ``length``: items ``int(k * length / count)``."""
    step = length / count
    if count == 1:
        return lambda items: (items[0],)
    return operator.itemgetter(*[int(k * step) for k in range(count)])


class _UnionFind:
    def __init__(self) -> None:
        self.parent: list[int] = []
        self.size: list[int] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        self.size.append(1)
        return len(self.parent) - 1

    def find(self, item: int) -> int:
        parent = self.parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return ra


class NetworkIndex:
    def __init__(self, config: NetworkConfig | None = None):
        self.config = config or NetworkConfig()
        self.members: list[Member] = []
        self.position: dict[str, int] = {}
        self.sketches: list[rensa.RMinHash | None] = []
        self.boilerplate: frozenset[int] = frozenset()
        self.lsh = rensa.RMinHashLSH(self.config.min_jaccard, self.config.num_perm, self.config.num_bands)
        self.links = _UnionFind()
        self.identifiers: dict[str, list[int]] = {}
        self.network_of_root: dict[int, str] = {}
        self.next_network = 1
        self.stats = BuildStats()
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    # --- building ------------------------------------------------------------------------------------------

    @classmethod
    def build(cls, members: Sequence[Member], config: NetworkConfig | None = None) -> NetworkIndex:
        """The networks of a batch of ads (in the order given; network ids follow first appearance)."""
        index = cls(config)
        index.extend(members)
        index.finish()
        return index

    def extend(self, members: Sequence[Member], digests: np.ndarray | None = None) -> None:
        """One part of a batch build: the ads are appended and linked by their identifiers now; text links
        wait for :meth:`finish`, after the last part (the boilerplate needs the whole batch). ``digests``: the
        members' whole-text sketches as rows of a matrix (``RMinHash.digest()``), when they come as one;
        otherwise each member's ``sketch`` is read. Parts must follow the order of the batch."""
        count = len(members)
        if digests is None:
            width = next((len(d) for m in members if m.sketch is not None for d in [m.sketch.digest()]), 1)
            digests = np.zeros((count, width), dtype=np.uint32)
            has_sketch = np.zeros(count, dtype=bool)
            for row, member in enumerate(members):
                if member.sketch is not None:
                    digests[row] = member.sketch.digest()
                    has_sketch[row] = True
        else:
            has_sketch = np.ones(count, dtype=bool)
        lengths = np.fromiter((len(m.shingles) for m in members), dtype=np.int64, count=count)
        flat = np.concatenate([m.shingles for m in members]) if count else np.zeros(0, np.uint64)
        self._parts.append((flat, lengths, digests, has_sketch))
        for member in members:
            member.sketch = None
            position = self._append(member)
            self._link_identifiers(position)

    def finish(self) -> None:
        """Boilerplate, text links and network ids of the batch given to :meth:`extend`."""
        config = self.config
        count = len(self.members)
        self.stats.ads = count
        parts, self._parts = self._parts, []
        width = max((p[2].shape[1] for p in parts), default=1)  # a part without sketches has width 1
        flat = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.uint64)
        lengths = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.int64)
        digests = np.concatenate(
            [p[2] if p[2].shape[1] == width else np.zeros((len(p[1]), width), np.uint32) for p in parts]
        ) if parts else np.zeros((0, width), np.uint32)  # fmt: skip
        has_sketch = np.concatenate([p[3] & (p[2].shape[1] == width) for p in parts]) if parts else np.zeros(0, bool)
        del parts
        owner = np.repeat(np.arange(count, dtype=np.int64), lengths)
        self.stats.shingles = len(flat)
        boilerplate, keep = self._boilerplate(flat, owner, digests, has_sketch)
        del digests, has_sketch
        self.boilerplate = frozenset(boilerplate.tolist())
        self.stats.boilerplate_shingles = len(boilerplate)
        kept_lengths = np.bincount(owner[keep], minlength=count)
        kept = flat[keep]
        ends = np.cumsum(kept_lengths).tolist()
        starts = [0, *ends][:count]
        del owner, keep, flat
        eligible = np.flatnonzero(kept_lengths >= config.min_shingles).tolist()
        chunk = 20_000
        for start in range(0, len(eligible), chunk):
            part = eligible[start : start + chunk]
            tokens = [as_tokens(kept[starts[i] : ends[i]]) for i in part]
            sketches = rensa.RMinHash.from_token_sets(tokens, config.num_perm, config.seed)
            for i, sketch in zip(part, sketches, strict=True):
                self.sketches[i] = sketch
            self.lsh.insert_pairs(list(zip(part, sketches, strict=True)))
        for start in range(0, len(eligible), chunk):
            part = eligible[start : start + chunk]
            queries = [s for i in part if (s := self.sketches[i]) is not None]
            for i, candidates in zip(part, self.lsh.query_all(queries), strict=True):
                self._link_text(i, candidates)
        self._name_networks()

    def _append(self, member: Member) -> int:
        position = self.links.add()
        self.members.append(member)
        self.sketches.append(None)
        self.position[member.id] = position
        return position

    def _boilerplate(
        self, flat: np.ndarray, owner: np.ndarray, digests: np.ndarray, has_sketch: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Shingles frequent across ads that do not resemble each other (see the module doc).

        For each frequent shingle, up to ``boilerplate_samples`` of its ads, evenly spaced in batch order, are
        taken (each ad once, in order), and the MinHash similarities of consecutive ones (both with a sketch)
        are averaged: below ``boilerplate_max_similarity``, the shingle is boilerplate. Vectorised in blocks;
        a similarity is a count of equal digest entries over the digest's width, so the sums are exact.

        Returns the boilerplate shingles (sorted) and which of ``flat`` are not boilerplate. One stable sort:
        ``order`` lists each shingle's occurrences together, in batch order."""
        config = self.config
        empty = np.zeros(0, dtype=np.uint64)
        if not len(flat):
            return empty, np.ones(0, dtype=bool)
        order = np.argsort(flat, kind="stable")
        ordered = flat[order]
        first = np.ones(len(flat), dtype=bool)
        first[1:] = ordered[1:] != ordered[:-1]
        starts = np.flatnonzero(first)
        unique = ordered[starts]
        del ordered
        counts = np.diff(np.append(starts, len(flat)))
        frequent = np.flatnonzero(counts >= config.boilerplate_min_ads)
        if not len(frequent):
            return empty, np.ones(len(flat), dtype=bool)
        samples = config.boilerplate_samples
        width = digests.shape[1]
        none = len(has_sketch)  # sorts after every ad
        column = np.arange(samples, dtype=np.int64)
        stock = []
        block = 50_000
        for begin in range(0, len(frequent), block):
            shingle = frequent[begin : begin + block]
            size, start = counts[shingle].astype(np.int64), starts[shingle].astype(np.int64)
            k = np.minimum(samples, size)
            valid = column[None, :] < k[:, None]
            offset = (column[None, :] * (size[:, None] - 1)) // np.maximum(k - 1, 1)[:, None]
            picks = np.where(valid, start[:, None] + offset, start[:, None])
            ads = np.where(valid, owner[order[picks]], none)
            ads.sort(axis=1)
            repeated = np.zeros_like(valid)
            repeated[:, 1:] = ads[:, 1:] == ads[:, :-1]
            ads[repeated] = none
            ads.sort(axis=1)
            present = ads < none
            sketched = present.copy()
            sketched[present] = has_sketch[ads[present]]
            pair = sketched[:, 1:] & sketched[:, :-1]
            safe = np.where(present, ads, 0)
            equal = np.zeros(pair.shape, dtype=np.int64)
            for j in range(samples - 1):
                rows = np.flatnonzero(pair[:, j])
                if len(rows):
                    equal[rows, j] = (digests[safe[rows, j]] == digests[safe[rows, j + 1]]).sum(axis=1)
            pairs = pair.sum(axis=1)
            similarity = (equal / width * pair).sum(axis=1) / np.maximum(pairs, 1)
            stock.append(
                shingle[(pairs > 0) & (present.sum(axis=1) >= 2) & (similarity < config.boilerplate_max_similarity)]
            )
        chosen = np.concatenate(stock)
        if not len(chosen):
            return empty, np.ones(len(flat), dtype=bool)
        stock_shingle = np.zeros(len(unique), dtype=bool)
        stock_shingle[chosen] = True
        keep = np.empty(len(flat), dtype=bool)
        keep[order] = ~stock_shingle[np.cumsum(first) - 1]
        return unique[chosen], keep

    # --- linking -------------------------------------------------------------------------------------------

    def _link_identifiers(self, position: int) -> list[int]:
        member = self.members[position]
        linked = []
        for identifier in (*member.phones, *member.handles, *member.emails):
            ads = self.identifiers.setdefault(identifier, [])
            ads.append(position)
            if len(ads) > self.config.max_identifier_ads:
                if len(ads) == self.config.max_identifier_ads + 1:
                    self.stats.identifiers_ignored += 1
                continue
            if len(ads) > 1:
                self._union(position, ads[0])
                self.stats.identifier_links += 1
                linked.append(ads[0])
        return linked

    def _link_text(self, position: int, candidates: Iterable[int]) -> list[int]:
        config = self.config
        sketch = self.sketches[position]
        if sketch is None:
            return []
        found = candidates if isinstance(candidates, list) else list(candidates)
        if position in found:  # the ad itself, taken out (list methods: large networks give long lists)
            found = found.copy()
            for _ in range(found.count(position)):
                found.remove(position)
        if len(found) > config.max_candidates:
            found = list(_evenly(len(found), config.max_candidates)(found))
        find, size, parent = self.links.find, self.links.size, self.links.parent
        merged_roots: set[int] = set()
        linked = []
        own = find(position)
        for candidate in found:
            root = parent[candidate]
            if parent[root] != root:
                root = find(candidate)
            if root == own or root in merged_roots:
                continue
            other = self.sketches[candidate]
            self.stats.text_candidates += 1
            if other is None:
                continue
            similarity = sketch.jaccard(other)
            both_networks = size[root] > 1 and size[own] > 1
            if similarity < (config.min_jaccard_between_networks if both_networks else config.min_jaccard):
                continue
            if len(merged_roots) >= config.max_text_merges:
                self.stats.hub_merges_refused += 1
                continue
            self.stats.text_verified += 1
            merged_roots.add(root)
            own = self._union(position, candidate)
            linked.append(candidate)
        return linked

    def _union(self, a: int, b: int) -> int:
        """Join two ads' networks; a merged network keeps the older id (ids exist once the batch is named)."""
        find = self.links.find
        root_a, root_b = find(a), find(b)
        if root_a == root_b:
            return root_a
        ids = [i for i in (self.network_of_root.pop(root_a, ""), self.network_of_root.pop(root_b, "")) if i]
        root = self.links.union(root_a, root_b)
        if ids:
            self.network_of_root[root] = min(ids)
        return root

    def _name_networks(self) -> None:
        """Ids in order of first appearance for every component of two or more ads."""
        self.network_of_root = {}
        find, size = self.links.find, self.links.size
        for position in range(len(self.members)):
            root = find(position)
            if size[root] > 1 and root not in self.network_of_root:
                self.network_of_root[root] = self._new_id()

    def _new_id(self) -> str:
        network_id = f"{NETWORK_PREFIX}{self.next_network:06d}"
        self.next_network += 1
        return network_id

    # --- one ad at a time ----------------------------------------------------------------------------------

    def add(self, member: Member) -> Attachment:
        """Attach one new ad (its shingles already hashed) to its network; ids of merged networks keep the
        oldest."""
        if member.id in self.position:
            raise ValueError("an ad with this id is already in the index")
        config = self.config
        position = self._append(member)
        linked = self._link_identifiers(position)
        kept = [h for h in member.shingles.tolist() if h not in self.boilerplate]
        if len(kept) >= config.min_shingles:
            sketch = rensa.RMinHash(config.num_perm, config.seed)
            sketch.update(as_tokens(np.asarray(kept, dtype=np.uint64)))
            self.sketches[position] = sketch
            linked += self._link_text(position, self.lsh.query(sketch))
            self.lsh.insert(position, sketch)
        member.sketch = None
        return Attachment(self._network_after_add(position), [self.members[p].id for p in linked])

    def _network_after_add(self, position: int) -> str:
        root = self.links.find(position)
        if self.links.size[root] < 2:
            return ""
        if root not in self.network_of_root:
            self.network_of_root[root] = self._new_id()
        return self.network_of_root[root]

    # --- reading -------------------------------------------------------------------------------------------

    def network_id(self, ad_id: str) -> str:
        """The network of an ad, or "" when it is linked to no other ad."""
        root = self.links.find(self.position[ad_id])
        return self.network_of_root.get(root, "")

    def assignments(self) -> dict[str, str]:
        find = self.links.find
        return {m.id: self.network_of_root.get(find(p), "") for p, m in enumerate(self.members)}

    def networks(self) -> list[Network]:
        """Every network with its ads, identifiers, cities over time and first and last sighting."""
        groups: dict[str, list[int]] = {}
        find = self.links.find
        for position in range(len(self.members)):
            network_id = self.network_of_root.get(find(position))
            if network_id:
                groups.setdefault(network_id, []).append(position)
        return [self._summary(network_id, positions) for network_id, positions in sorted(groups.items())]

    def network(self, network_id: str) -> Network | None:
        return next((n for n in self.networks() if n.id == network_id), None)

    def _summary(self, network_id: str, positions: list[int]) -> Network:
        members = [self.members[p] for p in positions]
        dated = sorted(members, key=lambda m: (m.posted_at or datetime.date.max, m.id))
        movement: list[tuple[datetime.date | None, str]] = []
        for member in dated:
            if member.city and (not movement or movement[-1][1] != member.city):
                movement.append((member.posted_at, member.city))
        dates = [m.posted_at for m in members if m.posted_at]
        return Network(
            id=network_id,
            ad_ids=[m.id for m in dated],
            phones=sorted({p for m in members for p in m.phones}),
            handles=sorted({h for m in members for h in m.handles}),
            emails=sorted({e for m in members for e in m.emails}),
            sources=sorted({m.source for m in members if m.source}),
            movement=movement,
            first_seen=min(dates) if dates else None,
            last_seen=max(dates) if dates else None,
            max_risk=max(m.risk_score for m in members),
        )
