"""Background jobs (django-tasks, database queue): collectors and the daily watchlist chores.

``collect_due`` collects every source that is due (its schedule has come round and it is not backing off),
each on its own — one failing source never stops the others — then queues its own next run for when the next
source falls due (at least a minute, at most an hour away). ``watch_daily`` (06:00 IST, ``picket.notify.daily``)
watches accused persons' phones recorded in cases and checks recent tips against the watchlist. Task arguments
are ids only.
"""

from __future__ import annotations

import datetime
import logging

from django.db.models import Min
from django.utils import timezone
from django_tasks import task

from picket.monitoring.models import CollectionMethod, Source, SourceStatus
from picket.notify.daily import daily_ensure

logger = logging.getLogger(__name__)
MIN_WAIT = datetime.timedelta(minutes=1)
MAX_WAIT = datetime.timedelta(hours=1)


def due_sources(now: datetime.datetime | None = None) -> list[Source]:
    now = now or timezone.now()
    candidates = Source.objects.filter(method__in=[CollectionMethod.FEED, CollectionMethod.HTML]).exclude(
        status=SourceStatus.PAUSED
    )
    return [source for source in candidates.order_by("pk") if source.due(now)]


def collect_all_due(now: datetime.datetime | None = None) -> dict[str, int]:
    from picket.monitoring.collectors import source_collect

    counts = {"sources": 0, "failed": 0, "ads": 0, "alerts": 0}
    for source in due_sources(now):
        try:
            result = source_collect(source)
        except Exception:  # a bug must not stop the other sources; the source records it and backs off
            logger.exception("collecting source %s failed", source.pk)
            from picket.monitoring.collectors import _record_failure

            _record_failure(source, "internal error while collecting (see the server log)", timezone.now())
            counts["failed"] += 1
            continue
        counts["sources"] += 1
        counts["failed"] += bool(result.error)
        counts["ads"] += result.ads
        counts["alerts"] += result.alerts
    return counts


def next_collection(now: datetime.datetime | None = None) -> datetime.datetime:
    now = now or timezone.now()
    live = Source.objects.filter(method__in=[CollectionMethod.FEED, CollectionMethod.HTML]).exclude(
        status=SourceStatus.PAUSED
    )
    soonest = live.aggregate(run=Min("next_run_at"), backoff=Min("backoff_until"))
    times = [t for t in (soonest["run"], soonest["backoff"]) if t is not None]
    wanted = min(times) if times else now + MAX_WAIT
    return min(max(wanted, now + MIN_WAIT), now + MAX_WAIT)


@task()
def collect_due() -> str:
    counts = collect_all_due()
    collect_schedule_ensure()
    return ", ".join(f"{key}: {value}" for key, value in counts.items())


def collect_schedule_ensure() -> bool:
    """Queue the next collection run unless one is waiting (only with the database queue)."""
    backend = collect_due.get_backend()
    if not backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=collect_due.module_path, status="READY").exists():
        return False
    collect_due.using(run_after=next_collection()).enqueue()
    return True


@task()
def watch_daily() -> str:
    from picket.monitoring.services_watch import tips_check_watchlist, watchlist_sync_accused

    added = watchlist_sync_accused()
    alerts = tips_check_watchlist()
    watch_schedule_ensure()
    return f"accused phones watched: {added}, alerts from tips: {alerts}"


def watch_schedule_ensure() -> bool:
    return daily_ensure(watch_daily)
