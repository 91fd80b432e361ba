"""Concurrent appends stay one contiguous chain (PostgreSQL: the head row's lock serialises them)."""

import threading

import pytest
from django.db import connection, connections, transaction

from picket.audit.models import AuditAction, AuditEvent
from picket.audit.services import audit_record
from picket.audit.tests.helpers import verify

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's in-memory test database has no row locks")
def test_concurrent_appends_form_one_contiguous_chain():
    threads, per_thread = 4, 15
    errors = []
    start = threading.Barrier(threads)

    def append(number):
        try:
            start.wait()
            for index in range(per_thread):
                with transaction.atomic():
                    audit_record(action=AuditAction.SEARCH, object_type="x.y", object_id=f"{number}-{index}")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=append, args=(number,)) for number in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    sequences = list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, threads * per_thread + 1))
    assert f"intact: {threads * per_thread} events" in verify()
