"""Candidates for a stored record, looked up nationally in the database and scored by the engine.

Blocking uses what the database already indexes without holding a name: the keyed hashes of name keys
(``people.NameKey``: the child's names, and relatives' names) and of phone numbers. Children with no usable name
(none, a nickname, "Chhotu") are also compared with the open records of their home district and the district
they were found in, of the same gender and about the same age. At most ``LOOKUP_LIMIT`` children are scored.

Rarity and prior odds come from the database too (``StoredFrequencies``): how many children share a name key,
how many open reports a district has, how many open reports there are in all.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet

from picket.intake.models import CaseStatus, FoundChild, MissingReport
from picket.people.models import Child, FamilyMember, NameKey, NameKeySource
from picket.people.names import is_nickname, name_tokens
from picket.people.search import KEY_PURPOSE, hashed_keys
from picket.people.selectors import PHONE_INDEX_PURPOSE
from picket.privacy.crypto import blind_index
from picket.tracing.engine import DEDUPE, LINK, Candidate, Config, Scorer
from picket.tracing.features import REFERENCE_FREQUENCY, VARIANT, Frequencies, token_similarity
from picket.tracing.records import Prepared, Record, prepare
from picket.tracing.stored import (
    found_queryset,
    found_records,
    missing_queryset,
    missing_records,
    names_of,
    open_missing_records,
    parse_record_id,
)
from picket.tracing.text import place_key

#: Children looked up by name keys and phones, best first, before scoring (scoring one costs ~50 µs; loading and
#: decrypting one ~0.2 ms).
LOOKUP_LIMIT = 150
#: Children ranked on their name keys alone before keeping those with an open record (``_children_by_keys``).
RANKED_BEFORE_POOL = 1000
#: Records compared by place, gender and age when the child has no usable name.
NAMELESS_LIMIT = 100
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
    _counts.clear()
    _key_counts.clear()


def _open_missing() -> QuerySet[MissingReport]:
    return MissingReport.objects.filter(status=CaseStatus.OPEN)


def _open_found() -> QuerySet[FoundChild]:
    return FoundChild.objects.filter(status=CaseStatus.OPEN)


def _ranked_by_keys(own: set[str], relatives: set[str], limit: int) -> list[int]:
    """Ids of the ``limit`` children sharing most keys (any child, whatever its records), most keys first, ties to
    the highest id. Two index-only scans of (key, source, child) glued by UNION ALL: an OR of the two sources makes
    PostgreSQL read the table's pages through a bitmap, ~5x slower for a common name (docs/benchmarks.md)."""
    parts, params = [], []
    for source, keys in ((NameKeySource.CHILD, own), (NameKeySource.RELATIVE, relatives)):
        if keys:
            marks = ", ".join(["%s"] * len(keys))
            table = NameKey._meta.db_table
            parts.append(f"SELECT child_id FROM {table} WHERE source = %s AND key IN ({marks})")  # noqa: S608
            params += [source, *sorted(keys)]
    if not parts:
        return []
    union = " UNION ALL ".join(parts)  # the table's name and placeholders only
    statement = f"SELECT child_id FROM ({union}) AS shared GROUP BY child_id ORDER BY COUNT(*) DESC, child_id DESC"  # noqa: S608
    statement += " LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, limit])
        return [row[0] for row in cursor.fetchall()]


def _children_by_keys(
    names: list[str], parents: list[str], phones: list[str], pool: QuerySet[Child], records: QuerySet[Any]
) -> list[int]:
    """Ids of children in ``pool`` (the children of ``records``, open reports or found children) sharing most name
    keys (own names, then parents' names) or a phone.

    The ranking runs on the name keys alone, for the best ``RANKED_BEFORE_POOL`` children of the whole register,
    and keeps those with an open record, in order: a prefix of the ranking within the pool. Only when that prefix
    is shorter than ``LOOKUP_LIMIT`` while more children share keys is the ranking repeated within the pool
    (joining the keys to ~1M open reports costs ~10x more)."""
    own = hashed_keys(names, for_query=True)
    relatives = hashed_keys(parents, for_query=True)
    best = _ranked_by_keys(own, relatives, RANKED_BEFORE_POOL)
    in_pool = set(records.filter(child_id__in=best).values_list("child_id", flat=True))
    ranked = [child_id for child_id in best if child_id in in_pool][:LOOKUP_LIMIT]
    if len(ranked) < LOOKUP_LIMIT and len(best) == RANKED_BEFORE_POOL:
        condition = Q()
        if own:
            condition |= Q(source=NameKeySource.CHILD, key__in=own)
        if relatives:
            condition |= Q(source=NameKeySource.RELATIVE, key__in=relatives)
        ranked = list(
            NameKey.objects.filter(condition, child__in=pool)
            .values("child_id")
            .annotate(hits=Count("*"))
            .order_by("-hits", "-child_id")
            .values_list("child_id", flat=True)[:LOOKUP_LIMIT]
        )
    indexes = [blind_index(p, purpose=PHONE_INDEX_PURPOSE) for p in phones]
    indexes = [i for i in indexes if i]
    if indexes:
        by_phone = FamilyMember.objects.filter(phone_index__in=indexes, child__in=pool).values_list(
            "child_id", flat=True
        )
        by_reporter = MissingReport.objects.filter(reporter_phone_index__in=indexes, child__in=pool).values_list(
            "child_id", flat=True
        )
        ranked = list(dict.fromkeys([*by_phone[:20], *by_reporter[:20], *ranked]))
    return ranked


def _nameless(records: Sequence[Record]) -> bool:
    tokens = [t for r in records for t in name_tokens(r.name)]
    return not tokens or all(is_nickname(t) for t in tokens)


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
        for table, source in (("name", NameKeySource.CHILD), ("father", NameKeySource.RELATIVE)):
            keys = wanted[table] | (wanted["mother"] if table == "father" else set())
            hashed = {blind_index(f"p:{k}", purpose=KEY_PURPOSE): k for k in keys if k}

            def count(values: list[str], source: str = source) -> Any:
                return (
                    NameKey.objects.filter(source=source, key__in=values)
                    .values("key")
                    .annotate(n=Count("*"))
                    .values_list("key", "n")
                )

            for key, n in _counts_of(source, list(hashed), count).items():
                if n:
                    freq.counts[table][hashed[key]] = n
                    if table == "father":
                        freq.counts["mother"][hashed[key]] = n

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
    return scorer.best(best)


def _nameless_pool(subject: Sequence[Record], pool: QuerySet[Child], districts: set[int], gender: str) -> list[int]:
    query = pool.filter(Q(missing_reports__district_id__in=districts) | Q(found_records__district_id__in=districts))
    if gender:
        query = query.filter(gender=gender)
    return list(query.order_by("-pk").values_list("pk", flat=True).distinct()[:NAMELESS_LIMIT])


def for_found(found: FoundChild) -> list[Candidate]:
    """Open missing reports that may be this found child, best first (``Config`` thresholds and limit)."""
    found = found_queryset().get(pk=found.pk)
    subject = found_records(found)
    names, parents, phones = names_of(subject)
    reports = _open_missing().exclude(child_id=found.child_id)
    pool = Child.objects.filter(pk__in=reports.values("child_id"))
    child_ids = _children_by_keys(names, parents, phones, pool, reports)
    if _nameless(subject) or len(child_ids) < 5:
        districts = {found.district_id} | ({found.child.home_district_id} if found.child.home_district_id else set())
        child_ids += _nameless_pool(subject, pool, districts, found.child.gender)
    candidates = open_missing_records(child_ids)
    choices = _cached_count("open_missing", _open_missing())
    return _score_all(LINK, subject, candidates, subject_is_missing=False, choices=choices)


def for_missing(report: MissingReport) -> tuple[list[Candidate], list[Candidate]]:
    """Open found children that may be this reported child (``link``) and other open reports that may be of the
    same child (``dedupe``), each best first."""
    report = missing_queryset().get(pk=report.pk)
    subject = missing_records(report)
    names, parents, phones = names_of(subject)
    districts = {report.district_id} | ({report.child.home_district_id} if report.child.home_district_id else set())

    found_pool = Child.objects.filter(pk__in=_open_found().exclude(child_id=report.child_id).values("child_id"))
    found_ids = _children_by_keys(names, parents, phones, found_pool, _open_found().exclude(child_id=report.child_id))
    if _nameless(subject) or len(found_ids) < 5:
        found_ids += _nameless_pool(subject, found_pool, districts, report.child.gender)
    found = list(found_queryset().filter(status=CaseStatus.OPEN, child_id__in=set(found_ids)))
    choices = _cached_count("open_missing", _open_missing())
    links = _score_all(LINK, subject, [found_records(f) for f in found], subject_is_missing=True, choices=choices)

    other_pool = Child.objects.filter(pk__in=_open_missing().exclude(child_id=report.child_id).values("child_id"))
    other_ids = _children_by_keys(names, parents, phones, other_pool, _open_missing().exclude(child_id=report.child_id))
    others = list(missing_queryset().filter(status=CaseStatus.OPEN, child_id__in=set(other_ids)).exclude(pk=report.pk))
    duplicates = _score_all(
        DEDUPE, subject, [missing_records(r) for r in others], subject_is_missing=True, choices=max(choices - 1, 1)
    )
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
