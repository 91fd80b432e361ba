"""The tracing engine: score found children against missing reports, and missing reports against each other.

Model (ADR 13): for a candidate pair, each field gives a level (:mod:`picket.tracing.features`); the score is

    logit(score) = logit(prior / N) + bias + Σ weight[field=level] + Σ coefficient[field:tf] x rarity

a Fellegi-Sunter sum of log-likelihood ratios turned into a probability. ``prior`` is the share of found
children whose report is in the file (``link``, default 0.5) or of reports that have a duplicate (``dedupe``,
default 0.1) and ``N`` the number of reports each one could match, so a resemblance among 100,000 reports
counts for less than among 100. Scores are absolute: a pair's score does not depend on the other candidates.

Public API: :class:`Config`, :class:`Candidate`, :class:`Linker` (``compare``, ``candidates``, ``link``),
:class:`Deduper` (``compare``, ``duplicates``), and the shortcuts :func:`link`, :func:`dedupe`.
"""

from __future__ import annotations

import gc
import math
import multiprocessing as mp
import os
import time
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from picket.tracing.blocking import BlockingStats, Index
from picket.tracing.explain import Evidence, describe
from picket.tracing.features import DEDUPE, LINK, FieldResult, Frequencies, compare
from picket.tracing.places import Gazetteer
from picket.tracing.records import Prepared, PreparedColumns, Record, prepare
from picket.tracing.weights import DEFAULT_DEDUPE, DEFAULT_LINK

MATCH: Final = "match"
POSSIBLE: Final = "possible"
DEFAULT_PRIOR: Final = {LINK: 0.5, DEDUPE: 0.1}
DEFAULT_SIBLING_CAP: Final = {LINK: 0.3, DEDUPE: 0.1}


@dataclass(frozen=True)
class Config:
    """Thresholds and limits. ``weights`` replaces the shipped weights (e.g. from ``calibration.calibrate``).

    ``sibling_cap``: the highest score for two different names in the same family (father and mother, or a
    parent and the phone or home district, agree): a brother or sister, or the child renamed. Additive weights
    would count the family's details once per field and, in a small file, rate a sister as the child. The default
    (``DEFAULT_SIBLING_CAP``) keeps such a found child in the review queue as ``possible`` (the family is worth a
    call) but never a ``match``; two reports of sisters are not duplicates, so ``dedupe`` caps them below
    ``possible``.
    """

    #: Chosen by measured precision, with a margin: 0.965-0.984 of the pairs at or above 0.9 were true on fresh
    #: seeds of the realistic generator, 0.953-0.962 at 0.85 (0.943 on the benchmark's seed); ADR 13.
    match_threshold: float = 0.9
    possible_threshold: float = 0.2
    max_candidates: int = 10
    max_compare: int = 100
    max_block: int = 500
    prior: float | None = None
    weights: Mapping[str, float] | None = None
    sibling_cap: float | None = None
    #: Processes that score found children once the index is built (forked, sharing it); 0: one per CPU, at
    #: most 2, when there are at least ``PARALLEL_MIN_FOUND`` found children and the estimated memory of the
    #: process tree stays within ``memory_limit_mb`` (see ``auto_workers``).
    workers: int = 0
    memory_limit_mb: int = 4000
    #: A found child's best candidates are kept up to ``leads`` even below ``possible_threshold`` — weak leads —
    #: if they score at least ``lead_floor``: scores are calibrated, and among a million reports the true report
    #: of a common name with the right age and home district can score 0.002 (ADR 16 addendum).
    leads: int = 5
    lead_floor: float = 0.001

    def decision(self, score: float) -> str | None:
        if score >= self.match_threshold:
            return MATCH
        return POSSIBLE if score >= self.possible_threshold else None

    def kept(self, scores: Sequence[float], *, leads: bool = True) -> int:
        """How many of ``scores`` (best first) to put forward: those at or above ``possible_threshold``, at most
        ``max_candidates``; with ``leads``, topped up to ``leads`` with the next ones scoring at least
        ``lead_floor``."""
        count = 0
        while count < len(scores) and count < self.max_candidates and scores[count] >= self.possible_threshold:
            count += 1
        if leads:
            while count < len(scores) and count < self.leads and scores[count] >= self.lead_floor:
                count += 1
        return count


def features(results: Iterable[FieldResult]) -> dict[str, float]:
    """The model's inputs for one pair: ``bias``, an indicator per ``field=level`` and each rarity term."""
    values = {"bias": 1.0}
    for result in results:
        values[f"{result.field}={result.level}"] = 1.0
        if result.tf:
            values[f"{result.field}:tf"] = result.tf
    return values


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def prior_offset(prior: float, choices: int) -> float:
    """Log prior odds that a given pair is the same child: ``prior`` spread over ``choices`` records."""
    p = min(max(prior, 1e-9) / max(choices, 1), 0.5)
    return math.log(p / (1.0 - p))


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a large structure without cycles is built: each collection would walk
    every object made so far (a million records and their index), for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True, eq=False)
class Candidate:
    """A scored pair. ``other_id`` is the found child's id (link) or the other report's id (dedupe)."""

    missing_id: str
    other_id: str
    score: float
    decision: str | None
    kind: str
    logit: float
    offset: float
    results: tuple[FieldResult, ...]
    a: Prepared = field(repr=False)
    b: Prepared = field(repr=False)
    weights: Mapping[str, float] = field(repr=False)

    @property
    def found_id(self) -> str:
        return self.other_id

    def features(self) -> dict[str, float]:
        return features(self.results)

    def evidence(self) -> list[Evidence]:
        """Every field's verdict, text and weight, in a fixed order (child's name first)."""
        out = []
        for result in self.results:
            weight = self.weights.get(f"{result.field}={result.level}", 0.0)
            weight += self.weights.get(f"{result.field}:tf", 0.0) * result.tf
            label, said, text = describe(result, self.a, self.b, self.kind)
            out.append(Evidence(label, said, text, round(weight, 2)))
        return out

    def explain(self) -> list[tuple[str, str, str]]:
        """``(field, verdict, text)`` for the fields known on both records, e.g. ("father's name", "agrees",
        "Ramesh ≈ रमेश")."""
        return [e.as_tuple() for e in self.evidence() if e.verdict != "unknown"]


class Scorer:
    """Scores pairs of prepared records. ``choices`` is how many reports one record could match (the prior odds
    are spread over them); ``frequencies`` gives the rarity of names, districts and languages among them. The
    file commands build both from the file; the stored-records path (``tracing.candidates``) from the database.
    """

    def __init__(self, kind: str, config: Config, *, choices: int, frequencies: Frequencies):
        self.kind, self.config = kind, config
        self.weights: Mapping[str, float] = config.weights or (DEFAULT_LINK if kind == LINK else DEFAULT_DEDUPE)
        prior = DEFAULT_PRIOR[kind] if config.prior is None else config.prior
        self.offset = prior_offset(prior, choices)
        self.frequencies = frequencies
        cap = DEFAULT_SIBLING_CAP[kind] if config.sibling_cap is None else config.sibling_cap
        self.sibling_limit = math.log(cap / (1.0 - cap)) if 0.0 < cap < 1.0 else None
        self._level_weights: dict[str, dict[str, float]] = {}
        self._tf_weights: dict[str, float] = {}

    def logit(self, a: Prepared, b: Prepared) -> tuple[tuple[FieldResult, ...], float]:
        """The pair's field results and its log-odds (the sum in the module doc, capped for siblings)."""
        results = tuple(compare(a, b, self.kind, self.frequencies))
        level_weights, tf_weights = self._level_weights, self._tf_weights
        logit = self.offset + self.weights.get("bias", 0.0)
        for field_name, level, tf in results:
            # The same sum, in the same order, as ``weights[f"{field}={level}"]`` (+ ``weights[f"{field}:tf"]`` x tf)
            # with the weights looked up once per field and level.
            by_level = level_weights.get(field_name)
            if by_level is None:
                by_level = level_weights[field_name] = {}
            weight = by_level.get(level)
            if weight is None:
                weight = by_level[level] = self.weights.get(f"{field_name}={level}", 0.0)
            logit += weight
            if tf:
                tf_weight = tf_weights.get(field_name)
                if tf_weight is None:
                    tf_weight = tf_weights[field_name] = self.weights.get(f"{field_name}:tf", 0.0)
                logit += tf_weight * tf
        if self.sibling_limit is not None and any(r.field == "sibling" and r.level == "several" for r in results):
            logit = min(logit, self.sibling_limit)
        return results, logit

    def score(self, a: Prepared, b: Prepared) -> Candidate:
        results, logit = self.logit(a, b)
        score = sigmoid(logit)
        return Candidate(
            missing_id=a.record_id,
            other_id=b.record_id,
            score=score,
            decision=self.config.decision(score),
            kind=self.kind,
            logit=logit,
            offset=self.offset,
            results=results,
            a=a,
            b=b,
            weights=self.weights,
        )

    def best(self, candidates: list[Candidate], *, keep_all: bool = False) -> list[Candidate]:
        """Best first: ``Config.kept`` of them (weak leads for a found child, none for two reports), or every one
        (``keep_all``, for calibration)."""
        candidates.sort(key=lambda c: (-c.score, c.missing_id, c.other_id))
        if keep_all:
            return candidates
        return candidates[: self.config.kept([c.score for c in candidates], leads=self.kind == LINK)]


class Linker:
    """Found children against a file of missing reports (indexed once)."""

    def __init__(self, missing: Sequence[Record], config: Config | None = None):
        self.config = config or Config()
        #: Wall and CPU seconds (this process) of each phase: prepare+index, score (benchmarks).
        self.timings: dict[str, tuple[float, float]] = {}
        with self._timed("prepare+index"), paused_gc():
            # Each report is prepared once and streamed into the frequencies, the index and the compact columns
            # (``PreparedColumns``): a million ``Prepared`` objects are never kept (docs/benchmarks.md).
            self.missing = PreparedColumns(missing)
            self.index = Index(self.missing, max_block=self.config.max_block, deferred=True)
            self.places = Gazetteer()

            def prepared() -> Iterator[Prepared]:
                for position, record in enumerate(missing):
                    p = prepare(record)
                    self.missing.append(p)
                    self.index.add(position, p)
                    self.places.add(p)
                    yield p

            frequencies = Frequencies.of(prepared())
            if frequencies.total != len(self.missing):  # Frequencies.of must read the stream once, to its end
                raise RuntimeError("the reports were not all counted")
            self.index.finish()
            self._scorer = Scorer(LINK, self.config, choices=len(self.missing), frequencies=frequencies)
        #: Processes that scored the found children in the last ``rows``.
        self.workers = 1

    @contextmanager
    def _timed(self, phase: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.timings[phase] = (time.perf_counter() - wall, time.process_time() - cpu)

    @property
    def stats(self) -> BlockingStats:
        return self.index.stats

    def compare(self, missing: Record, found: Record) -> Candidate:
        """Score one pair, without blocking (the file's size and name frequencies still apply)."""
        return self._scorer.score(prepare(missing), prepare(found))

    def candidates(self, found: Record, *, keep_all: bool = False) -> list[Candidate]:
        """The missing reports that may be this child, best first: ``Config.kept`` of them, weak leads included
        (or every compared pair, ``keep_all``, for calibration)."""
        b = self.places.resolve(prepare(found))
        indexes = self.index.candidates(b, LINK, limit=self.config.max_compare)
        self.index.stats.pairs_compared += len(indexes)
        return self._scorer.best([self._scorer.score(self.missing[i], b) for i in indexes], keep_all=keep_all)

    def link(self, found: Iterable[Record]) -> Iterator[Candidate]:
        for record in found:
            yield from self.candidates(record)

    def rows(self, found: Sequence[Record]) -> list[list[Row]]:
        """For each found child, its kept candidates as ``(missing_id, found_id, score, decision)`` rows, in
        order; with several ``workers`` the found children are shared out among forked processes that read the
        index built here (copy-on-write, nothing is copied up front)."""
        with self._timed("score"):
            return self._all_rows(found)

    def _all_rows(self, found: Sequence[Record]) -> list[list[Row]]:
        workers = self.config.workers or auto_workers(self.config.memory_limit_mb)
        self.workers = workers
        if workers <= 1 or len(found) < PARALLEL_MIN_FOUND or "fork" not in mp.get_all_start_methods():
            gc.freeze()  # the collections while scoring then leave the index and the reports alone
            try:
                return [self._rows(record) for record in found]
            finally:
                gc.unfreeze()
        global _FORKED  # the forked workers' view of this linker
        _FORKED = (self, found)
        gc.collect()
        gc.freeze()  # the children's collections then leave the shared objects' pages alone
        try:
            size = max(1, min(500, len(found) // (workers * 8)))
            chunks = [(start, min(start + size, len(found))) for start in range(0, len(found), size)]
            with mp.get_context("fork").Pool(workers) as pool:
                out: list[list[Row]] = []
                for rows, compared in pool.imap(_rows_of_chunk, chunks):
                    out += rows
                    self.index.stats.pairs_compared += compared
            return out
        finally:
            _FORKED = None
            gc.unfreeze()

    def _rows(self, record: Record) -> list[Row]:
        """As ``[(c.missing_id, c.other_id, c.score, c.decision) for c in self.candidates(record)]``, without making
        a ``Candidate`` of each of the ~100 pairs compared."""
        b = self.places.resolve(prepare(record))
        indexes = self.index.candidates(b, LINK, limit=self.config.max_compare)
        self.index.stats.pairs_compared += len(indexes)
        scorer, decision, missing, floor = self._scorer, self.config.decision, self.missing, self.config.lead_floor
        kept = []
        for i in indexes:
            a = missing[i]
            score = sigmoid(scorer.logit(a, b)[1])
            if score >= floor:
                kept.append((-score, a.record_id, b.record_id, score))
        kept.sort()
        kept = kept[: self.config.kept([row[3] for row in kept])]
        return [(a_id, b_id, score, decision(score)) for _, a_id, b_id, score in kept]


Row = tuple[str, str, float, str | None]
#: Below this many found children the work is not worth forking for.
PARALLEL_MIN_FOUND: Final = 200
MAX_AUTO_WORKERS: Final = 2
#: Share of the parent's resident memory that each forked worker ends up copying (reference counts written on
#: the records it scores, and its own caches): measured 0.65 at 1,000,000 reports x 5,000 found children with
#: one ``Prepared`` object per report, about 0.55 with ``PreparedColumns`` (docs/benchmarks.md); kept at 0.7.
WORKER_COPY_SHARE: Final = 0.7


def _memory_mb() -> tuple[float, float]:
    """This process's resident memory and the memory available on the machine (MB; ``inf`` if unknown)."""
    resident = available = math.inf
    try:
        statm = Path(f"/proc/{os.getpid()}/statm").read_text()
        resident = int(statm.split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                available = int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return resident, available


def auto_workers(limit_mb: float) -> int:
    """Workers for ``Config.workers=0``: one per CPU, at most ``MAX_AUTO_WORKERS``, as long as the parent's
    memory plus what the workers copy stays within ``limit_mb`` and the memory available; else one."""
    resident, available = _memory_mb()
    if math.isinf(resident):
        return 1
    workers = min(os.cpu_count() or 1, MAX_AUTO_WORKERS)
    while workers > 1:
        extra = workers * WORKER_COPY_SHARE * resident
        if resident + extra <= limit_mb and extra <= available:
            break
        workers -= 1
    return workers


_FORKED: tuple[Linker, Sequence[Record]] | None = None


def _rows_of_chunk(bounds: tuple[int, int]) -> tuple[list[list[Row]], int]:
    assert _FORKED is not None
    linker, found = _FORKED
    before = linker.index.stats.pairs_compared
    rows = [linker._rows(record) for record in found[bounds[0] : bounds[1]]]
    return rows, linker.index.stats.pairs_compared - before


class Deduper:
    """Pairs of missing reports that may be the same child (reported at two police stations)."""

    def __init__(self, missing: Sequence[Record], config: Config | None = None):
        self.config = config or Config()
        self.missing = [prepare(r) for r in missing]
        frequencies = Frequencies.of(self.missing)
        self._scorer = Scorer(DEDUPE, self.config, choices=max(len(self.missing) - 1, 1), frequencies=frequencies)
        self.index = Index(self.missing, max_block=self.config.max_block)

    @property
    def stats(self) -> BlockingStats:
        return self.index.stats

    def compare(self, a: Record, b: Record) -> Candidate:
        return self._scorer.score(prepare(a), prepare(b))

    def duplicates(self, *, keep_all: bool = False) -> list[Candidate]:
        """Each pair once (the earlier row as ``missing_id``), ordered by that row then score; every report
        keeps at most ``max_candidates`` partners."""
        threshold = -math.inf if keep_all else self.config.possible_threshold
        # Each report's compared partners, sorted, so that a pair found from both sides is scored once without
        # keeping every score: only pairs at or above the threshold become Candidates.
        compared: list[array[int]] = []
        candidates: dict[tuple[int, int], Candidate] = {}
        kept: set[tuple[int, int]] = set()
        for i, p in enumerate(self.missing):
            partners = sorted(self.index.candidates(p, DEDUPE, limit=self.config.max_compare + 1))
            compared.append(array("l", (j for j in partners if j != i)))
            pairs = []
            for j in compared[i]:
                key = (min(i, j), max(i, j))
                if j > i or not _contains(compared[j], i):
                    candidate = self._scorer.score(self.missing[key[0]], self.missing[key[1]])
                    self.index.stats.pairs_compared += 1
                    if candidate.score >= threshold:
                        candidates[key] = candidate
                if key in candidates:
                    pairs.append((candidates[key].score, key))
            pairs.sort(key=lambda item: -item[0])
            kept.update(key for _, key in (pairs if keep_all else pairs[: self.config.max_candidates]))
        return [candidates[key] for key in sorted(kept, key=lambda k: (k[0], -candidates[k].score, k[1]))]


def _contains(sorted_values: array[int], value: int) -> bool:
    k = bisect_left(sorted_values, value)
    return k < len(sorted_values) and sorted_values[k] == value


def link(missing: Sequence[Record], found: Iterable[Record], config: Config | None = None) -> list[Candidate]:
    """Candidates for every found child (see ``Linker.candidates``), in the found file's order."""
    return list(Linker(missing, config).link(found))


def dedupe(missing: Sequence[Record], config: Config | None = None) -> list[Candidate]:
    """Pairs of reports that may be the same child (see ``Deduper.duplicates``)."""
    return Deduper(missing, config).duplicates()
