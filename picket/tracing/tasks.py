"""Background tracing: a found child or missing report created or changed is looked up nationally by the worker.

Task arguments are the record's kind and primary key only (no personal data in the task table).
"""

from __future__ import annotations

from django_tasks import task

from picket.tracing import services


@task()
def tracing_refresh(kind: str, record_id: int) -> int:
    """Refresh one record's candidates; returns how many are stored."""
    if kind == "found":
        return len(services.refresh_for_found(record_id))
    if kind == "missing":
        return len(services.refresh_for_missing(record_id))
    raise ValueError("unknown record kind")


@task()
def reunification_reminders_daily() -> str:
    """Remind reviewers of reunification steps due soon or overdue, then queue tomorrow's run."""
    from picket.notify.daily import daily_ensure
    from picket.tracing.reminders import reunification_reminders

    counts = reunification_reminders()
    daily_ensure(reunification_reminders_daily)
    return ", ".join(f"{level}: {count}" for level, count in counts.items())
