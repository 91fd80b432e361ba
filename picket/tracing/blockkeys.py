"""The stored blocking index: the file engine's blocking keys (``blocking``) of every open record, as keyed hashes.

A missing report is stored under ``blocking.reference_keys`` (as the file engine indexes a report); a found child
under the keys a found child looks up with (``query_keys_of(p, "link")``: its home district and where it was
found) plus its districts' and states' ``d|``/``st|`` keys, so that a report looking for found children shares
with a found child exactly the keys that child would share with it. A record known by several names is stored
under the keys of each.

Rows exist for open records only. ``rebuild`` replaces one record's rows (its refresh task calls it before looking
up); ``forget`` deletes them (its status changed, it was traced); ``rebuild_all`` is ``picket tracing refresh``'s.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count

from picket.intake.models import CaseStatus, FoundChild, MissingReport
from picket.privacy.crypto import blind_index
from picket.privacy.keyring import load_keyring
from picket.tracing.blocking import BIRTH_BAND_YEARS, key_weight, query_keys_of, reference_keys
from picket.tracing.engine import Config
from picket.tracing.models import UNKNOWN_YEAR, BlockCount, BlockKey, BlockKind
from picket.tracing.records import Prepared, Record, prepare
from picket.tracing.stored import found_queryset, found_records, open_missing_records, parse_record_id

#: Purpose of the keyed hash (ADR 10: one derived key per purpose); never the people app's name-key purpose, so the
#: two tables cannot be joined on their hashes.
BLOCK_KEY_PURPOSE = "tracing.block-key"
#: Records read and written per batch by ``rebuild_all``.
BATCH = 2000


def plain_keys(kind: str, prepared: Sequence[Prepared]) -> set[str]:
    """The blocking keys (plain, never stored) under which one record is stored."""
    keys: set[str] = set()
    for p in prepared:
        if kind == BlockKind.MISSING:
            keys |= reference_keys(p)
        else:
            keys |= query_keys_of(p, "link")
            keys |= {"d|" + d for d in (p.district, p.home_district) if d}
            keys |= {"st|" + s for s in (p.state, p.home_state) if s}
    return keys


def hashed(keys: Iterable[str]) -> dict[str, str]:
    """``{hashed key: plain key}``."""
    keyring = load_keyring()  # once, not once a key (it checks the file each time)
    out = {blind_index(key, purpose=BLOCK_KEY_PURPOSE, keyring=keyring): key for key in keys}
    out.pop("", None)
    return out


#: Columns of ``key_rows``' tuples (for bulk loaders).
COLUMNS = ("kind", "record_id", "key", "gender", "birth_year", "district_id", "home_district_id")


def key_rows(
    kind: str, records: Sequence[Record], *, district_id: int | None, home_district_id: int | None
) -> list[tuple[Any, ...]]:
    """The rows (``COLUMNS``) of one record (its variants ``records``: one per name)."""
    if not records:
        return []
    prepared = [prepare(r) for r in records]
    first = prepared[0]
    pk = parse_record_id(first.record_id)[1]
    birth_year = first.birth_year if first.birth_year is None else max(min(first.birth_year, 32767), -32767)
    return [
        (kind, pk, key, first.gender, birth_year, district_id, home_district_id)
        for key in sorted(hashed(plain_keys(kind, prepared)))
    ]


def rows_of(
    kind: str, records: Sequence[Record], *, district_id: int | None, home_district_id: int | None
) -> list[BlockKey]:
    """Unsaved ``BlockKey`` rows of one record."""
    rows = key_rows(kind, records, district_id=district_id, home_district_id=home_district_id)
    return [BlockKey(**dict(zip(COLUMNS, row, strict=True))) for row in rows]


def _histogram_rows(kind: str, record_ids: Sequence[int]) -> Counter[tuple[str, str, int]]:
    rows = (
        BlockKey.objects.filter(kind=kind, record_id__in=record_ids)
        .values_list("key", "gender", "birth_year")
        .annotate(n=Count("*"))
        .order_by()
    )
    return Counter({(key, gender, UNKNOWN_YEAR if year is None else year): n for key, gender, year, n in rows})


def _count(kind: str, deltas: Counter[tuple[str, str, int]]) -> None:
    """Add ``deltas`` to ``BlockCount`` (an upsert per block; in key order, so that two refreshes sharing a common
    name's blocks lock them in the same order) and drop the counts that reach zero."""
    changes = sorted(item for item in deltas.items() if item[1])
    if not changes:
        return
    table = BlockCount._meta.db_table
    statement = (
        f"INSERT INTO {table} (kind, key, gender, birth_year, n) VALUES (%s, %s, %s, %s, %s)"  # noqa: S608
        f" ON CONFLICT (kind, key, gender, birth_year) DO UPDATE SET n = {table}.n + excluded.n"
    )
    with connection.cursor() as cursor:
        cursor.executemany(statement, [(kind, key, gender, year, n) for (key, gender, year), n in changes])
    BlockCount.objects.filter(kind=kind, key__in={key for (key, _, _), _ in changes}, n__lte=0).delete()


def recount() -> None:
    """Rebuild ``BlockCount`` from ``BlockKey`` in one statement (after a bulk load that bypassed ``_replace``)."""
    table, keys = BlockCount._meta.db_table, BlockKey._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (table names)
        cursor.execute(
            f"INSERT INTO {table} (kind, key, gender, birth_year, n)"  # noqa: S608 (table names)
            f" SELECT kind, key, gender, COALESCE(birth_year, %s), COUNT(*) FROM {keys}"
            f" GROUP BY kind, key, gender, COALESCE(birth_year, %s)",
            [UNKNOWN_YEAR, UNKNOWN_YEAR],
        )


def _block(row: BlockKey) -> tuple[str, str, int]:
    return (row.key, row.gender, UNKNOWN_YEAR if row.birth_year is None else row.birth_year)


def _replace(kind: str, record_ids: Sequence[int], rows: list[BlockKey]) -> None:
    """Replace the rows of ``record_ids`` with ``rows``, and the counts with them."""
    with transaction.atomic():
        deltas = Counter(_block(row) for row in rows)
        deltas.subtract(_histogram_rows(kind, record_ids))
        BlockKey.objects.filter(kind=kind, record_id__in=record_ids).delete()
        BlockKey.objects.bulk_create(rows, batch_size=5000)
        _count(kind, deltas)


def forget(kind: str, record_id: int) -> None:
    """The record is no longer open: it is no longer a candidate of anyone."""
    _replace(kind, [record_id], [])


def rebuild(kind: str, record_id: int) -> bool:
    """Replace one record's keys from its current data; ``False`` (and no keys) when it is not open. The record's
    row is locked meanwhile (PostgreSQL), so that a change of status committing at the same time cannot leave the
    keys of a closed record behind."""
    with transaction.atomic():
        model: type[MissingReport] | type[FoundChild] = MissingReport if kind == BlockKind.MISSING else FoundChild
        if kind not in (BlockKind.MISSING, BlockKind.FOUND):
            raise ValueError("unknown record kind")
        if not model.objects.select_for_update().filter(pk=record_id, status=CaseStatus.OPEN).exists():
            forget(kind, record_id)
            return False
        if kind == BlockKind.MISSING:
            report = MissingReport.objects.select_related("child").get(pk=record_id)
            groups = open_missing_records([report.child_id])
            records = next((g for g in groups if parse_record_id(g[0].record_id)[1] == record_id), [])
            rows = rows_of(
                kind, records, district_id=report.district_id, home_district_id=report.child.home_district_id
            )
        else:
            found = found_queryset().get(pk=record_id)
            rows = rows_of(
                kind, found_records(found), district_id=found.district_id, home_district_id=found.child.home_district_id
            )
        _replace(kind, [record_id], rows)
    return True


def rebuild_all(kind: str) -> int:
    """Rebuild the keys of every open record of ``kind`` and drop those of records no longer open; returns how many
    records were keyed. Batches of ``BATCH`` records, each in one transaction."""
    if kind == BlockKind.MISSING:
        model: type[MissingReport] | type[FoundChild] = MissingReport
    elif kind == BlockKind.FOUND:
        model = FoundChild
    else:
        raise ValueError("unknown record kind")
    open_ids = list(model.objects.filter(status=CaseStatus.OPEN).order_by("pk").values_list("pk", flat=True))
    stale = set(BlockKey.objects.filter(kind=kind).values_list("record_id", flat=True).distinct()) - set(open_ids)
    for start in range(0, len(stale), BATCH):
        _replace(kind, sorted(stale)[start : start + BATCH], [])
    for start in range(0, len(open_ids), BATCH):
        batch = open_ids[start : start + BATCH]
        _replace(kind, batch, _rows_of_batch(kind, batch))
    recount()  # the repair tool: counts from the rows, whatever was done to the tables by hand
    return len(open_ids)


def _rows_of_batch(kind: str, ids: list[int]) -> list[BlockKey]:
    rows: list[BlockKey] = []
    if kind == BlockKind.MISSING:
        places = {
            pk: (district, home)
            for pk, district, home in MissingReport.objects.filter(pk__in=ids).values_list(
                "pk", "district_id", "child__home_district_id"
            )
        }
        children = MissingReport.objects.filter(pk__in=ids).values_list("child_id", flat=True)
        for group in open_missing_records(children):
            pk = parse_record_id(group[0].record_id)[1]
            if pk in places:
                rows += rows_of(kind, group, district_id=places[pk][0], home_district_id=places[pk][1])
    else:
        for found in found_queryset().filter(pk__in=ids, status=CaseStatus.OPEN):
            rows += rows_of(
                kind, found_records(found), district_id=found.district_id, home_district_id=found.child.home_district_id
            )
    return rows


# --- looking up: ``blocking.Index.candidates`` in SQL ---------------------------------------------------------------

#: Blocks larger than this are refined to the subject's gender and years of birth (``blocking.Index.max_block``).
MAX_BLOCK = Config().max_block
#: Candidates loaded, decrypted and scored in full (``engine.Config.max_compare``).
MAX_COMPARE = Config().max_compare
Histogram = dict[tuple[str, int | None], int]  # (gender, year of birth) -> rows


def histograms(kind: str, keys: Sequence[str]) -> dict[str, Histogram]:
    """``{hashed key: {(gender, year of birth): rows}}`` of the blocks of ``keys``, from ``BlockCount`` (one
    indexed read of a few hundred rows, however common the names)."""
    out: dict[str, Histogram] = {key: {} for key in keys}
    rows = BlockCount.objects.filter(kind=kind, key__in=list(keys)).values_list("key", "gender", "birth_year", "n")
    for key, gender, year, n in rows:
        out[key][(gender, None if year == UNKNOWN_YEAR else year)] = n
    return out


@dataclass(frozen=True)
class Refinement:
    """Which members of an oversized block are taken: these genders, years of birth from ``first`` to ``last``
    (none if ``None``), and those of unknown age if ``unknown``."""

    genders: tuple[str, ...]
    first: int | None
    last: int | None
    unknown: bool


def refinement(histogram: Histogram, *, gender: str, birth_year: int | None, window: int) -> Refinement:
    """``blocking.Index._refined`` on a histogram: bands of ``BIRTH_BAND_YEARS`` outward from the subject's year of
    birth (up to ``window``; every band, oldest first, when the subject's age is unknown), then unknown age, until
    ``MAX_BLOCK`` members are taken (the last band is taken whole)."""
    genders = (gender, "") if gender in ("M", "F") else ("M", "F", "X", "")
    sizes: dict[int | None, int] = {}
    for (g, year), n in histogram.items():
        if g in genders:
            band = None if year is None else year // BIRTH_BAND_YEARS
            sizes[band] = sizes.get(band, 0) + n
    if birth_year is None:
        bands: list[int] = sorted(band for band in sizes if band is not None)
    else:
        centre = birth_year // BIRTH_BAND_YEARS
        reach = window // BIRTH_BAND_YEARS + 1
        bands = [centre + step * sign for step in range(reach + 1) for sign in ((1,) if step == 0 else (-1, 1))]
    taken: list[int] = []
    members = 0
    for band in bands:
        taken.append(band)
        members += sizes.get(band, 0)
        if members >= MAX_BLOCK:
            break
    else:
        return _years(genders, taken, unknown=True)
    return _years(genders, taken, unknown=False)


def _years(genders: tuple[str, ...], bands: list[int], *, unknown: bool) -> Refinement:
    if not bands:
        return Refinement(genders, None, None, unknown)
    return Refinement(
        genders, min(bands) * BIRTH_BAND_YEARS, max(bands) * BIRTH_BAND_YEARS + BIRTH_BAND_YEARS - 1, unknown
    )


@dataclass(frozen=True)
class Subject:
    """What ranking needs of the record being looked up."""

    gender: str
    birth_year: int | None
    district_id: int | None
    home_district_id: int | None
    window: int


_COLUMNS = "record_id, gender, birth_year, district_id, home_district_id"


def ranked(
    kind: str, keys: set[str], subject: Subject, *, total: int, exclude: Sequence[int] = (), limit: int | None = None
) -> list[int]:
    """Ids of the open records of ``kind`` sharing most with ``keys`` (plain blocking keys), best first, at most
    ``limit``: summed rarity ``log(1 + total / block size)`` of the keys shared, plus the file engine's fit on
    gender, year of birth and district (``blocking.Index._fit_bonus``), in one statement. Blocks larger than
    ``MAX_BLOCK`` contribute only their members of the subject's gender and years of birth (``refinement``)."""
    plain = hashed(keys)
    if not plain:
        return []
    table = BlockKey._meta.db_table
    blocks = histograms(kind, sorted(plain))
    small: dict[str, float] = {}
    branches: list[str] = []
    params: list[Any] = []
    skip = ""
    if exclude:
        skip = f" AND record_id NOT IN ({', '.join(['%s'] * len(exclude))})"
    for key, histogram in sorted(blocks.items()):
        size = sum(histogram.values())
        if not size:
            continue
        rarity = math.log1p(max(total, 1) / size) * key_weight(plain[key], size)
        if size <= MAX_BLOCK:
            small[key] = rarity
            continue
        part = refinement(histogram, gender=subject.gender, birth_year=subject.birth_year, window=subject.window)
        years = []
        if part.first is not None:
            years.append("birth_year BETWEEN %s AND %s")
        if part.unknown:
            years.append("birth_year IS NULL")
        if not years:
            continue
        genders = ", ".join(["%s"] * len(part.genders))
        branches.append(
            f"SELECT {_COLUMNS}, %s AS w FROM {table} WHERE kind = %s AND key = %s"  # noqa: S608 (placeholders)
            f" AND gender IN ({genders}) AND ({' OR '.join(years)}){skip}"
        )
        params += [rarity, kind, key, *part.genders]
        params += [part.first, part.last] if part.first is not None else []
        params += exclude
    if small:
        cases = " ".join(["WHEN %s THEN %s"] * len(small))
        marks = ", ".join(["%s"] * len(small))
        branches.insert(
            0,
            f"SELECT {_COLUMNS}, CASE key {cases} END AS w FROM {table}"  # noqa: S608 (placeholders)
            f" WHERE kind = %s AND key IN ({marks}){skip}",
        )
        params = [*(v for item in small.items() for v in item), kind, *small, *exclude, *params]
    if not branches:
        return []
    fit, fit_params = _fit(subject)
    statement = (
        f"SELECT record_id, SUM(w){fit} AS score FROM ({' UNION ALL '.join(branches)}) AS shared"  # noqa: S608
        " GROUP BY record_id, gender, birth_year, district_id, home_district_id"
        " ORDER BY score DESC, record_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*fit_params, *params, MAX_COMPARE if limit is None else limit])
        return [row[0] for row in cursor.fetchall()]


def _fit(subject: Subject) -> tuple[str, list[Any]]:
    """``blocking.Index._fit_bonus`` as SQL over a candidate's group (grouped by the record's own columns, which
    every row of one record shares: cheaper than an aggregate per column). The constants are parameters: bound
    as floats, they keep the sum in double precision (literals such as ``1.0`` are ``numeric`` in PostgreSQL, and
    numeric arithmetic over thousands of groups was a fifth of the statement's time)."""
    parts: list[str] = []
    params: list[Any] = []
    if subject.gender in ("M", "F"):
        parts.append("CASE WHEN gender = %s THEN %s WHEN gender IN ('M', 'F') THEN %s ELSE %s END")
        params += [subject.gender, 1.0, -2.0, 0.0]
    if subject.birth_year is not None:
        window = max(subject.window, 1)
        parts.append(
            "CASE WHEN birth_year IS NULL THEN %s ELSE %s - (CASE WHEN ABS(birth_year - %s) > %s"
            " THEN %s ELSE ABS(birth_year - %s) END) * %s / %s END"
        )
        params += [0.0, 1.0, subject.birth_year, 2 * window, 2 * window, subject.birth_year, 1.0, window]
    if subject.district_id is not None:
        parts.append("CASE WHEN district_id = %s OR home_district_id = %s THEN %s ELSE %s END")
        params += [subject.district_id, subject.district_id, 0.5, 0.0]
    if subject.home_district_id is not None:
        parts.append("CASE WHEN district_id = %s THEN %s ELSE %s END")
        params += [subject.home_district_id, 1.0, 0.0]
    return "".join(f" + {p}" for p in parts), params
