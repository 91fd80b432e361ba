"""Background job: rescore the ads seen since a date with the current indicator rules (ADR 18). The argument is
the request's id only."""

from __future__ import annotations

from django_tasks import task


@task()
def indicators_rescore(rescore_id: int) -> str:
    from picket.monitoring.services_indicators import rescore_run

    rescore = rescore_run(rescore_id)
    return f"rescored: {rescore.ads_rescored}, changed: {rescore.ads_changed}"
