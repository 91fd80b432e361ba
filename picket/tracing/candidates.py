"""Candidates for a stored record, looked up nationally in the database and scored by the engine.

Blocking is the file engine's (ADR 13 "Blocking"), on the stored index ``tracing.BlockKey`` (``blockkeys``): the
record's blocking keys (child's name keys, run-together name, parents' keys, phones, compound keys with the father
and the districts; for a child with no usable name, its districts) are hashed and looked up; oversized blocks are
refined to the record's gender and years of birth; candidates are ranked by the summed rarity of the keys they
share, with gender, age and district breaking ties, and only the best ``blockkeys.MAX_COMPARE`` are loaded,
decrypted and scored by ``engine.Scorer``.

Rarity and prior odds come from the database too (``StoredFrequencies``): how many open reports share a name key
(counted on the blocking index, as the file engine counts its file), how many open reports a district has, how
many open reports there are in all.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, QuerySet, Sum

from picket.intake.models import CaseStatus, FoundChild, MissingReport
from picket.people.models import Child
from picket.tracing.blocking import BIRTH_WINDOW, query_keys_of
from picket.tracing.blockkeys import Subject, hashed, ranked
from picket.tracing.engine import DEDUPE, LINK, Candidate, Config, Scorer
from picket.tracing.features import REFERENCE_FREQUENCY, VARIANT, Frequencies, token_similarity
from picket.tracing.models import BlockCount, BlockKind
from picket.tracing.records import Prepared, Record, prepare
from picket.tracing.stored import (
    forget_places,
    found_queryset,
    found_records,
    missing_queryset,
    missing_records,
    open_missing_records_by_id,
    parse_record_id,
)
from picket.tracing.text import place_key

#: Counts that change slowly (open reports, children) are reused for this long.
COUNT_TTL_SECONDS = 300.0


_counts: dict[str, tuple[float, int]] = {}


def _cached_count(name: str, queryset: QuerySet[MissingReport] | QuerySet[FoundChild] | QuerySet[Child]) -> int:
    now = time.monotonic()
    hit = _counts.get(name)
    if hit is not None and now - hit[0] < COUNT_TTL_SECONDS:
        return hit[1]
    value = queryset.count()
    _counts[name] = (now, value)
    return value


def forget_counts() -> None:
    """Drop every cached count and name (after a bulk change; between tests, whose databases reuse ids)."""
    _counts.clear()
    _key_counts.clear()
    forget_places()


def _open_missing() -> QuerySet[MissingReport]:
    return MissingReport.objects.filter(status=CaseStatus.OPEN)


def _open_found() -> QuerySet[FoundChild]:
    return FoundChild.objects.filter(status=CaseStatus.OPEN)


def _query_keys(records: Sequence[Record], kind: str) -> set[str]:
    """The blocking keys a record looks up with (every name it is known by): ``blocking.query_keys_of``."""
    return {key for r in records for key in query_keys_of(prepare(r), kind)}


def _subject(records: Sequence[Record], *, district_id: int | None, home_district_id: int | None, kind: str) -> Subject:
    first = prepare(records[0])
    return Subject(
        gender=first.gender,
        birth_year=first.birth_year,
        district_id=district_id,
        home_district_id=home_district_id,
        window=BIRTH_WINDOW[kind],
    )


#: Key and district counts at least this large are reused for ``COUNT_TTL_SECONDS`` (counting a common name's
#: keys reads ~100,000 index entries; a rare one's, a handful, so those are always counted afresh).
CACHED_COUNT_MIN = 1000
_key_counts: dict[tuple[str, str], tuple[float, int]] = {}


def _counts_of(kind: str, wanted: list[str], count: Any) -> dict[str, int]:
    """``{value: count}`` for ``wanted``, from the cache where fresh, else from ``count(values)`` (one query)."""
    now = time.monotonic()
    result: dict[str, int] = {}
    missing: list[str] = []
    for value in wanted:
        hit = _key_counts.get((kind, value))
        if hit is not None and now - hit[0] < COUNT_TTL_SECONDS:
            result[value] = hit[1]
        else:
            missing.append(value)
    if missing:
        fresh = dict(count(missing))
        for value in missing:
            n = fresh.get(value, 0)
            result[value] = n
            if n >= CACHED_COUNT_MIN:
                _key_counts[(kind, value)] = (now, n)
    return result


def _agreeing_keys(subject: Sequence[Prepared], others: Sequence[Prepared], attribute: str) -> set[str]:
    """Phonetic keys whose rarity the engine may ask for: the subject's, and the others' words that are a variant
    of one of the subject's (``features._name_result`` counts rarity only over such pairs)."""
    keys = {k for p in subject for k in getattr(p, attribute).keys}
    tokens = {t for p in subject for t in getattr(p, attribute).strong}
    for p in others:
        name = getattr(p, attribute)
        for token, key in zip(name.strong, name.keys, strict=False):
            if key not in keys and any(_similar(token, t) >= VARIANT for t in tokens):
                keys.add(key)
    return keys


def _similar(a: str, b: str) -> float:
    return 1.0 if a == b else token_similarity(a, b) if a < b else token_similarity(b, a)


class StoredFrequencies(Frequencies):
    """``Frequencies`` read from the database for the keys of the records being compared."""

    @classmethod
    def for_records(
        cls, records: Sequence[Prepared], *, total: int, subject: Sequence[Prepared] = ()
    ) -> StoredFrequencies:
        """Counts for the name keys of ``records`` (with ``subject``: only the subject's keys and the others'
        variants of them, which is all the engine asks for when it scores ``subject`` against the others)."""
        freq = cls(total=total, counts={key: Counter() for key in REFERENCE_FREQUENCY})
        if subject:
            wanted = {a: _agreeing_keys(subject, records, a) for a in ("name", "father", "mother")}
        else:
            wanted = {a: {k for p in records for k in getattr(p, a).keys} for a in ("name", "father", "mother")}
        # Counted like ``Frequencies.of`` over the missing-report file: open reports whose child's (father's,
        # mother's) name has the key — the blocking index holds exactly those keys, per open report.
        for table, prefix in (("name", "c|p:"), ("father", "f|p:"), ("mother", "m|p:")):
            plain = {h: key[len(prefix) :] for h, key in hashed([prefix + k for k in wanted[table] if k]).items()}

            def count(values: list[str]) -> Any:
                return (
                    BlockCount.objects.filter(kind=BlockKind.MISSING, key__in=values)
                    .values("key")
                    .annotate(total=Sum("n"))
                    .values_list("key", "total")
                )

            for key, n in _counts_of(table, list(plain), count).items():
                if n:
                    freq.counts[table][plain[key]] = n

        def by_district(values: list[str]) -> Any:
            return (
                _open_missing()
                .filter(district__name__in=values)
                .values("district__name")
                .annotate(n=Count("*"))
                .values_list("district__name", "n")
            )

        districts = sorted({p.record.district for p in [*subject, *records] if p.record.district})
        for name, n in _counts_of("district", districts, by_district).items():
            if n:
                freq.counts["district"][place_key(name)] += n
        # Languages are few and not indexed: take every language as of reference frequency (no rarity term).
        typical = round(REFERENCE_FREQUENCY["language"] * total)
        for p in [*subject, *records]:
            for language in p.languages:
                freq.counts["language"][language] = typical
        return freq


def _score_all(
    kind: str, subject: list[Record], others: list[list[Record]], *, subject_is_missing: bool, choices: int
) -> list[Candidate]:
    """Score every variant pair (a child known by several names), keep each record's best, best first."""
    config = Config()
    prepared_subject = [prepare(r) for r in subject]
    prepared_others = [[prepare(r) for r in group] for group in others]
    others_flat = [p for group in prepared_others for p in group]
    frequencies = StoredFrequencies.for_records(others_flat, total=max(choices, 1), subject=prepared_subject)
    scorer = Scorer(kind, config, choices=choices, frequencies=frequencies)
    best: list[Candidate] = []
    for group in prepared_others:
        scored = [
            scorer.score(s, o) if subject_is_missing else scorer.score(o, s) for s in prepared_subject for o in group
        ]
        if scored:
            best.append(max(scored, key=lambda c: c.score))
    return scorer.best(best)  # weak leads included for a found child (``Config.kept``)


def reports_for_found(found: FoundChild, subject: Sequence[Record]) -> list[int]:
    """Ids of the open reports ``for_found`` scores (the blocking step alone), best first."""
    same_child = list(_open_missing().filter(child_id=found.child_id).values_list("pk", flat=True))
    return ranked(
        BlockKind.MISSING,
        _query_keys(subject, LINK),
        _subject(subject, district_id=found.district_id, home_district_id=found.child.home_district_id, kind=LINK),
        total=_cached_count("open_missing", _open_missing()),
        exclude=same_child,
    )


def for_found(found: FoundChild) -> list[Candidate]:
    """Open missing reports that may be this found child, best first (``Config`` thresholds and limit)."""
    found = found_queryset().get(pk=found.pk)
    subject = found_records(found)
    choices = _cached_count("open_missing", _open_missing())
    candidates = open_missing_records_by_id(reports_for_found(found, subject))
    return _score_all(LINK, subject, candidates, subject_is_missing=False, choices=choices)


def for_missing(report: MissingReport) -> tuple[list[Candidate], list[Candidate]]:
    """Open found children that may be this reported child (``link``) and other open reports that may be of the
    same child (``dedupe``), each best first."""
    report = missing_queryset().get(pk=report.pk)
    subject = missing_records(report)
    keys = _query_keys(subject, DEDUPE)  # a report looks up in its own district and state
    choices = _cached_count("open_missing", _open_missing())

    same_child = list(_open_found().filter(child_id=report.child_id).values_list("pk", flat=True))
    found_ids = ranked(
        BlockKind.FOUND,
        keys,
        _subject(subject, district_id=report.district_id, home_district_id=None, kind=LINK),
        total=_cached_count("open_found", _open_found()),
        exclude=same_child,
    )
    found = list(found_queryset().filter(status=CaseStatus.OPEN, pk__in=found_ids))
    links = _score_all(LINK, subject, [found_records(f) for f in found], subject_is_missing=True, choices=choices)

    same_child = list(_open_missing().filter(child_id=report.child_id).values_list("pk", flat=True))
    other_ids = ranked(
        BlockKind.MISSING,
        keys,
        _subject(subject, district_id=report.district_id, home_district_id=None, kind=DEDUPE),
        total=choices,
        exclude=sorted({*same_child, report.pk}),
    )
    others = open_missing_records_by_id(other_ids)
    duplicates = _score_all(DEDUPE, subject, others, subject_is_missing=True, choices=max(choices - 1, 1))
    return links, duplicates


def explanation_json(candidate: Candidate) -> str:
    """The per-field explanation, stored (encrypted) with the candidate: [[field, verdict, text, weight], ...]."""
    return json.dumps(
        [[e.field, e.verdict, e.text, e.weight] for e in candidate.evidence() if e.verdict != "unknown"],
        ensure_ascii=False,
    )


def ids_of(candidate: Candidate) -> tuple[int, int]:
    """The stored ids behind a candidate: (missing report pk, found child or other report pk)."""
    return parse_record_id(candidate.missing_id)[1], parse_record_id(candidate.other_id)[1]
