"""`picket worker` queues the daily chains and monitoring's collection when it starts, once, so a fresh installation
escalates and collects by itself."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from picket.demo.management.commands.worker import daily_jobs_ensure
from picket.notify.daily import next_daily_run

# The worker command closes the database connection when it stops: inside a test transaction that would end the
# test's own transaction (PostgreSQL), so these tests run with real commits.
pytestmark = pytest.mark.django_db(transaction=True)

DAILY = {
    "picket.prosecution.tasks.deadlines_daily",
    "picket.tracing.tasks.reunification_reminders_daily",
    "picket.monitoring.tasks.watch_daily",
    "picket.monitoring.tasks_digest.monitoring_digest_daily",
}
COLLECTION = "picket.monitoring.tasks.collect_due"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _waiting():
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(status="READY").values_list("task_path", "run_after"))


def test_the_worker_queues_the_daily_chains_and_the_collection_at_start_and_only_once(database_queue, capsys):
    started = timezone.now()
    call_command("worker", "--batch")  # runs what is due (nothing: daily runs wait for 06:00 IST), then stops
    waiting = _waiting()
    assert {path for path, _ in waiting} == DAILY | {COLLECTION} and len(waiting) == len(DAILY) + 1
    assert all(run_after == next_daily_run() for path, run_after in waiting if path in DAILY)
    (collection,) = [run_after for path, run_after in waiting if path == COLLECTION]
    # no source is due: the collector looks again within the hour (at least a minute away)
    assert started + datetime.timedelta(minutes=1) <= collection <= timezone.now() + datetime.timedelta(hours=1)
    assert "Daily jobs queued" in capsys.readouterr().out
    call_command("worker", "--batch")
    assert len(_waiting()) == len(DAILY) + 1  # a second worker (or a restart) queues nothing more
    assert daily_jobs_ensure() == []


def test_nothing_is_queued_on_a_backend_that_cannot_defer(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert daily_jobs_ensure() == []
