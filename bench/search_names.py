"""Benchmark: searching children by name (``people.selectors.child_search``) over a large register.

    DATABASE_URL=postgres://… python bench/search_names.py [--children N] [--queries Q] [--keep] [--reuse]
        [--variant current|before|both] [--explain]

Target (issue): searching a name over 1,000,000 children on PostgreSQL answers in <= 150 ms at the 95th
percentile.

What it does:

1. Migrates a fresh database: on PostgreSQL a test database beside the one ``DATABASE_URL`` names (needs
   CREATEDB; dropped afterwards unless ``--keep``); without ``DATABASE_URL``, SQLite in a temporary
   PICKET_VAR_DIR, for a smoke run of at most 100,000 children.
2. Imports the LGD states and districts (``picket geo import``) and generates N fictional children
   (``bench/_children_data.py``: Hindi-belt, Bengali, Adivasi and Muslim names, about 18% in Devanagari,
   variant spellings, nicknames, fathers' and mothers' names, ~50 districts) and stores them in the *real* stored
   form: ``Child.name`` an AES-GCM ciphertext under the benchmark's keyring, ``name_index`` the real blind index,
   nicknames as ``ChildName`` rows, parents as ``FamilyMember`` rows, and ``NameKey`` rows exactly as
   ``people.search.name_keys_rebuild`` stores them (own names → ``child`` keys, parents → ``relative`` keys,
   through ``people.search.hashed_keys``). On PostgreSQL rows go in with COPY, the loaded tables' secondary
   indexes and constraints dropped during the load and recreated from their own definitions afterwards; then
   ``VACUUM ANALYZE``.
3. Searches as the children page does (``child_search``, then ``Paginator(…, 50).get_page(1)``: the count for
   the pager and the first 50 rows), as a national actor and as a case worker of the busiest district, with
   queries drawn from the stored records: the name as stored, in the other script, misspelled, the given name
   only, given name + common last word (Kumari, Yadav, Khan, Oraon, …), a nickname, and names of nobody in
   the data. Warms up, then prints p50/p95/p99/max in milliseconds and the number of candidates per kind.

``--variant before`` measures the ranking query of commit 9f7d5a6 (``ranked_before`` below) on the current
schema; ``both`` measures it and the current one alternately, query by query, and checks that both give the
same first page and the same count (up to ``people.search.RANKED_CANDIDATES_MAX``). ``--explain`` prints
``EXPLAIN (ANALYZE, BUFFERS)`` of the SQL a page runs for one query of each kind. ``--keep`` leaves the
database and the keyring (PICKET_VAR_DIR) in place, and ``--reuse`` measures such a kept database again (same
PICKET_VAR_DIR; new migrations are applied) without regenerating it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LGD_DIR = ROOT.parent / "shared" / "data" / "lgd"
TARGET_MS = 150.0
SQLITE_MAX_CHILDREN = 100_000
CHUNK = 25_000  # children per COPY round
CHILDREN_PER_TRANSACTION = 250_000
PAGE_SIZE = 50
LOADED_TABLES = ("people_child", "people_childname", "people_familymember", "people_namekey")
KINDS = ("as stored", "other script", "misspelled", "given name only", "with common last word", "nickname",
         "nobody")  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------------------


class Loader:
    """Writes rows: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"

    def write(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            if self.postgres:
                text = "".join("\t".join(_copy_value(v) for v in row) + "\n" for row in rows)
                statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # constants, not input
                with cursor.cursor.copy(statement) as copy:
                    copy.write(text)
            else:
                marks = ", ".join("%s" for _ in columns)
                statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 (constants)
                cursor.executemany(statement, rows)


def _copy_value(value: Any) -> str:
    # Values are ciphertexts (base64), hex digests, numbers, dates and fixed words: nothing to escape.
    return "\\N" if value is None else str(value)


@contextlib.contextmanager
def secondary_indexes_dropped(connection: Any, tables: tuple[str, ...] = LOADED_TABLES) -> Iterator[None]:
    """PostgreSQL: drop the loaded tables' foreign keys, unique constraints and non-constraint indexes, and
    recreate them afterwards from their own definitions (a sorted build instead of 10M random inserts)."""
    if connection.vendor != "postgresql":
        yield
        return
    recreate: list[str] = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY contype DESC",
                [table],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                " WHERE x.indrelid = %s::regclass AND NOT x.indisprimary"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
                [table],
            )
            indexes = cursor.fetchall()
            for name, definition in constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                recreate.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            for name, definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
                recreate.append(definition)
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        # Indexes and unique constraints first, foreign keys last (they check against the new indexes).
        for statement in sorted(recreate, key=lambda s: "FOREIGN KEY" in s):
            cursor.execute(statement)
        cursor.execute("RESET maintenance_work_mem")


CHILD_COLUMNS = ("id", "reference", "name", "name_index", "gender", "date_of_birth", "birth_year",
                 "age_estimate_years", "age_estimated_on", "languages", "identifying_marks", "home_district_id",
                 "home_subdistrict_id", "home_locality", "home_address", "district_id", "organisation_id",
                 "created_by_id", "created_at", "updated_at")  # fmt: skip
OTHER_NAME_COLUMNS = ("child_id", "kind", "name", "created_at")
FAMILY_COLUMNS = ("child_id", "relation", "name", "name_index", "phone", "phone_index", "is_guardian")
NAME_KEY_COLUMNS = ("child_id", "source", "key")


class RowMaker:
    """The stored form of generated children, as ``people.services`` would write it (same encryption, blind
    index and name keys), without the per-row ORM and audit cost."""

    REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

    def __init__(self, *, seed: int, postgres: bool, district_ids: dict[str, int], organisations: dict[int, int],
                 user_id: int) -> None:  # fmt: skip
        from picket.privacy.keyring import load_keyring

        self.keyring = load_keyring()
        self.rng = random.Random(seed)  # noqa: S311 (references of fictional children, reproducible)
        self.postgres = postgres
        self.district_ids, self.organisations, self.user_id = district_ids, organisations, user_id
        self.references: set[str] = set()
        self.keys_of: dict[str, frozenset[str]] = {}
        self.index_of: dict[str, str] = {}

    def name_keys(self, name: str) -> frozenset[str]:
        """``people.search.hashed_keys([name])``, once per distinct name (the union over names is the same)."""
        from picket.people.search import hashed_keys

        keys = self.keys_of.get(name)
        if keys is None:
            keys = self.keys_of[name] = frozenset(hashed_keys([name]))
        return keys

    def name_index(self, name: str) -> str:
        from picket.people.selectors import NAME_INDEX_PURPOSE
        from picket.privacy.crypto import blind_index

        digest = self.index_of.get(name)
        if digest is None:
            digest = self.index_of[name] = blind_index(name, purpose=NAME_INDEX_PURPOSE)
        return digest

    def encrypt(self, text: str, context: str) -> str:
        from picket.privacy.crypto import encrypt_text

        return encrypt_text(text, context=context, keyring=self.keyring)

    def reference(self) -> str:
        while True:
            reference = "C-" + "".join(self.rng.choices(self.REFERENCE_ALPHABET, k=8))
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def rows(self, record: Any, child_id: int) -> tuple[tuple[Any, ...], list[Any], list[Any], list[Any]]:
        """(child row, other-name rows, family rows, name-key rows) for one generated child."""
        created = record.created_at.strftime("%Y-%m-%d %H:%M:%S+00" if self.postgres else "%Y-%m-%d %H:%M:%S")
        born = record.date_of_birth
        district = self.district_ids[record.district]
        child = (
            child_id, self.reference(), self.encrypt(record.name, "people.Child.name"), self.name_index(record.name),
            record.gender, self.encrypt(born.isoformat(), "people.Child.date_of_birth") if born else "",
            born.year if born else None, record.age_estimate,
            record.created_at.date().isoformat() if record.age_estimate is not None else None,
            record.language, "", self.district_ids[record.home_district], None, "", "", district,
            self.organisations[district], self.user_id, created, created,
        )  # fmt: skip
        others, family = [], []
        own = self.name_keys(record.name)
        if record.nickname:
            others.append((child_id, "nickname", self.encrypt(record.nickname, "people.ChildName.name"), created))
            own = own | self.name_keys(record.nickname)
        relatives: frozenset[str] = frozenset()
        for relation, parent in (("father", record.father), ("mother", record.mother)):
            if parent:
                ciphertext = self.encrypt(parent, "people.FamilyMember.name")
                family.append((child_id, relation, ciphertext, self.name_index(parent), "", "", False))
                relatives = relatives | self.name_keys(parent)
        keys = [(child_id, "child", key) for key in own] + [(child_id, "relative", key) for key in relatives]
        return child, others, family, keys


def reference_data() -> tuple[dict[str, int], dict[int, int], int]:
    """LGD states and districts (``picket geo import``), an NGO office per chosen district, a case worker."""
    from _children_data import DISTRICTS
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from picket.accounts.models import Organisation
    from picket.accounts.roles import OrganisationKind
    from picket.geo.models import District

    with contextlib.redirect_stdout(sys.stderr):
        call_command("geo", "import", str(LGD_DIR / "1-state.csv"), str(LGD_DIR / "2-district.csv"))
    district_ids = {
        name: District.objects.get(state__name__iexact=state, name__iexact=name).pk for state, name, _ in DISTRICTS
    }
    organisations: dict[int, int] = {}
    for name, district_id in district_ids.items():
        office = Organisation.objects.create(name=f"Bench NGO office, {name.title()}", kind=OrganisationKind.NGO_OFFICE)
        office.districts.add(district_id)
        organisations[district_id] = office.pk
    user = get_user_model().objects.create_user(username="bench.caseworker", password=None, role="case_worker")
    return district_ids, organisations, user.pk


def generate(children: int, *, seed: int) -> dict[str, Any]:
    """Districts, organisations, a user and ``children`` children with their names and keys."""
    from _children_data import Generator
    from django.db import connection, transaction

    started = time.perf_counter()
    district_ids, organisations, user_id = reference_data()
    loader = Loader(connection)
    maker = RowMaker(seed=seed + 1, postgres=loader.postgres, district_ids=district_ids,
                     organisations=organisations, user_id=user_id)  # fmt: skip
    generator = Generator(seed)
    counts: dict[str, int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM people_child")
        next_id = cursor.fetchone()[0] + 1
    with secondary_indexes_dropped(connection):
        done = 0
        while done < children:
            with transaction.atomic():
                stop = min(children, done + CHILDREN_PER_TRANSACTION)
                while done < stop:
                    batch = min(CHUNK, stop - done)
                    child_rows, other_rows, family_rows, key_rows = [], [], [], []
                    for record in generator.records(batch, total=children):
                        child, others, family, keys = maker.rows(record, next_id)
                        next_id += 1
                        child_rows.append(child)
                        other_rows += others
                        family_rows += family
                        key_rows += keys
                    loader.write("people_child", CHILD_COLUMNS, child_rows)
                    loader.write("people_childname", OTHER_NAME_COLUMNS, other_rows)
                    loader.write("people_familymember", FAMILY_COLUMNS, family_rows)
                    loader.write("people_namekey", NAME_KEY_COLUMNS, key_rows)
                    counts["children"] += len(child_rows)
                    counts["other names"] += len(other_rows)
                    counts["family members"] += len(family_rows)
                    counts["name keys"] += len(key_rows)
                    done += batch
            print(f"  … {done:,} children ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
        rows_seconds = time.perf_counter() - started
    index_seconds = time.perf_counter() - started - rows_seconds
    with connection.cursor() as cursor:
        if loader.postgres:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('people_child', 'id'), (SELECT MAX(id) FROM people_child))"
            )
            cursor.execute("VACUUM ANALYZE " + ", ".join(LOADED_TABLES))  # as autovacuum leaves a settled table
        else:
            cursor.execute("ANALYZE")
    return {
        "counts": dict(counts),
        "distinct names": len(maker.keys_of),
        "rows seconds": rows_seconds,
        "index seconds": index_seconds,
        "total seconds": time.perf_counter() - started,
    }


def table_sizes(connection: Any, tables: tuple[str, ...] = LOADED_TABLES) -> list[tuple[str, int, str, str]]:
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reltuples::bigint, pg_size_pretty(pg_table_size(c.oid)),"
            " pg_size_pretty(pg_indexes_size(c.oid)) FROM pg_class c WHERE c.relname = ANY(%s) ORDER BY c.relname",
            [list(tables)],
        )
        return cursor.fetchall()


def index_sizes(connection: Any, table: str) -> list[tuple[str, str]]:
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_size_pretty(pg_relation_size(i.oid)) FROM pg_index x"
            " JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass ORDER BY i.relname",
            [table],
        )
        return cursor.fetchall()


# ---------------------------------------------------------------------------------------------------------
# The query as shipped in commit 9f7d5a6 (for --variant before)
# ---------------------------------------------------------------------------------------------------------


def ranked_before(*, children: Any, name: str, relation_names: bool = False) -> Any:
    from django.db.models import Count, Q

    from picket.people.models import NameKey, NameKeySource
    from picket.people.search import hashed_keys

    keys = hashed_keys([name], for_query=True)
    if not keys:
        return children.none()
    source = NameKeySource.RELATIVE if relation_names else NameKeySource.CHILD
    matching = Q(name_keys__key__in=keys, name_keys__source=source)
    return (
        children.filter(pk__in=NameKey.objects.filter(key__in=keys, source=source).values("child_id"))
        .annotate(hits=Count("name_keys", filter=matching))
        .order_by("-hits", "-created_at")
    )


def cap() -> int:
    import picket.people.search as search

    return getattr(search, "RANKED_CANDIDATES_MAX", 10**9)


@contextlib.contextmanager
def variant(name: str) -> Iterator[None]:
    import picket.people.search as search

    shipped = search.children_ranked_by_name
    if name == "before":
        search.children_ranked_by_name = ranked_before
    try:
        yield
    finally:
        search.children_ranked_by_name = shipped


# ---------------------------------------------------------------------------------------------------------
# Queries and measurement
# ---------------------------------------------------------------------------------------------------------


def draw_queries(*, count: int, rng: random.Random, district_id: int | None) -> list[tuple[str, str]]:
    """``count`` (kind, text) pairs, the kinds in turn, drawn from stored children (of ``district_id``)."""
    from _children_data import COMMON_LAST_WORDS, absent_name, given_name, misspelled, other_script

    from picket.people.models import Child, NameKind

    children = Child.objects.all()
    if district_id is not None:
        children = children.filter(district_id=district_id)
    ids = list(children.values_list("id", flat=True).order_by())
    sample = Child.objects.filter(pk__in=rng.sample(ids, min(len(ids), 40 * count))).prefetch_related("other_names")
    stored = [(c.name, [n.name for n in c.other_names.all() if n.kind == NameKind.NICKNAME]) for c in sample]
    rng.shuffle(stored)
    candidates: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for name, nicknames in stored:
        candidates["as stored"].append(name)
        converted = other_script(name)
        if converted:
            candidates["other script"].append(converted)
        candidates["misspelled"].append(misspelled(name, rng))
        words = name.split()
        given = given_name(name)
        candidates["given name only"].append(given)
        if len(words) >= 2 and words[-1].lower() in COMMON_LAST_WORDS and given != words[-1]:
            candidates["with common last word"].append(f"{given} {words[-1]}")
        candidates["nickname"] += nicknames
    candidates["nobody"] = [absent_name(rng) for _ in range(count)]
    for pool in candidates.values():
        rng.shuffle(pool)  # each kind from different children
    queries: list[tuple[str, str]] = []
    position = defaultdict(int)
    while len(queries) < count:
        kind = KINDS[len(queries) % len(KINDS)]
        pool = candidates[kind]
        queries.append((kind, pool[position[kind] % len(pool)]))
        position[kind] += 1
    return queries


def search_page(actor: Any, query: str) -> tuple[float, float, int, list[int]]:
    """One children page, as ``people.views.child_list`` makes it: (milliseconds in all, of which the count,
    candidates, ids on the page)."""
    from django.core.paginator import Paginator

    from picket.people.selectors import child_search

    started = time.perf_counter_ns()
    children = child_search(actor=actor, query=query)
    paginator = Paginator(children, PAGE_SIZE)
    candidates = paginator.count
    counted = time.perf_counter_ns()
    rows = list(paginator.get_page(1).object_list)
    for child in rows:  # what the template shows
        _ = (child.reference, child.district.name, child.created_at)
    finished = time.perf_counter_ns()
    return (finished - started) / 1e6, (counted - started) / 1e6, candidates, [child.pk for child in rows]


def _percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def _row(label: str, timings: list[float], candidates: list[int]) -> str:
    ordered = sorted(timings)
    found = sorted(candidates)
    return (
        f"| {label} | {len(ordered)} | {statistics.median(found):,.0f} | {found[-1]:,} | "
        f"{_percentile(ordered, 0.50):.1f} | {_percentile(ordered, 0.95):.1f} | {_percentile(ordered, 0.99):.1f} | "
        f"{ordered[-1]:.1f} |"
    )


def measure(
    actors: dict[str, Any], queries: dict[str, list[tuple[str, str]]], variants: list[str], warmup: int
) -> dict[tuple[str, str], dict[str, Any]]:
    results: dict[tuple[str, str], dict[str, Any]] = {}
    for actor_label, actor in actors.items():
        for variant_name in variants:
            with variant(variant_name):
                for _, text in queries[actor_label][:warmup]:
                    search_page(actor, text)
        per_variant = {v: {"total": defaultdict(list), "count": defaultdict(list), "found": defaultdict(list)}
                       for v in variants}  # fmt: skip
        differences = 0
        for number, (kind, text) in enumerate(queries[actor_label]):
            order = variants if number % 2 == 0 else list(reversed(variants))
            pages = {}
            for variant_name in order:
                with variant(variant_name):
                    total, count, found, ids = search_page(actor, text)
                bucket = per_variant[variant_name]
                bucket["total"][kind].append(total)
                bucket["count"][kind].append(count)
                bucket["found"][kind].append(found)
                pages[variant_name] = (found, ids)
            if len(pages) == 2:  # the same first page, and the same count up to the cap
                (found_before, ids_before), (found_now, ids_now) = pages["before"], pages["current"]
                if ids_before != ids_now or found_now != min(found_before, cap()):
                    differences += 1
                    print(f"  differs: {kind} {text!r}: {found_before} → {found_now} candidates", file=sys.stderr)
        if len(variants) == 2:
            print(f"{actor_label}: first page and count identical to before for "
                  f"{len(queries[actor_label]) - differences} of {len(queries[actor_label])} queries")  # fmt: skip
        for variant_name in variants:
            results[(actor_label, variant_name)] = per_variant[variant_name]
    return results


def report(results: dict[tuple[str, str], dict[str, Any]]) -> bool:
    within = True
    for (actor_label, variant_name), bucket in results.items():
        print(f"\n{actor_label} — ranking query: {variant_name}")
        print("| query kind | queries | candidates (median) | candidates (max) | p50 ms | p95 ms | p99 ms | max ms |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        everything, everything_found, counts = [], [], []
        for kind in KINDS:
            if bucket["total"][kind]:
                print(_row(kind, bucket["total"][kind], bucket["found"][kind]))
                everything += bucket["total"][kind]
                everything_found += bucket["found"][kind]
                counts += bucket["count"][kind]
        print(_row("**all**", everything, everything_found))
        ordered = sorted(everything)
        count_ordered = sorted(counts)
        p95 = _percentile(ordered, 0.95)
        print(f"  (of which child_search and the pager's count: p50 {_percentile(count_ordered, 0.5):.1f} ms, p95 "
              f"{_percentile(count_ordered, 0.95):.1f} ms)")  # fmt: skip
        verdict = p95 <= TARGET_MS
        within &= verdict or variant_name == "before"
        print(f"  target p95 <= {TARGET_MS:.0f} ms: {'within' if verdict else 'OVER'} ({p95:.1f} ms)")
    return within


def explain(actors: dict[str, Any], examples: list[str]) -> None:
    from django.db import connection

    for actor_label, actor in actors.items():
        for text in examples:
            captured: list[tuple[str, Any]] = []

            def capture(
                execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any, captured: list = captured
            ) -> Any:
                captured.append((sql, params))
                return execute(sql, params, many, context)

            with connection.execute_wrapper(capture):
                search_page(actor, text)
            for sql, params in captured:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                print(f"\n--- {actor_label}, query {text!r}:\n{sql[:400]}{' …' if len(sql) > 400 else ''}\n{plan}")


# ---------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------


def _database_description(connection: Any) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    version = connection.pg_version
    with connection.cursor() as cursor:
        settings = []
        for name in ("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "fsync",
                     "synchronous_commit", "max_parallel_workers_per_gather", "jit"):  # fmt: skip
            cursor.execute(f"SHOW {name}")
            settings.append(f"{name}={cursor.fetchone()[0]}")
    return f"PostgreSQL {version // 10000}.{version % 10000} ({', '.join(settings)})"


def run(arguments: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "picket.settings")
    os.environ["PICKET_DB_CONN_MAX_AGE"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from picket.accounts.access import Actor
    from picket.accounts.permissions import ROLE_PERMISSIONS
    from picket.accounts.roles import Role
    from picket.people.models import Child

    postgres = connection.vendor == "postgresql"
    test_database = None
    if postgres:
        test_database = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=arguments.reuse or arguments.keep
        )
    else:
        call_command("migrate", verbosity=0)
    try:
        print(f"database: {_database_description(connection)}")
        print(f"python {sys.version.split()[0]}, django {django.get_version()}, {os.cpu_count()} CPUs")
        existing = Child.objects.count()
        if existing and not (arguments.reuse and existing == arguments.children):
            print(f"the benchmark database already holds {existing:,} children; run with --reuse (and the same"
                  f" --children and PICKET_VAR_DIR) to measure it again, or drop it", file=sys.stderr)  # fmt: skip
            return 2
        if not existing:
            stats = generate(arguments.children, seed=arguments.seed)
            counts = stats["counts"]
            print(
                f"generated {counts['children']:,} children, {counts['other names']:,} nicknames, "
                f"{counts['family members']:,} parents, {counts['name keys']:,} name keys "
                f"({stats['distinct names']:,} distinct names written) in {stats['total seconds']:.0f} s "
                f"(rows {stats['rows seconds']:.0f} s, indexes and constraints {stats['index seconds']:.0f} s, "
                f"vacuum/analyze {stats['total seconds'] - stats['rows seconds'] - stats['index seconds']:.0f} s)"
            )
        else:
            print(f"reusing the kept database: {existing:,} children")
        for table, rows, heap, indexes in table_sizes(connection):
            print(f"  {table}: ~{rows:,} rows (planner estimate), table {heap}, indexes {indexes}")
        for index, size in index_sizes(connection, "people_namekey"):
            print(f"    {index}: {size}")

        rng = random.Random(arguments.seed + 2)  # noqa: S311 (which queries, reproducible)
        busiest = Child.objects.values("district_id").order_by().annotate(n=Count("id")).order_by("-n").first()
        assert busiest is not None
        permissions = ROLE_PERMISSIONS[Role.CASE_WORKER]
        actors = {
            "national actor": Actor(user=None, role=Role.CASE_WORKER, permissions=permissions, district_ids=None),
            f"district actor ({busiest['n']:,} children in scope)": Actor(
                user=None,
                role=Role.CASE_WORKER,
                permissions=permissions,
                district_ids=frozenset({busiest["district_id"]}),
            ),
        }
        queries = {}
        for label, actor in actors.items():
            district = None if actor.district_ids is None else busiest["district_id"]
            queries[label] = draw_queries(count=arguments.queries, rng=rng, district_id=district)
        examples = [queries[next(iter(actors))][i][1] for i in range(len(KINDS))]
        variants = ["before", "current"] if arguments.variant == "both" else [arguments.variant]
        if arguments.explain:
            for variant_name in variants:
                print(f"\n=== EXPLAIN, ranking query: {variant_name}")
                with variant(variant_name):
                    explain(actors, examples)
        print(f"\n{arguments.queries} queries per actor ({', '.join(KINDS)} in turn), after {arguments.warmup} "
              "warm-up queries; a query is child_search + the pager's count + the first 50 rows")  # fmt: skip
        results = measure(actors, queries, variants, arguments.warmup)
        within = report(results)
        return 0 if within else 1
    finally:
        if test_database is not None:
            if arguments.keep:
                kept = connection.settings_dict["NAME"]
                print(f"kept database {kept} and PICKET_VAR_DIR={os.environ['PICKET_VAR_DIR']}")
            connection.creation.destroy_test_db(test_database, verbosity=0, keepdb=arguments.keep)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300, help="measured queries per actor")
    parser.add_argument("--warmup", type=int, default=30, help="unmeasured queries per actor first")
    parser.add_argument("--variant", choices=["current", "before", "both"], default="current")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database and PICKET_VAR_DIR")
    parser.add_argument("--reuse", action="store_true", help="measure a kept database again")
    parser.add_argument("--seed", type=int, default=20261128)
    arguments = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        if arguments.children > SQLITE_MAX_CHILDREN:
            print(
                "search_names.py measures PostgreSQL: set DATABASE_URL=postgres://… (a role with CREATEDB).\n"
                f"Without it, a smoke run on SQLite is allowed up to --children {SQLITE_MAX_CHILDREN:,}.",
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
