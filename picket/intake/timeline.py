"""What happened, in order: the events of a tip, a missing report or a found child, for their detail pages.

An event's ``label`` and ``detail`` never hold a name or free text (they say what happened, not who was
involved); a tip note's own words travel separately in ``text``, shown only on the tip's page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from picket.intake.models import FoundChild, MissingReport, Tip, TipNoteKind, TipStatus
from picket.intake.selectors import CwcClock, cwc_clock


@dataclass(frozen=True)
class Event:
    when: datetime.datetime | datetime.date
    label: str | Promise
    detail: str | Promise = ""
    text: str = ""  # a note's words (tips only); never part of ``label`` or ``detail``
    is_warning: bool = False

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime.datetime)

    @property
    def sort_key(self) -> datetime.datetime:
        if isinstance(self.when, datetime.datetime):
            return self.when
        return timezone.make_aware(datetime.datetime.combine(self.when, datetime.time.min))


def _in_order(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda event: event.sort_key)


def tip_timeline(tip: Tip) -> list[Event]:
    events = [Event(tip.created_at, _("Received"), tip.get_source_display())]
    if tip.occurred_on:
        events.append(Event(tip.occurred_on, _("Seen or heard (as reported)")))
    status = TipStatus.NEW
    closed_noted = False
    for note in tip.notes.all():
        if note.kind == TipNoteKind.TIPSTER:
            events.append(Event(note.created_at, _("Information added by the tipster"), text=note.text))
        elif note.status_to and note.status_to != status:
            label = _("Status: %(from)s → %(to)s") % {
                "from": TipStatus(status).label,
                "to": note.get_status_to_display(),
            }
            events.append(Event(note.created_at, label, text=note.text))
            status = TipStatus(note.status_to)
            closed_noted = closed_noted or status == TipStatus.CLOSED
        else:
            events.append(Event(note.created_at, _("Note"), text=note.text))
    if tip.closed_at and not closed_noted:
        events.append(Event(tip.closed_at, _("Closed")))
    return _in_order(events)


def missing_timeline(report: MissingReport) -> list[Event]:
    events = [
        Event(report.last_seen_on, _("Last seen"), report.district.name),
        Event(report.created_at, _("Reported to us"), report.organisation.name),
    ]
    if report.police_report_date:
        kind = report.get_police_report_kind_display() if report.police_report_kind else _("Police report")
        events.append(Event(report.police_report_date, _("Registered with the police"), kind))
    if report.status_changed_at:
        events.append(Event(report.status_changed_at, _("Status: %(to)s") % {"to": report.get_status_display()}))
    return _in_order(events)


def found_timeline(found: FoundChild, *, now: datetime.datetime | None = None) -> list[Event]:
    clock = cwc_clock(found, now=now)
    events = [
        Event(found.found_at, _("Found or rescued"), f"{found.get_how_display()} · {found.district.name}"),
        Event(
            clock.due_at,
            _("Production before the CWC due"),
            _("JJ Act 2015 s.31 (24 hours, journey time excluded)"),
            is_warning=clock.status == "missed",
        ),
    ]
    if found.produced_before_cwc_at:
        events.append(
            Event(found.produced_before_cwc_at, _("Produced before the CWC"), found.cwc.name if found.cwc else "")
        )
    for placement in found.placements.select_related("institution"):
        events.append(Event(placement.placed_on, _("Placed"), placement.institution.name))
        if placement.left_on:
            events.append(Event(placement.left_on, _("Left the placement"), placement.institution.name))
    for statement in found.statements.all():
        events.append(Event(statement.recorded_on, _("Statement recorded"), statement.language))
    if found.status_changed_at:
        events.append(Event(found.status_changed_at, _("Status: %(to)s") % {"to": found.get_status_display()}))
    return _in_order(events)


# --- the CWC clock, for people -------------------------------------------------------------------------------------


def duration_text(span: datetime.timedelta) -> str:
    minutes = max(0, int(span.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    if hours:
        return _("%(h)d h") % {"h": hours}
    return _("%(m)d min") % {"m": minutes}


# The selector's rule text, marked here for the translation catalogue; looked up at run time, English if it changes.
gettext_noop("JJ Act 2015 s.31: production before the CWC within 24 hours (journey time excluded)")


@dataclass(frozen=True)
class ClockView:
    clock: CwcClock
    due_at_local: datetime.datetime
    text: str

    @property
    def status(self) -> str:
        return self.clock.status

    @property
    def rule(self) -> str:
        return _(self.clock.rule)


def clock_view(found: FoundChild, *, now: datetime.datetime | None = None) -> ClockView:
    """The CWC clock as people read it: "due in 5 h 20 min", "MISSED by 3 h", "met"."""
    now = now or timezone.now()
    clock = cwc_clock(found, now=now)
    if clock.status == "open":
        assert clock.remaining is not None
        text = _("due in %(span)s") % {"span": duration_text(clock.remaining)}
    elif clock.status == "met":
        text = _("met")
    else:
        late = (found.produced_before_cwc_at or now) - clock.due_at
        text = _("MISSED by %(span)s") % {"span": duration_text(late)}
    return ClockView(clock=clock, due_at_local=timezone.localtime(clock.due_at), text=text)
