"""Two workers running the daily digest at the same moment send each reader one digest, not two (PostgreSQL:
the reader's row is locked from the check to the notification)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from picket.monitoring.digest import digests_send
from picket.monitoring.tests.test_digest import Scene
from picket.notify.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's in-memory test database has no row locks")
def test_two_workers_at_once_send_each_reader_one_digest(world):
    Scene(world)
    start = threading.Barrier(2)
    errors: list[Exception] = []

    def send() -> None:
        try:
            start.wait()
            digests_send()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=send) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not errors
    per_reader = Counter(Notification.objects.values_list("recipient_id", flat=True))
    assert len(per_reader) >= 3  # both analysts and the coordinator had news
    assert set(per_reader.values()) == {1}
