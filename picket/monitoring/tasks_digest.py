"""The daily monitoring digest as a background job (06:00 IST, ``picket.notify.daily``): it sends the digests
(``digest.digests_send``) and queues its own next run. ``picket worker`` starts the chain."""

from __future__ import annotations

from django_tasks import task

from picket.notify.daily import daily_ensure


@task()
def monitoring_digest_daily() -> str:
    from picket.monitoring.digest import digests_send

    sent = digests_send()
    digest_schedule_ensure()
    return f"monitoring digests sent: {sent}"


def digest_schedule_ensure() -> bool:
    return daily_ensure(monitoring_digest_daily)
