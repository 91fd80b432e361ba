"""Daily background jobs that queue their own next run (the worker has no cron).

A daily task calls ``daily_ensure(task)`` at its end; services that create work for it call it on commit, so the
chain starts by itself on a fresh installation. Only a backend that can defer jobs (the database queue) keeps a
chain; the immediate backend used in tests cannot, and nothing is queued.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

IST = ZoneInfo("Asia/Kolkata")
DAILY_AT = datetime.time(6, 0)


def next_daily_run(now: datetime.datetime | None = None, *, at: datetime.time = DAILY_AT) -> datetime.datetime:
    """The next ``at`` o'clock in India Standard Time after ``now``."""
    local = (now or timezone.now()).astimezone(IST)
    today = datetime.datetime.combine(local.date(), at, tzinfo=IST)
    return today if local < today else today + datetime.timedelta(days=1)


def daily_ensure(task: Any, *, at: datetime.time = DAILY_AT) -> bool:
    """Queue ``task``'s next daily run unless one is already waiting. Returns True when a run was queued."""
    backend = task.get_backend()
    if not backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists():
        return False
    task.using(run_after=next_daily_run(at=at)).enqueue()
    return True
