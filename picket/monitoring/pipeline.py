"""The whole analysis of a batch of ads: each ad analysed (in worker processes for large batches), then the
operator networks of the batch built. No database.

    >>> result = scan([Ad("a1", "site", None, "Delhi", "Girls 14-16 yrs wanted, salary to parents")], workers=1)
    >>> result.rows[0].flagged, result.index.network_id("a1")
    (True, '')
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import rensa  # type: ignore[import-untyped]

from picket.monitoring.analysis import Analysis, analyse
from picket.monitoring.analysis.indicators import RuleSet, default_rules, load_rules
from picket.monitoring.networks import Member, NetworkConfig, NetworkIndex
from picket.monitoring.shingles import hashed, shingles, slot_tokens

NETWORK_RISK: Final = "network_risk"
SKETCH_PERM: Final = 64  # whole-text sketch for the boilerplate test
SKETCH_SEED: Final = 7
CHUNK: Final = 2000
PARALLEL_FROM: Final = 4000
MIN_FLAGGED_IN_NETWORK: Final = 2  # below this many ads, worker processes cost more than they save


@dataclass(frozen=True, slots=True)
class Ad:
    id: str
    source: str
    posted_at: datetime.date | None
    city: str
    text: str


@dataclass(frozen=True, slots=True)
class Row:
    """One line of ``ads.csv``."""

    id: str
    risk_score: float
    flagged: bool
    indicators: tuple[str, ...]
    phones: tuple[str, ...]


@dataclass
class ScanResult:
    rows: list[Row]
    index: NetworkIndex
    threshold: float = 0.5


def member(ad: Ad, analysis: Analysis) -> Member:
    """What the network index keeps of an analysed ad."""
    words = shingles(slot_tokens(analysis))
    sketch = rensa.RMinHash(SKETCH_PERM, SKETCH_SEED)
    sketch.update(words)
    return Member(
        id=ad.id,
        source=ad.source,
        posted_at=ad.posted_at,
        city=ad.city,
        phones=analysis.phones,
        handles=analysis.handles,
        emails=analysis.emails,
        risk_score=analysis.risk_score,
        shingles=hashed([words])[0],
        sketch=sketch,
    )


def row(ad: Ad, analysis: Analysis) -> Row:
    return Row(ad.id, analysis.risk_score, analysis.flagged, analysis.indicators, analysis.phones)


# --- worker processes ------------------------------------------------------------------------------------------

_RULES: RuleSet | None = None
_THRESHOLD: float | None = None
_BATCH: Sequence[Ad] = ()  # the ads of the scan under way, inherited by the worker processes forked for it


def _init_worker(rules_path: str | None, threshold: float | None) -> None:
    global _RULES, _THRESHOLD
    _RULES = load_rules(Path(rules_path)) if rules_path else default_rules()
    _THRESHOLD = threshold


def _work(ads: list[Ad]) -> list[tuple[Row, Member]]:
    results = []
    for ad in ads:
        analysis = analyse(ad.text, rules=_RULES, threshold=_THRESHOLD)
        results.append((row(ad, analysis), member(ad, analysis)))
    return results


@dataclass(frozen=True, slots=True)
class _Part:
    """What a worker sends back for a chunk of ads: small tuples and three arrays, not one object per ad
    (pickling a Member and its sketch cost about as much as a fifth of the analysis)."""

    rows: list[tuple[float, bool, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]]
    shingles: np.ndarray  # every ad's sorted distinct shingle hashes, one after the other
    lengths: np.ndarray  # how many belong to each ad
    digests: np.ndarray  # whole-text sketches (SKETCH_PERM wide), one row per ad


def _work_part(ads: list[Ad]) -> _Part:
    # rensa is called one ad at a time here, as member() does: its batch functions run on a thread pool, which
    # a worker forked from a process that had already started one would wait for forever.
    analyses = [analyse(ad.text, rules=_RULES, threshold=_THRESHOLD) for ad in ads]
    arrays = []
    digests = np.empty((len(ads), SKETCH_PERM), dtype=np.uint32)
    for row, analysis in enumerate(analyses):
        words = shingles(slot_tokens(analysis))
        arrays.append(np.array(sorted(set(rensa.RMinHash.hash_token_sets([words])[0])), dtype=np.uint64))  # = hashed
        sketch = rensa.RMinHash(SKETCH_PERM, SKETCH_SEED)
        sketch.update(words)
        digests[row] = sketch.digest()
    return _Part(
        rows=[(a.risk_score, a.flagged, a.indicators, a.phones, a.handles, a.emails) for a in analyses],
        shingles=np.concatenate(arrays) if arrays else np.zeros(0, np.uint64),
        lengths=np.fromiter((len(x) for x in arrays), dtype=np.int64, count=len(arrays)),
        digests=digests,
    )


def _parts(
    ads: Sequence[Ad], workers: int | None, rules_path: Path | None, threshold: float | None
) -> Iterator[tuple[list[Ad], _Part]]:
    """Chunks of ads with their analysis, in order, as the workers finish them."""
    workers = workers or os.cpu_count() or 1
    path = str(rules_path) if rules_path else None
    if workers <= 1 or len(ads) < PARALLEL_FROM:
        _init_worker(path, threshold)
        for chunk in _chunks(ads, CHUNK):
            yield chunk, _work_part(chunk)
        return
    global _BATCH
    ranges = [(start, min(start + CHUNK, len(ads))) for start in range(0, len(ads), CHUNK)]
    context = multiprocessing.get_context("fork")
    _BATCH = ads  # the forked workers have it already: only the bounds of each chunk are sent
    try:
        with context.Pool(workers, initializer=_init_worker, initargs=(path, threshold)) as pool:
            for (start, end), part in zip(ranges, pool.imap(_work_range, ranges), strict=True):
                yield list(ads[start:end]), part
    finally:
        _BATCH = ()


def _work_range(bounds: tuple[int, int]) -> _Part:
    return _work_part(list(_BATCH[bounds[0] : bounds[1]]))


def _chunks(ads: Iterable[Ad], size: int) -> Iterator[list[Ad]]:
    chunk: list[Ad] = []
    for ad in ads:
        chunk.append(ad)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def analyse_all(
    ads: Sequence[Ad], *, workers: int | None = None, rules_path: Path | None = None, threshold: float | None = None
) -> Iterator[tuple[Row, Member]]:
    """Every ad analysed, in order; with ``workers`` > 1 (default: one per CPU) in a pool of processes."""
    workers = workers or os.cpu_count() or 1
    path = str(rules_path) if rules_path else None
    if workers <= 1 or len(ads) < PARALLEL_FROM:
        _init_worker(path, threshold)
        for chunk in _chunks(ads, CHUNK):
            yield from _work(chunk)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_init_worker, initargs=(path, threshold)) as pool:
        for results in pool.imap(_work, _chunks(ads, CHUNK)):
            yield from results


def scan(
    ads: Sequence[Ad],
    *,
    workers: int | None = None,
    rules_path: Path | None = None,
    threshold: float | None = None,
    config: NetworkConfig | None = None,
    propagate: bool = True,
) -> ScanResult:
    """Scores for every ad and the networks of the batch (with network risk, see
    :func:`propagate_network_risk`, unless ``propagate`` is false)."""
    rows: list[Row] = []
    index = NetworkIndex(config)
    for chunk, part in _parts(ads, workers, rules_path, threshold):
        # Built while the workers go on with the next chunks: the ads are added and linked by identifiers
        # now; the text links need the whole batch (NetworkIndex.finish).
        ends = np.cumsum(part.lengths).tolist()
        members = []
        for ad, values, start, end in zip(chunk, part.rows, [0, *ends][: len(ends)], ends, strict=True):
            risk, flagged, indicators, phones, handles, emails = values
            rows.append(Row(ad.id, risk, flagged, indicators, phones))
            members.append(
                Member(ad.id, ad.source, ad.posted_at, ad.city, phones, handles, emails, risk, part.shingles[start:end])
            )
        index.extend(members, part.digests)
    index.finish()
    if threshold is None:
        threshold = (load_rules(rules_path) if rules_path else default_rules()).threshold
    if propagate:
        rows = propagate_network_risk(rows, index, threshold=threshold)
    return ScanResult(rows, index, threshold)


def propagate_network_risk(rows: Sequence[Row], index: NetworkIndex, *, threshold: float) -> list[Row]:
    """An ad of a network most of whose ads are flagged on their own text is flagged too.

    Its score becomes the share of the network's ads flagged on their text (when that is higher than its own
    score), and ``network_risk`` is added to its indicators. An operator's bland ads ("Wanted helpers for
    homes, stay and food") are as risky as its explicit ones; the share keeps one stray flag in a large
    network of genuine ads from spreading.
    """
    assignments = index.assignments()
    flagged: dict[str, list[int]] = {}
    for result in rows:
        network_id = assignments.get(result.id, "")
        if network_id:
            counts = flagged.setdefault(network_id, [0, 0])
            counts[0] += result.flagged
            counts[1] += 1
    result_rows = []
    for result in rows:
        network_id = assignments.get(result.id, "")
        share = flagged[network_id][0] / flagged[network_id][1] if network_id else 0.0
        if network_id and flagged[network_id][0] >= MIN_FLAGGED_IN_NETWORK and share > result.risk_score:
            result = Row(result.id, share, share >= threshold, (*result.indicators, NETWORK_RISK), result.phones)
        result_rows.append(result)
    return result_rows
