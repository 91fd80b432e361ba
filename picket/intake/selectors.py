"""Reads of tips, missing reports and found children, scoped by the district they belong to."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from picket.accounts.access import Actor, scope_by_district
from picket.accounts.permissions import Permission
from picket.intake.models import FoundChild, MissingReport, Tip


def tip_list(*, actor: Actor) -> QuerySet[Tip]:
    return scope_by_district(actor, Tip.objects.all(), path="district", permission=Permission.IDENTITY_VIEW)


def tip_manageable(*, actor: Actor) -> QuerySet[Tip]:
    return scope_by_district(actor, Tip.objects.all(), path="district", permission=Permission.CHILD_MANAGE)


def missing_list(*, actor: Actor) -> QuerySet[MissingReport]:
    reports = scope_by_district(
        actor, MissingReport.objects.all(), path="district", permission=Permission.IDENTITY_VIEW
    )
    return reports.select_related("child", "district")


def missing_manageable(*, actor: Actor) -> QuerySet[MissingReport]:
    return scope_by_district(actor, MissingReport.objects.all(), path="district", permission=Permission.CHILD_MANAGE)


def found_list(*, actor: Actor) -> QuerySet[FoundChild]:
    records = scope_by_district(actor, FoundChild.objects.all(), path="district", permission=Permission.IDENTITY_VIEW)
    return records.select_related("child", "district")


def found_manageable(*, actor: Actor) -> QuerySet[FoundChild]:
    return scope_by_district(actor, FoundChild.objects.all(), path="district", permission=Permission.CHILD_MANAGE)


@dataclass(frozen=True)
class CwcClock:
    """JJ Act s.31: a rescued child is produced before the Child Welfare Committee within 24 hours."""

    due_at: datetime.datetime
    status: str  # open / met / missed
    remaining: datetime.timedelta | None
    rule: str = "JJ Act 2015 s.31: production before the CWC within 24 hours (journey time excluded)"


def cwc_clock(found: FoundChild, *, now: datetime.datetime | None = None) -> CwcClock:
    now = now or timezone.now()
    due = found.cwc_due_at
    if found.produced_before_cwc_at is not None:
        return CwcClock(due, "met" if found.produced_before_cwc_at <= due else "missed", None)
    return CwcClock(due, "open" if now <= due else "missed", due - now if now <= due else None)


def cwc_overdue(*, actor: Actor, now: datetime.datetime | None = None) -> QuerySet[FoundChild]:
    """Found children not yet produced before the CWC whose 24 hours (plus journey) have run out.

    Computed in the database: ``found_at + (24 + journey_hours) hours < now`` iff ``found_at < now - 24 h - journey``;
    journey hours vary per row, so the bound uses the smallest (0) and the rows are then checked exactly.
    """
    now = now or timezone.now()
    candidates = found_list(actor=actor).filter(
        produced_before_cwc_at__isnull=True, found_at__lt=now - datetime.timedelta(hours=24)
    )
    rows = candidates.select_related(None).only("pk", "found_at", "journey_hours")
    overdue_ids = [f.pk for f in rows if f.cwc_due_at < now]
    return found_list(actor=actor).filter(pk__in=overdue_ids)
