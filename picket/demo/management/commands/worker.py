"""``picket worker``: run background jobs from the database queue (several may run, on several hosts).

At start it makes sure every daily chain (prosecution's deadline warnings, tracing's reunification reminders,
monitoring's watchlist checks) has its next run queued, so a fresh installation warns on its first morning without
waiting for a case to change; and that monitoring's collection of due sources has its next run queued (it then
re-queues itself, ADR 17).
"""

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


def daily_jobs() -> list[Any]:
    """The tasks that queue their own next run each day (``picket.notify.daily``)."""
    from picket.monitoring.tasks import watch_daily
    from picket.monitoring.tasks_digest import monitoring_digest_daily
    from picket.prosecution.tasks import deadlines_daily
    from picket.tracing.tasks import reunification_reminders_daily

    return [deadlines_daily, reunification_reminders_daily, watch_daily, monitoring_digest_daily]


def daily_jobs_ensure() -> list[str]:
    """Queue the next run of each daily job, and of monitoring's collection, that has none waiting; returns the
    names of those queued."""
    from picket.monitoring.tasks import collect_due, collect_schedule_ensure
    from picket.notify.daily import daily_ensure

    queued = [task.name for task in daily_jobs() if daily_ensure(task)]
    if collect_schedule_ensure():
        queued.append(collect_due.name)
    return queued


class Command(DatabaseWorkerCommand):
    help = "Run Picket's background jobs (database-backed queue; start as many as needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = daily_jobs_ensure()
        if queued:
            self.stdout.write(f"Daily jobs queued: {', '.join(queued)}.")
        super().handle(*args, **options)
