"""Background jobs: the daily deadline escalation, which queues its own next run (06:00 IST each day)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from picket.prosecution.deadlines import IST

DAILY_AT = datetime.time(6, 0)


def next_daily_run(now: datetime.datetime | None = None) -> datetime.datetime:
    local = (now or timezone.now()).astimezone(IST)
    today = datetime.datetime.combine(local.date(), DAILY_AT, tzinfo=IST)
    return today if local < today else today + datetime.timedelta(days=1)


@task()
def deadlines_daily() -> str:
    from picket.prosecution.escalation import deadlines_escalate

    counts = deadlines_escalate()
    daily_schedule_ensure()
    return ", ".join(f"{level}: {count}" for level, count in counts.items())


def daily_schedule_ensure() -> bool:
    """Queue the next daily run unless one is already waiting. Returns True when a run was queued.

    Only with a backend that can defer jobs (the database queue); the immediate backend used in tests cannot.
    """
    backend = deadlines_daily.get_backend()
    if not backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=deadlines_daily.module_path, status="READY")
    if waiting.exists():
        return False
    deadlines_daily.using(run_after=next_daily_run()).enqueue()
    return True
