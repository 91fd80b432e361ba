"""Private iCalendar feeds (RFC 5545) of the hearings and deadlines of a user's cases.

A calendar app cannot sign in, so the feed URL carries a random token (revocable; only its SHA-256 is stored).
Calendar apps copy events to servers outside Picket, so the feed holds references, rule names and legal sources
only — never a name, an FIR number or what happened at a hearing.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from picket.accounts.access import Actor, actor_for
from picket.accounts.permissions import Permission
from picket.accounts.roles import Role
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.prosecution import selectors
from picket.prosecution.deadlines import last_day_of
from picket.prosecution.models import CalendarFeed, Deadline, DeadlineStatus, Hearing, PoliceCase
from picket.prosecution.rules import RULES

PRODID = "-//Picket//Prosecution calendar//EN"
WATCHED = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)


def feed_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def calendar_feed_create(*, actor: Actor) -> tuple[CalendarFeed, str]:
    """A new feed for the actor (any previous one is revoked). Returns the row and the token, shown once."""
    actor.require(Permission.PROSECUTION_VIEW)
    assert actor.user is not None
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=actor.user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        feed = CalendarFeed.objects.create(user=actor.user, digest=feed_digest(token))
        audit_record(action=AuditAction.ADMIN_ACTION, object_type="prosecution.calendarfeed", object_id=feed.pk,
                     detail={"kind": "calendar_feed_create"})  # fmt: skip
    return feed, token


def calendar_feed_revoke(*, actor: Actor) -> int:
    assert actor.user is not None
    with transaction.atomic():
        revoked = CalendarFeed.objects.filter(user=actor.user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            audit_record(action=AuditAction.ADMIN_ACTION, object_type="prosecution.calendarfeed",
                         detail={"kind": "calendar_feed_revoke", "count": revoked})  # fmt: skip
    return revoked


def feed_for_token(token: str) -> CalendarFeed | None:
    feed = (
        CalendarFeed.objects.select_related("user").filter(digest=feed_digest(token), revoked_at__isnull=True).first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed


def my_cases(*, actor: Actor) -> QuerySet[PoliceCase]:
    """A user's cases: a legal officer's are their organisation's cases in their jurisdiction; a coordinator's
    or programme manager's are all the cases in their jurisdiction (the same people the daily warnings reach)."""
    cases = selectors.police_case_list(actor=actor)
    if actor.role in (Role.LEGAL_OFFICER, Role.CASE_WORKER):
        assert actor.user is not None
        cases = cases.filter(organisation_id=actor.user.organisation_id or 0)
    return cases


# --- RFC 5545 ------------------------------------------------------------------------------------------------------


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded: CRLF and one space (RFC 5545 §3.1), never inside a character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _event(*, uid: str, day: datetime.date, summary: str, description: str, stamp: datetime.datetime) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp.astimezone(datetime.UTC).strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(day + datetime.timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def hearing_events(hearings: Iterable[Hearing], stamp: datetime.datetime) -> list[str]:
    lines: list[str] = []
    held = {(h.court_case_id, h.held_on) for h in hearings}
    for hearing in hearings:
        court = hearing.court_case
        label = f"{court.reference} ({court.police_case.reference})"
        lines += _event(uid=f"hearing-{hearing.pk}@picket", day=hearing.held_on, stamp=stamp,
                        summary=f"Hearing: {label} - {hearing.get_purpose_display()}",
                        description=f"{court.court_name}")  # fmt: skip
        if hearing.next_on and (hearing.court_case_id, hearing.next_on) not in held:
            lines += _event(uid=f"hearing-{hearing.pk}-next@picket", day=hearing.next_on, stamp=stamp,
                            summary=f"Next hearing: {label}", description=f"{court.court_name}")  # fmt: skip
    return lines


def deadline_events(deadlines: Iterable[Deadline], stamp: datetime.datetime) -> list[str]:
    lines: list[str] = []
    for deadline in deadlines:
        rule = RULES[deadline.rule]
        case = deadline.police_case or deadline.rescue_operation
        where = case.reference if case is not None else ""
        subject = f" {deadline.subject_label}" if deadline.subject_label and deadline.subject_label != where else ""
        state = "" if deadline.status == DeadlineStatus.OPEN else f" [{deadline.status}]"
        lines += _event(
            uid=f"deadline-{deadline.pk}@picket", day=last_day_of(deadline.due_at), stamp=stamp,
            summary=f"Last day: {rule.title} - {where}{subject}{state}",
            description=f"{rule.description} {deadline.period}. {deadline.explanation} Source: {rule.source}",
        )  # fmt: skip
    return lines


def calendar_for(feed: CalendarFeed, *, now: datetime.datetime | None = None) -> str:
    """The feed's iCalendar text: hearings and open or missed deadlines of the user's cases."""
    now = now or timezone.now()
    actor = actor_for(feed.user)
    cases = my_cases(actor=actor)
    hearings = list(Hearing.objects.filter(court_case__police_case__in=cases).select_related("court_case__police_case"))
    deadlines = list(
        selectors.deadline_list(actor=actor)
        .filter(police_case__in=cases)
        .filter(Q(override_status__in=WATCHED) | Q(override_status="", computed_status__in=WATCHED))
    )
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             "X-WR-CALNAME:Picket - hearings and deadlines", "X-WR-TIMEZONE:Asia/Kolkata"]  # fmt: skip
    lines += hearing_events(hearings, now) + deadline_events(deadlines, now)
    lines.append("END:VCALENDAR")
    with transaction.atomic():
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
        audit_record(action=AuditAction.EXPORT, object_type="prosecution.calendarfeed", object_id=feed.pk,
                     user=feed.user, detail={"format": "ics", "rows": len(hearings) + len(deadlines)})  # fmt: skip
    return "".join(_fold(line) + "\r\n" for line in lines)
