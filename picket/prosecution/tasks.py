"""Background jobs: the daily deadline escalation at 06:00 IST, queued by ``picket.notify.daily``."""

from __future__ import annotations

from django_tasks import task

from picket.notify.daily import daily_ensure, next_daily_run

__all__ = ["daily_schedule_ensure", "deadlines_daily", "next_daily_run"]


@task()
def deadlines_daily() -> str:
    from picket.prosecution.escalation import deadlines_escalate

    counts = deadlines_escalate()
    daily_schedule_ensure()
    return ", ".join(f"{level}: {count}" for level, count in counts.items())


def daily_schedule_ensure() -> bool:
    """Queue the next daily run unless one is waiting (only with the database queue, which can defer jobs)."""
    return daily_ensure(deadlines_daily)
