"""Reads of the audit log, scoped to the events of actors within the viewer's jurisdiction.

A supervisor sees what the users they could see (``accounts.selectors.user_list``) did; national viewers
see every event, including those written by commands and the worker (no actor).
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from picket.accounts.access import Actor
from picket.accounts.permissions import Permission
from picket.accounts.selectors import user_list
from picket.audit.models import AuditEvent

# Until the catalogue has its own audit permission, the audit pages are for those who may see users.
AUDIT_VIEW_PERMISSION = Permission.USER_VIEW


def _visible_events(actor: Actor) -> QuerySet[AuditEvent]:
    if not actor.can(AUDIT_VIEW_PERMISSION):
        return AuditEvent.objects.none()
    if actor.is_national:
        return AuditEvent.objects.all()
    return AuditEvent.objects.filter(actor__in=user_list(actor=actor).values("pk"))


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_event_list(
    *,
    actor: Actor,
    action: str = "",
    username: str = "",
    object_type: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events the actor may see, newest first; the dates are inclusive days in the site's time zone."""
    events = _visible_events(actor)
    if action:
        events = events.filter(action=action)
    if username:
        events = events.filter(actor_username__iexact=username)
    if object_type:
        events = events.filter(object_type=object_type)
    if date_from is not None:
        events = events.filter(occurred_at__gte=_day_start(date_from))
    if date_to is not None:
        events = events.filter(occurred_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return events.order_by("-sequence")


def record_history(*, actor: Actor, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    """Every visible event on one record, newest first: who has seen or changed it."""
    return _visible_events(actor).filter(object_type=object_type, object_id=object_id).order_by("-sequence")
