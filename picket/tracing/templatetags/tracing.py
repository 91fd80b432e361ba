"""``{% record_candidates record %}``: the tracing candidates of a found child or missing report, on its page.

A template tag rather than a call in the intake views, so that intake does not depend on tracing."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from picket.accounts.access import actor_for
from picket.accounts.permissions import Permission
from picket.intake.models import FoundChild, MissingReport
from picket.tracing.models import CandidateKind, MatchCandidate
from picket.tracing.selectors import candidate_reviewable

register = template.Library()


@register.inclusion_tag("tracing/_record_candidates.html", takes_context=True)
def record_candidates(context: dict[str, Any], record: FoundChild | MissingReport) -> dict[str, Any]:
    request = context.get("request")
    actor = actor_for(getattr(request, "user", None))
    if isinstance(record, FoundChild):
        mine = Q(found_child=record)
    else:
        mine = Q(missing_report=record) | Q(other_report=record)
    rows = candidate_reviewable(actor=actor).filter(mine).exclude(status="rejected").order_by("-score")[:10]
    return {"rows": [(c, _other(c, record)) for c in rows], "can_review": actor.can(Permission.TRACING_REVIEW)}


def _other(candidate: MatchCandidate, record: FoundChild | MissingReport) -> FoundChild | MissingReport | None:
    """The record on the other side of ``candidate`` from ``record``."""
    if isinstance(record, FoundChild):
        return candidate.missing_report
    if candidate.kind == CandidateKind.LINK:
        return candidate.found_child
    return candidate.other_report if candidate.missing_report_id == record.pk else candidate.missing_report


@register.filter
def probability(value: float) -> str:
    """A candidate's score: two decimals, or two significant digits below 0.01 (a weak lead's 0.0017 would
    otherwise read "0.00", as if the engine had found nothing in common)."""
    score = float(value)
    return f"{score:.2f}" if score >= 0.01 or score == 0 else f"{score:.2g}"
