"""Reads of the audit log, scoped to the events of actors within the viewer's jurisdiction.

A supervisor sees what the users they could see (``accounts.selectors.user_list``) did; national viewers
see every event, including those written by commands and the worker (no actor).
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone

from picket.accounts.access import Actor, fetch_or_404, scope_by_district
from picket.accounts.permissions import Permission
from picket.accounts.selectors import user_list
from picket.audit.models import AuditEvent

AUDIT_VIEW_PERMISSION = Permission.AUDIT_VIEW

# Records whose history a supervisor sees in full when the record lies in their jurisdiction, whoever acted
# (a national user, an outsider refused access): object type -> (model label, path to its district(s)).
SCOPED_RECORDS: dict[str, tuple[str, str]] = {
    "people.child": ("people.Child", "district"),
    "accounts.organisation": ("accounts.Organisation", "districts"),
}


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
    """Who has seen or changed one record, newest first.

    For a record type with a jurisdiction (a child, an organisation) the supervisor must cover the record,
    and then sees every event on it, by anyone; a record outside their jurisdiction is not found.
    """
    if not actor.can(AUDIT_VIEW_PERMISSION):
        return AuditEvent.objects.none()
    scoped = SCOPED_RECORDS.get(object_type)
    if scoped is None:
        return _visible_events(actor).filter(object_type=object_type, object_id=object_id).order_by("-sequence")
    model = apps.get_model(scoped[0])
    records = scope_by_district(actor, model._default_manager.all(), path=scoped[1], permission=AUDIT_VIEW_PERMISSION)
    fetch_or_404(records, pk=object_id)
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id).order_by("-sequence")
