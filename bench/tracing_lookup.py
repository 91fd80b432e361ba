"""Benchmark: a new found child's candidates among stored missing reports (``tracing.candidates.for_found``).

    DATABASE_URL=postgres://… python bench/tracing_lookup.py [--reports N] [--found F] [--warmup W] [--keep]
        [--reuse] [--new-found] [--explain] [--profile]

Target (issue #5, item 6): with 1,000,000 missing reports stored, a new found child's candidates come back in
<= 100 ms at the 95th percentile (warm).

What it does:

1. Migrates a fresh database: on PostgreSQL a test database beside the one ``DATABASE_URL`` names (needs
   CREATEDB; dropped afterwards unless ``--keep``); without ``DATABASE_URL``, SQLite in a temporary
   PICKET_VAR_DIR, for a run of at most 100,000 reports.
2. Loads N fictional children (``bench/_children_data.py``), each with one open missing report, in the real
   stored form, with the loader of ``bench/search_names.py`` (COPY, secondary indexes rebuilt afterwards,
   ``VACUUM ANALYZE``): children, nicknames, parents and ``NameKey`` rows as there, plus an
   ``intake.MissingReport`` per child: last seen over the 5 years before the run, in the child's responsible
   district, reported by the father, the mother or another relative, with a phone for 70% (a parent or guardian
   reporting with a phone is also a ``FamilyMember`` with that phone, as ``intake.services.missing_report_create``
   writes it), no police station.
3. Registers found children through the real services (``people.services.child_register_with_family``,
   ``family_member_add``, ``intake.services.found_child_register``; background tasks go to the dummy backend):
   true matches of stored reports, in turn: the name as stored, in the other script, misspelled (variant or
   slip), the given name only, the nickname the family reported; each with the father's name half the time
   (sometimes in the other script or another spelling), the mother's a fifth of the time, the home district 40%
   of the time, the age guessed (±1.3 years, sometimes ±3), the reporter's phone 10% of the time, found in a
   destination district. Plus children of nobody reported ("no match"). Which report each one is of is kept in
   ``PICKET_VAR_DIR/tracing-lookup-truth.json`` (ids only).
4. Calls ``for_found`` for ``--warmup`` other found children first (unmeasured: the database's cache, the
   process's caches), then once for each measured one, and prints p50/p95/p99/max in milliseconds, the queries
   per lookup, and recall@1/@5/@10 of the true report (its rank among the candidates returned), by kind.

``--keep`` leaves the database and PICKET_VAR_DIR (keyring, truth file) in place; ``--reuse`` measures such a
kept database again (same PICKET_VAR_DIR), ``--new-found`` replaces its found children first. ``--explain``
prints ``EXPLAIN (ANALYZE, BUFFERS)`` of every statement of one lookup; ``--profile`` prints a cProfile of the
measured lookups.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100.0
SQLITE_MAX_REPORTS = 100_000
REPORT_TABLES = ("intake_missingreport",)
TRUTH_FILE = "tracing-lookup-truth.json"
#: (milliseconds, queries, rank of the true report or None, candidates, first candidate's decision, has a report)
Row = tuple[float, int, int | None, int, str | None, bool]
KINDS = ("as stored", "other script", "misspelled", "given name only", "nickname", "no match")
REPORT_COLUMNS = ("id", "reference", "child_id", "reporter_name", "reporter_relation", "reporter_phone",
                  "reporter_phone_index", "police_station_id", "police_station_name", "police_report_kind",
                  "police_report_number", "police_report_number_index", "police_report_date", "last_seen_on",
                  "last_seen_place", "circumstances", "district_id", "organisation_id", "status",
                  "status_changed_at", "created_by_id", "created_at", "updated_at")  # fmt: skip
PLACES = ("railway station", "bus stand", "weekly market", "school", "near home", "village fair", "brick kiln",
          "tea garden", "construction site", "relative's house", "river ghat", "dhaba on the highway")  # fmt: skip
PHONE_SHARE = 0.70
YEARS = 5


# ---------------------------------------------------------------------------------------------------------
# Loading the reports
# ---------------------------------------------------------------------------------------------------------


def _phone(rng: random.Random) -> str:
    return rng.choice("6789") + "".join(rng.choices("0123456789", k=9))


def generate(reports: int, *, seed: int, today: datetime.date) -> dict[str, Any]:
    """N children with an open missing report each, as ``search_names.generate`` loads children."""
    from _children_data import Generator
    from django.db import connection, transaction
    from search_names import (
        CHILD_COLUMNS,
        CHILDREN_PER_TRANSACTION,
        CHUNK,
        FAMILY_COLUMNS,
        LOADED_TABLES,
        NAME_KEY_COLUMNS,
        OTHER_NAME_COLUMNS,
        Loader,
        RowMaker,
        reference_data,
        secondary_indexes_dropped,
    )

    started = time.perf_counter()
    district_ids, organisations, user_id = reference_data()
    loader = Loader(connection)
    maker = RowMaker(seed=seed + 1, postgres=loader.postgres, district_ids=district_ids,
                     organisations=organisations, user_id=user_id)  # fmt: skip
    generator = Generator(seed)
    # Reports (and children) registered over the 5 years before the run, in id order.
    generator.start = datetime.datetime.combine(today - datetime.timedelta(days=365 * YEARS), datetime.time(),
                                                tzinfo=datetime.UTC)  # fmt: skip
    generator.span_seconds = 365 * YEARS * 86400 - 2 * 86400
    rng = random.Random(seed + 3)  # noqa: S311 (fictional reports, reproducible)
    stamp = "%Y-%m-%d %H:%M:%S+00" if loader.postgres else "%Y-%m-%d %H:%M:%S"
    counts: dict[str, int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM people_child")
        next_id = cursor.fetchone()[0] + 1
    tables = (*LOADED_TABLES, *REPORT_TABLES)
    with secondary_indexes_dropped(connection, tables):
        done = 0
        while done < reports:
            with transaction.atomic():
                stop = min(reports, done + CHILDREN_PER_TRANSACTION)
                while done < stop:
                    batch = min(CHUNK, stop - done)
                    rows: dict[str, list[Any]] = defaultdict(list)
                    for record in generator.records(batch, total=reports):
                        child, others, family, keys = maker.rows(record, next_id)
                        report, extra_family, extra_keys = _report_rows(record, next_id, child, keys, maker,
                                                                        generator, rng, stamp)  # fmt: skip
                        rows["people_child"].append(child)
                        rows["people_childname"] += others
                        rows["people_familymember"] += family + extra_family
                        rows["people_namekey"] += keys + extra_keys
                        rows["intake_missingreport"].append(report)
                        next_id += 1
                    loader.write("people_child", CHILD_COLUMNS, rows["people_child"])
                    loader.write("people_childname", OTHER_NAME_COLUMNS, rows["people_childname"])
                    loader.write("people_familymember", FAMILY_COLUMNS, rows["people_familymember"])
                    loader.write("people_namekey", NAME_KEY_COLUMNS, rows["people_namekey"])
                    loader.write("intake_missingreport", REPORT_COLUMNS, rows["intake_missingreport"])
                    for table, label in (("people_child", "children"), ("people_childname", "other names"),
                                         ("people_familymember", "family members"), ("people_namekey", "name keys"),
                                         ("intake_missingreport", "reports")):  # fmt: skip
                        counts[label] += len(rows[table])
                    counts["reporter phones"] += sum(1 for r in rows["intake_missingreport"] if r[5])
                    done += batch
            print(f"  … {done:,} reports ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
        rows_seconds = time.perf_counter() - started
    index_seconds = time.perf_counter() - started - rows_seconds
    with connection.cursor() as cursor:
        if loader.postgres:
            for table in ("people_child", "intake_missingreport", "people_familymember"):
                maximum = f"(SELECT MAX(id) FROM {table})"  # noqa: S608 (constants)
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {maximum})")
            cursor.execute("VACUUM ANALYZE " + ", ".join(tables))
        else:
            cursor.execute("ANALYZE")
    return {
        "counts": dict(counts),
        "rows seconds": rows_seconds,
        "index seconds": index_seconds,
        "total seconds": time.perf_counter() - started,
    }


_report_references: set[str] = set()


def _report_rows(
    record: Any, child_id: int, child: tuple[Any, ...], keys: list[Any], maker: Any, generator: Any,
    rng: random.Random, stamp: str,
) -> tuple[tuple[Any, ...], list[Any], list[Any]]:  # fmt: skip
    """The missing report of one generated child, and the reporter as a family member (with new name keys)."""
    from picket.people.selectors import NAME_INDEX_PURPOSE, PHONE_INDEX_PURPOSE
    from picket.privacy.crypto import blind_index

    draw = rng.random()
    if record.father and draw < 0.55:
        relation, reporter = "father", record.father
    elif record.mother and draw < 0.85:
        relation, reporter = "mother", record.mother
    else:
        relation = rng.choice(("guardian", "other_relative", "grandparent", "sibling"))
        reporter = generator._person(record.region, rng.choice("FM"), record.devanagari, adult=True)
    phone = _phone(rng) if rng.random() < PHONE_SHARE else ""
    phone_index = blind_index(phone, purpose=PHONE_INDEX_PURPOSE)
    created = record.created_at
    last_seen = created.date() - datetime.timedelta(days=rng.randrange(0, 15))  # reported within two weeks
    while True:
        reference = "M-" + "".join(maker.rng.choices(maker.REFERENCE_ALPHABET, k=8))
        if reference not in _report_references:
            _report_references.add(reference)
            break
    district_id, organisation_id = child[15], child[16]
    place = rng.choice(PLACES)
    report = (
        child_id, reference, child_id, maker.encrypt(reporter, "intake.MissingReport.reporter_name"), relation,
        maker.encrypt(phone, "intake.MissingReport.reporter_phone") if phone else "", phone_index, None, "", "", "",
        "", None, last_seen.isoformat(), maker.encrypt(place, "intake.MissingReport.last_seen_place"), "",
        district_id, organisation_id, "open", None, child[17], created.strftime(stamp), created.strftime(stamp),
    )  # fmt: skip
    family: list[Any] = []
    new_keys: list[Any] = []
    if phone and relation in ("father", "mother", "guardian"):  # as missing_report_create adds the reporter
        family.append((child_id, relation, maker.encrypt(reporter, "people.FamilyMember.name"),
                       blind_index(reporter, purpose=NAME_INDEX_PURPOSE),
                       maker.encrypt(phone, "people.FamilyMember.phone"), phone_index, True))  # fmt: skip
        have = {key for _, source, key in keys if source == "relative"}
        new_keys = [(child_id, "relative", key) for key in maker.name_keys(reporter) if key not in have]
    return report, family, new_keys


BLOCK_KEY_BATCH = 5000


def _key_batch(batch: list[tuple[int, int, int, int | None]]) -> tuple[list[tuple[Any, ...]], list[Any]]:
    """Rows of one batch of reports (pk, child, district, home district), in a worker process."""
    from picket.tracing.blockkeys import key_rows
    from picket.tracing.stored import open_missing_records, parse_record_id

    places = {pk: (district, home) for pk, _, district, home in batch}
    rows: list[tuple[Any, ...]] = []
    groups = open_missing_records([child_id for _, child_id, _, _ in batch])
    for group in groups:
        district, home = places[parse_record_id(group[0].record_id)[1]]
        rows += key_rows("missing", group, district_id=district, home_district_id=home)
    return rows, groups


def load_block_keys(*, keep_records: bool, workers: int) -> tuple[dict[str, Any], list[Any]]:
    """``tracing.BlockKey`` rows of every open report, built as the refresh task builds them (decrypted in memory,
    ``blockkeys.key_rows``) by ``workers`` forked processes and written with COPY, the index rebuilt afterwards.
    With ``keep_records`` the reports' tracing records are returned too (for the file engine's side-by-side run)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from django.db import connection, connections
    from search_names import Loader, secondary_indexes_dropped

    from picket.intake.models import MissingReport
    from picket.tracing.blockkeys import COLUMNS

    started = time.perf_counter()
    loader = Loader(connection)
    reports = list(
        MissingReport.objects.filter(status="open")
        .order_by("pk")
        .values_list("pk", "child_id", "district_id", "child__home_district_id")
    )
    batches = [reports[start : start + BLOCK_KEY_BATCH] for start in range(0, len(reports), BLOCK_KEY_BATCH)]
    kept: list[Any] = []
    rows_written = 0
    with secondary_indexes_dropped(connection, ("tracing_blockkey",)):
        connections.close_all()  # each forked worker opens its own
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for number, (rows, groups) in enumerate(pool.map(_key_batch, batches), start=1):
                loader.write("tracing_blockkey", COLUMNS, rows)
                rows_written += len(rows)
                if keep_records:
                    kept += groups
                if number % 20 == 0:
                    print(f"  … block keys of {number * BLOCK_KEY_BATCH:,} reports "
                          f"({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)  # fmt: skip
        rows_seconds = time.perf_counter() - started
    from picket.tracing.blockkeys import recount

    recount()  # the COPY bypassed the counts the refresh keeps in step
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE tracing_blockkey" if loader.postgres else "ANALYZE")
        if loader.postgres:
            cursor.execute("VACUUM ANALYZE tracing_blockcount")
    return {"rows": rows_written, "reports": len(reports), "rows seconds": rows_seconds,
            "total seconds": time.perf_counter() - started}, kept  # fmt: skip


def _file_records(groups: list[Any] | None) -> list[Any]:
    """The open reports as tracing records (every name: one record each), for the file engine."""
    if groups is None:
        from picket.intake.models import MissingReport
        from picket.tracing.stored import open_missing_records

        children = list(MissingReport.objects.filter(status="open").order_by("pk").values_list("child_id", flat=True))
        groups = []
        for start in range(0, len(children), BLOCK_KEY_BATCH):
            groups += open_missing_records(children[start : start + BLOCK_KEY_BATCH])
    return [record for group in groups for record in group]


# ---------------------------------------------------------------------------------------------------------
# Found children
# ---------------------------------------------------------------------------------------------------------


def _distorted_parent(name: str, rng: random.Random) -> str:
    from _children_data import other_script, spelling_variant

    draw = rng.random()
    if draw < 0.25:
        return other_script(name) or name
    if draw < 0.45 and name.isascii():
        words = name.split()
        words[0] = spelling_variant(words[0], rng)
        return " ".join(words)
    if draw < 0.65:
        return name.split()[0]  # the father's given name only ("Ramesh")
    return name


def register_found(count: int, *, seed: int, today: datetime.date) -> list[dict[str, Any]]:
    """``count`` found children through the real services: true matches of random stored reports with the
    distortions of the module docstring (kinds in turn), and children of nobody reported."""
    from _children_data import DESTINATIONS, DISTRICTS, Generator, given_name, misspelled, other_script
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from picket.accounts.access import Actor
    from picket.accounts.models import Organisation
    from picket.accounts.permissions import ROLE_PERMISSIONS
    from picket.accounts.roles import Role
    from picket.geo.models import District
    from picket.intake.models import MissingReport
    from picket.intake.services import found_child_register
    from picket.people.models import Child, NameKind, Relation
    from picket.people.services import child_register_with_family, family_member_add
    from picket.tracing.stored import _age_on

    rng = random.Random(seed + 4)  # noqa: S311 (which reports, which distortions: reproducible)
    stranger = Generator(seed + 5)
    user = get_user_model().objects.get(username="bench.caseworker")
    actor = Actor(user=user, role=Role.CASE_WORKER, permissions=ROLE_PERMISSIONS[Role.CASE_WORKER], district_ids=None)
    organisation = Organisation.objects.order_by("pk").first()
    by_name = {name: District.objects.get(state__name__iexact=state, name__iexact=name) for state, name, _ in DISTRICTS}
    destinations = list(DESTINATIONS)
    report_ids = list(MissingReport.objects.filter(status="open").values_list("pk", flat=True).order_by())
    with_nickname = set(
        MissingReport.objects.filter(child__other_names__kind=NameKind.NICKNAME).values_list("pk", flat=True)
    )
    plan: list[dict[str, Any]] = []
    used: set[int] = set()
    for number in range(count):
        kind = KINDS[number % len(KINDS)]
        if kind == "no match":
            plan.append({"kind": kind, "report": None})
            continue
        while True:
            pk = rng.choice(report_ids)
            if pk in used or (kind == "nickname") != (pk in with_nickname):
                continue
            report = MissingReport.objects.select_related("child", "district").get(pk=pk)
            if kind == "other script" and not other_script(report.child.name):
                continue
            used.add(pk)
            break
        plan.append({"kind": kind, "report": pk})
    found_at = timezone.now() - datetime.timedelta(hours=3)
    truth = []
    for item in plan:
        kind = item["kind"]
        father = mother = phone = ""
        home = None
        if kind == "no match":
            record = next(stranger.records(1))
            name, gender = record.name, record.gender
            father = record.father if rng.random() < 0.5 else ""
            home = by_name[record.home_district] if rng.random() < 0.4 else None
            age = record.age_estimate or (record.created_at.year - record.date_of_birth.year)
            languages = record.language
        else:
            report = MissingReport.objects.select_related("child").get(pk=item["report"])
            child = Child.objects.prefetch_related("family", "other_names").get(pk=report.child_id)
            stored = child.name
            if kind == "as stored":
                name = stored
            elif kind == "other script":
                name = other_script(stored) or stored
            elif kind == "misspelled":
                name = misspelled(stored, rng)
            elif kind == "given name only":
                name = given_name(stored)
            else:
                name = next(n.name for n in child.other_names.all() if n.kind == NameKind.NICKNAME)
            gender = child.gender
            parents = {m.relation: m.name for m in reversed(list(child.family.all()))}
            if Relation.FATHER in parents and rng.random() < 0.5:
                father = _distorted_parent(parents[Relation.FATHER], rng)
            if Relation.MOTHER in parents and rng.random() < 0.2:
                mother = _distorted_parent(parents[Relation.MOTHER], rng)
            if report.reporter_phone and rng.random() < 0.10:
                phone = report.reporter_phone
            home = report.district if rng.random() < 0.4 else None
            true_age = _age_on(child, today)
            noise = rng.gauss(0, 3.0 if rng.random() < 0.15 else 1.3)
            age = None if true_age is None else min(25, max(1, round(true_age + noise)))
            languages = child.languages if rng.random() < 0.7 else ""
        where = by_name[rng.choice(destinations)] if rng.random() < 0.6 else by_name[rng.choice(list(by_name))]
        new = child_register_with_family(
            actor=actor, name=name, gender=gender, district=where, age_estimate_years=age, languages=languages,
            home_district=home, father_name=father, mother_name=mother, organisation=organisation,
        )  # fmt: skip
        if phone:
            family_member_add(actor=actor, child=new, relation=Relation.GUARDIAN, name=father or "Guardian",
                              phone=phone)  # fmt: skip
        found = found_child_register(actor=actor, child=new, found_at=found_at, district=where, how="railway")
        truth.append({"found": found.pk, "report": item["report"], "kind": kind})
    return truth


# ---------------------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------------------


def lookup(found: Any) -> tuple[float, int, list[Any]]:
    """(milliseconds, queries, candidates) of one ``for_found``."""
    from django.db import connection

    from picket.tracing.candidates import for_found

    queries = 0

    def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter_ns()
        result = for_found(found)
        elapsed = (time.perf_counter_ns() - started) / 1e6
    return elapsed, queries, result


def _percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def measure(truth: list[dict[str, Any]], warmup: int, profile: bool, linker: Any = None) -> bool:
    from picket.intake.models import FoundChild
    from picket.tracing.stored import parse_record_id

    found_of = {f.pk: f for f in FoundChild.objects.filter(pk__in=[t["found"] for t in truth])}
    warm, measured = truth[:warmup], truth[warmup:]
    for item in warm:
        lookup(found_of[item["found"]])
    profiler = cProfile.Profile() if profile else None
    rows: dict[str, list[Row]] = defaultdict(list)
    blocked: dict[str, list[bool | None]] = defaultdict(list)
    for item in measured:
        if profiler:
            profiler.enable()
        elapsed, queries, result = lookup(found_of[item["found"]])
        if profiler:
            profiler.disable()
        rank = None
        for position, candidate in enumerate(result, start=1):
            if item["report"] is not None and parse_record_id(candidate.missing_id)[1] == item["report"]:
                rank = position
                break
        top = result[0].decision if result else None
        rows[item["kind"]].append((elapsed, queries, rank, len(result), top, item["report"] is not None))
        if item["report"] is not None:
            blocked[item["kind"]].append(_in_block(found_of[item["found"]], item["report"]))
    print(f"\n{len(measured)} found children measured after {len(warm)} warm-up lookups of others; milliseconds per "
          "for_found; recall@k: the true report among the first k candidates returned")  # fmt: skip
    print("| kind | found | p50 ms | p95 ms | p99 ms | max ms | queries (mean / max) | candidates (mean) | "
          "recall@1 | recall@5 | recall@10 | top is a match |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    everything: list[Row] = []
    for kind in KINDS:
        if rows[kind]:
            print(_row(kind, rows[kind]))
            everything += rows[kind]
    print(_row("**all**", everything))
    matched = [r for kind in KINDS if kind != "no match" for r in rows[kind]]
    print(_row("true matches", matched))
    shares = [f"{kind} {_share(blocked[kind])}" for kind in KINDS if blocked[kind]]
    everything_blocked = [b for kind in KINDS for b in blocked[kind]]
    print(f"  true report among those scored (blocking recall): {_share(everything_blocked)}; {', '.join(shares)}")
    if linker is not None:
        _file_engine(linker, measured, found_of)
    p95 = _percentile(sorted(r[0] for r in everything), 0.95)
    within = p95 <= TARGET_MS
    print(f"  target p95 <= {TARGET_MS:.0f} ms: {'within' if within else 'OVER'} ({p95:.1f} ms)")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        print(out.getvalue())
    return within


def _in_block(found: Any, report: int) -> bool | None:
    """Whether the blocking step put the true report among those scored (``None``: this code cannot say)."""
    from picket.tracing import candidates
    from picket.tracing.stored import found_queryset, found_records

    if not hasattr(candidates, "reports_for_found"):
        return None
    found = found_queryset().get(pk=found.pk)
    return report in candidates.reports_for_found(found, found_records(found))


def _share(values: list[bool | None]) -> str:
    known = [v for v in values if v is not None]
    return f"{sum(known) / len(known):.3f}" if known else "—"


def _file_engine(linker: Any, measured: list[dict[str, Any]], found_of: dict[int, Any]) -> None:
    """The file engine's ``Linker`` (in-memory blocking, ADR 13) on the same reports and found children: its
    recall@k beside the database path's (every name of a found child looked up, each report's best kept)."""
    from picket.tracing.records import prepare
    from picket.tracing.stored import found_records

    ranks: dict[str, list[int | None]] = defaultdict(list)
    blocked: list[bool] = []
    started = time.perf_counter()
    for item in measured:
        if item["report"] is None:
            continue
        best: dict[str, float] = {}
        in_block: set[str] = set()
        for record in found_records(found_of[item["found"]]):
            for candidate in linker.candidates(record):
                best[candidate.missing_id] = max(best.get(candidate.missing_id, 0.0), candidate.score)
            in_block |= {linker.missing[i].record_id for i in
                         linker.index.candidates(prepare(record), "link", limit=linker.config.max_compare)}  # fmt: skip
        blocked.append(f"missing:{item['report']}" in in_block)
        order = sorted(best, key=lambda m: (-best[m], m))[:10]
        target = f"missing:{item['report']}"
        ranks[item["kind"]].append(order.index(target) + 1 if target in order else None)
    elapsed = (time.perf_counter() - started) * 1000 / max(1, sum(len(v) for v in ranks.values()))
    print(f"\nfile engine (Linker, in-memory blocking) on the same reports, {elapsed:.1f} ms a found child; true "
          f"report among those scored: {_share(list(blocked))}")  # fmt: skip
    print("| kind | recall@1 | recall@5 | recall@10 |\n| --- | --- | --- | --- |")
    everything = [r for kind in KINDS for r in ranks[kind]]
    for label, values in [*((kind, ranks[kind]) for kind in KINDS if ranks[kind]), ("true matches", everything)]:
        cells = [f"{sum(1 for r in values if r is not None and r <= k) / len(values):.3f}" for k in (1, 5, 10)]
        print(f"| {label} | {' | '.join(cells)} |")


def _row(label: str, rows: list[Row]) -> str:
    times = sorted(r[0] for r in rows)
    queries = [r[1] for r in rows]
    ranks = [r[2] for r in rows if r[5]]  # of the found children that have a report

    def recall(k: int) -> str:
        return f"{sum(1 for r in ranks if r is not None and r <= k) / len(ranks):.3f}" if ranks else "—"

    matches = sum(1 for r in rows if r[4] == "match")
    return (
        f"| {label} | {len(rows)} | {_percentile(times, 0.5):.1f} | {_percentile(times, 0.95):.1f} | "
        f"{_percentile(times, 0.99):.1f} | {times[-1]:.1f} | {statistics.mean(queries):.1f} / {max(queries)} | "
        f"{statistics.mean(r[3] for r in rows):.1f} | {recall(1)} | {recall(5)} | {recall(10)} | {matches} |"
    )


def explain(found: Any) -> None:
    from django.db import connection

    captured: list[tuple[str, Any]] = []

    def capture(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        lookup(found)
    for sql, params in captured:
        with connection.cursor() as cursor:
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            cursor.execute(prefix + sql, params)
            plan = "\n".join(str(row[0] if connection.vendor == "postgresql" else row) for row in cursor.fetchall())
        print(f"\n--- {sql[:600]}{' …' if len(sql) > 600 else ''}\n{plan}")


# ---------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------


def run(arguments: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "picket.settings")
    os.environ["PICKET_DB_CONN_MAX_AGE"] = "0"
    os.environ["PICKET_TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"  # no refresh on commit
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from search_names import _database_description, index_sizes, table_sizes

    from picket.intake.models import FoundChild, MissingReport
    from picket.people.models import Child

    postgres = connection.vendor == "postgresql"
    test_database = None
    if postgres:
        test_database = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=arguments.reuse or arguments.keep
        )
    else:
        call_command("migrate", verbosity=0)
    truth_path = Path(os.environ["PICKET_VAR_DIR"]) / TRUTH_FILE
    today = timezone.localdate()
    try:
        print(f"database: {_database_description(connection)}")
        print(f"python {sys.version.split()[0]}, django {django.get_version()}, {os.cpu_count()} CPUs")
        existing = MissingReport.objects.count()
        if existing and not (arguments.reuse and existing == arguments.reports):
            print(f"the benchmark database already holds {existing:,} reports; run with --reuse (and the same"
                  f" --reports and PICKET_VAR_DIR) to measure it again, or drop it", file=sys.stderr)  # fmt: skip
            return 2
        if not existing:
            stats = generate(arguments.reports, seed=arguments.seed, today=today)
            counts = stats["counts"]
            print(
                f"generated {counts['reports']:,} open missing reports ({counts['reporter phones']:,} with a "
                f"reporter's phone) of {counts['children']:,} children, {counts['other names']:,} nicknames, "
                f"{counts['family members']:,} family members, {counts['name keys']:,} name keys in "
                f"{stats['total seconds']:.0f} s (rows {stats['rows seconds']:.0f} s, indexes and constraints "
                f"{stats['index seconds']:.0f} s, vacuum/analyze "
                f"{stats['total seconds'] - stats['rows seconds'] - stats['index seconds']:.0f} s)"
            )
        else:
            print(f"reusing the kept database: {existing:,} reports")
        if arguments.new_found or not truth_path.exists():
            if FoundChild.objects.exists():
                from picket.people.models import NameKey

                children = list(FoundChild.objects.values_list("child_id", flat=True))
                FoundChild.objects.all().delete()
                NameKey.objects.filter(child_id__in=children).delete()
                Child.objects.filter(pk__in=children).delete()
            started = time.perf_counter()
            truth = register_found(arguments.found, seed=arguments.seed, today=today)
            truth_path.write_text(json.dumps(truth))
            print(f"registered {len(truth)} found children through the services in "
                  f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        truth = json.loads(truth_path.read_text())
        tables = ("people_child", "people_childname", "people_familymember", "people_namekey", *REPORT_TABLES)
        for table, rows, heap, indexes in table_sizes(connection, tables):
            print(f"  {table}: ~{rows:,} rows (planner estimate), table {heap}, indexes {indexes}")
        for table in ("people_namekey", "intake_missingreport"):
            for index, size in index_sizes(connection, table):
                print(f"    {index}: {size}")
        from picket.tracing.models import BlockKey

        kept: list[Any] | None = None
        if not BlockKey.objects.filter(kind="missing").exists():
            keyed, kept = load_block_keys(keep_records=arguments.file_engine, workers=arguments.workers)
            print(f"block keys: {keyed['rows']:,} rows for {keyed['reports']:,} open reports in "
                  f"{keyed['total seconds']:.0f} s (rows {keyed['rows seconds']:.0f} s)")  # fmt: skip
        for table, rows, heap, indexes in table_sizes(connection, ("tracing_blockkey",)):
            print(f"  {table}: ~{rows:,} rows (planner estimate), table {heap}, indexes {indexes}")
        linker = None
        if arguments.file_engine:
            from picket.tracing.engine import Linker

            started = time.perf_counter()
            linker = Linker(_file_records(kept or None))
            print(f"file engine: {len(linker.missing):,} records indexed in {time.perf_counter() - started:.0f} s")
        if arguments.explain:
            for item in truth[: len(KINDS)]:
                print(f"\n=== EXPLAIN, found child of kind {item['kind']!r}")
                explain(FoundChild.objects.get(pk=item["found"]))
        within = measure(truth, arguments.warmup, arguments.profile, linker)
        return 0 if within else 1
    finally:
        if test_database is not None:
            if arguments.keep:
                print(f"kept database {connection.settings_dict['NAME']} and "
                      f"PICKET_VAR_DIR={os.environ['PICKET_VAR_DIR']}")  # fmt: skip
            connection.creation.destroy_test_db(test_database, verbosity=0, keepdb=arguments.keep)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--found", type=int, default=400, help="found children registered (warm-up ones included)")
    parser.add_argument("--warmup", type=int, default=40, help="unmeasured lookups first (of other found children)")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database and PICKET_VAR_DIR")
    parser.add_argument("--reuse", action="store_true", help="measure a kept database again")
    parser.add_argument("--new-found", action="store_true", help="replace the found children of a kept database")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--workers", type=int, default=3, help="processes building the block keys")
    parser.add_argument("--file-engine", action="store_true",
                        help="also run the file engine's Linker on the same records (recall side by side)")  # fmt: skip
    arguments = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        if arguments.reports > SQLITE_MAX_REPORTS:
            print(
                "tracing_lookup.py measures PostgreSQL: set DATABASE_URL=postgres://… (a role with CREATEDB).\n"
                f"Without it, a run on SQLite is allowed up to --reports {SQLITE_MAX_REPORTS:,}.",
                file=sys.stderr,
            )
            return 2
        os.environ.pop("DATABASE_URL", None)
    if (arguments.reuse or arguments.keep) and not os.environ.get("PICKET_VAR_DIR"):
        if arguments.reuse:
            print("--reuse needs the PICKET_VAR_DIR (keyring) of the kept run", file=sys.stderr)
            return 2
        os.environ["PICKET_VAR_DIR"] = tempfile.mkdtemp(prefix="picket-bench-")
    if os.environ.get("PICKET_VAR_DIR"):
        os.environ.pop("PICKET_KEYRING", None)
        return run(arguments)
    with tempfile.TemporaryDirectory(prefix="picket-bench-") as var_dir:
        os.environ["PICKET_VAR_DIR"] = var_dir  # never the project's own var/; a fresh keyring
        os.environ.pop("PICKET_KEYRING", None)
        return run(arguments)


if __name__ == "__main__":
    sys.exit(main())
