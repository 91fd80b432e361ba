"""A police case's whole story, in date order: FIR, sections, arrests, remands, bail, chargesheets, court."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from picket.prosecution.models import PoliceCase


@dataclass(frozen=True)
class Event:
    day: datetime.date
    text: str


def case_timeline(case: PoliceCase) -> list[Event]:
    events = [Event(case.fir_registered_on, _("FIR registered"))]
    if case.offence_on:
        events.append(Event(case.offence_on, _("Offence")))
    for row in case.sections.select_related("offence__act"):
        events.append(Event(row.added_on, _("Section %(s)s invoked") % {"s": row.offence}))
        if row.removed_on:
            events.append(Event(row.removed_on, _("Section %(s)s dropped") % {"s": row.offence}))
    for accused in case.accused.select_related("accused").prefetch_related("bail_hearings"):
        ref = accused.accused.reference
        if accused.arrested_on:
            events.append(Event(accused.arrested_on, _("%(a)s arrested") % {"a": ref}))
        if accused.first_remand_on:
            events.append(Event(accused.first_remand_on, _("%(a)s first remanded") % {"a": ref}))
        for bail in accused.bail_hearings.all():
            outcome = bail.get_outcome_display()
            events.append(Event(bail.heard_on, _("Bail hearing for %(a)s: %(o)s") % {"a": ref, "o": outcome}))
    for sheet in case.chargesheets.all():
        events.append(Event(sheet.filed_on, sheet.get_kind_display()))
    if case.closure_report_on:
        events.append(
            Event(case.closure_report_on, _("Closure report: %(k)s") % {"k": case.get_closure_kind_display()})
        )
    for court in case.court_cases.prefetch_related("hearings", "judgments", "compensation_orders", "appeals"):
        label = f"{court.reference}"
        milestones = (
            ("cognizance_on", _("Cognizance")), ("charges_framed_on", _("Charges framed")),
            ("child_evidence_on", _("Child's evidence recorded")), ("arguments_concluded_on", _("Arguments concluded")),
            ("judgment_on", _("Judgment")),
        )  # fmt: skip
        for name, text in milestones:
            day = getattr(court, name)
            if day:
                events.append(Event(day, f"{text} ({label})"))
        for hearing in court.hearings.all():
            adjourned = _(" — adjourned") if hearing.is_adjourned else ""
            events.append(
                Event(hearing.held_on, f"{_('Hearing')} ({label}): {hearing.get_purpose_display()}{adjourned}")
            )
        for order in court.compensation_orders.all():
            events.append(Event(order.ordered_on, _("Compensation ordered: ₹%(n)s") % {"n": order.amount_rupees}))
            if order.paid_on:
                events.append(Event(order.paid_on, _("Compensation paid")))
        for appeal in court.appeals.all():
            events.append(Event(appeal.filed_on, _("Appeal filed by %(w)s") % {"w": appeal.get_filed_by_display()}))
    return sorted(events, key=lambda event: event.day)
