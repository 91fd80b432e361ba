"""`picket worker` queues both daily chains when it starts, once, so a fresh installation escalates by itself."""

import pytest
from django.core.management import call_command

from picket.demo.management.commands.worker import daily_jobs_ensure
from picket.notify.daily import next_daily_run

# The worker command closes the database connection when it stops: inside a test transaction that would end the
# test's own transaction (PostgreSQL), so these tests run with real commits.
pytestmark = pytest.mark.django_db(transaction=True)

DAILY = {"picket.prosecution.tasks.deadlines_daily", "picket.tracing.tasks.reunification_reminders_daily"}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _waiting():
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(status="READY").values_list("task_path", "run_after"))


def test_the_worker_queues_both_daily_chains_at_start_and_only_once(database_queue, capsys):
    call_command("worker", "--batch")  # runs what is due (nothing: the daily runs wait for 06:00 IST), then stops
    waiting = _waiting()
    assert {path for path, _ in waiting} == DAILY and len(waiting) == 2
    assert all(run_after == next_daily_run() for _, run_after in waiting)
    assert "Daily jobs queued" in capsys.readouterr().out
    call_command("worker", "--batch")
    assert len(_waiting()) == 2  # a second worker (or a restart) queues nothing more
    assert daily_jobs_ensure() == []


def test_nothing_is_queued_on_a_backend_that_cannot_defer(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert daily_jobs_ensure() == []
