"""Benchmark: the cost of writing one audit event, and of verifying the chain.

    python bench/audit_write.py [--events N]

Migrates a fresh SQLite database in a temporary PICKET_VAR_DIR (and, when DATABASE_URL is set, a fresh
PostgreSQL test database beside the configured one), creates a user, then times N ``audit_record`` calls,
each in its own transaction as a request would make it (commit included), then N more appended inside a
transaction the caller commits (the extra cost to a request that writes anyway), and ``picket audit
verify`` over the result. Prints mean, p50, p95, p99 and max in milliseconds and events per second.
Target: <= 2 ms per event (mean and p95 of the first figure).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 2.0


def _percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def _summary(timings: list[float]) -> str:
    ordered = sorted(timings)
    return (
        f"mean {statistics.fmean(ordered):.3f} ms  p50 {_percentile(ordered, 0.50):.3f} ms"
        f"  p95 {_percentile(ordered, 0.95):.3f} ms  p99 {_percentile(ordered, 0.99):.3f} ms"
        f"  max {ordered[-1]:.3f} ms"
    )


def _database_description(connection: Any) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version} (WAL, synchronous=NORMAL)"
    version = connection.pg_version
    return f"PostgreSQL {version // 10000}.{version % 10000}"


def run(events: int, engine: str) -> int:
    """Run in a child process whose environment already selects the database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "picket.settings")
    os.environ["PICKET_DB_CONN_MAX_AGE"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from picket.accounts.models import User
    from picket.audit.context import audit_context
    from picket.audit.models import AuditAction
    from picket.audit.services import audit_record

    test_database = None
    if engine == "postgresql":
        # A fresh database beside the configured one, dropped afterwards (needs CREATEDB).
        test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        user = User.objects.create_user(username="bench.worker", password=None, role="case_worker")
        own: list[float] = []  # each event in its own transaction, commit included (a read request)
        inner: list[float] = []  # appended inside a transaction the caller commits (a write request)
        with audit_context(user=user, ip_address="192.0.2.10", path="/people/children/1/", method="GET"):
            for number in range(20):  # warm up: keyring, connection, statement caches
                with transaction.atomic():
                    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="people.child", object_id=number)
            started = time.perf_counter()
            for number in range(events):
                before = time.perf_counter_ns()
                with transaction.atomic():
                    audit_record(
                        action=AuditAction.UPDATE,
                        object_type="people.child",
                        object_id=number,
                        detail={"fields": ["status", "district"]},
                    )
                own.append((time.perf_counter_ns() - before) / 1e6)
            elapsed = time.perf_counter() - started
            for number in range(events):
                with transaction.atomic():
                    before = time.perf_counter_ns()
                    audit_record(action=AuditAction.UPDATE, object_type="people.child", object_id=number)
                    inner.append((time.perf_counter_ns() - before) / 1e6)
        print(f"database: {_database_description(connection)}")
        print(f"audit_record, {events} events, each in its own transaction (commit included):")
        print("  " + _summary(own) + f"  {events / elapsed:,.0f} events/s")
        print(f"audit_record, {events} events, inside the caller's transaction (its commit not counted):")
        print("  " + _summary(inner))
        total = 2 * events + 20
        out = StringIO()
        started = time.perf_counter()
        call_command("audit", "verify", stdout=out)
        verify_seconds = time.perf_counter() - started
        rate = total / verify_seconds
        print(f"picket audit verify over {total} events: {verify_seconds:.3f} s ({rate:,.0f} events/s)")
        print("  " + out.getvalue().strip().splitlines()[0])
        own.sort()
        verdict = "within" if statistics.fmean(own) <= TARGET_MS and _percentile(own, 0.95) <= TARGET_MS else "OVER"
        print(f"target <= {TARGET_MS} ms per event (mean and p95): {verdict}")
        return 0 if verdict == "within" else 1
    finally:
        if test_database is not None:
            connection.creation.destroy_test_db(test_database, verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.engine:
        if not os.environ.get("PICKET_VAR_DIR"):  # never the project's own var/
            os.environ["PICKET_VAR_DIR"] = tempfile.mkdtemp(prefix="picket-bench-")
        return run(arguments.events, arguments.engine)
    status = 0
    engines = ["sqlite"] + (["postgresql"] if os.environ.get("DATABASE_URL") else [])
    for engine in engines:
        with tempfile.TemporaryDirectory(prefix="picket-bench-") as var_dir:
            environment = {**os.environ, "PICKET_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "picket.settings"}
            environment.pop("PICKET_KEYRING", None)  # a fresh keyring in the temporary directory
            if engine == "sqlite":
                environment.pop("DATABASE_URL", None)
            command = [sys.executable, __file__, "--events", str(arguments.events), "--engine", engine]
            status |= subprocess.run(command, env=environment, check=False).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
