"""The legal officer's docket: what needs attention this week in the cases they work on."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet

from picket.accounts.access import Actor
from picket.prosecution import selectors
from picket.prosecution.calendar import WATCHED, my_cases
from picket.prosecution.deadlines import IST
from picket.prosecution.models import CaseAccused, CourtCase, CustodyStatus, Deadline, Hearing, PoliceCase

CUSTODY_WARNING_DAY = 45  # accused in custody with no chargesheet from this day of remand on (issue #6)
QUIET_DAYS = 90  # trials with no hearing for this long


@dataclass
class Docket:
    hearings: list[Hearing]
    next_dates: list[Hearing]
    deadlines: list[Deadline]
    custody_without_chargesheet: list[CaseAccused]
    quiet_trials: list[CourtCase]


def docket_for(*, actor: Actor, today: datetime.date, cases: QuerySet[PoliceCase] | None = None) -> Docket:
    cases = my_cases(actor=actor) if cases is None else cases
    week = today + datetime.timedelta(days=7)
    hearings = Hearing.objects.filter(court_case__police_case__in=cases).select_related("court_case__police_case")
    horizon = datetime.datetime.combine(today + datetime.timedelta(days=15), datetime.time(0), tzinfo=IST)
    deadlines = (
        selectors.deadline_list(actor=actor)
        .filter(Q(police_case__in=cases) | Q(rescue_operation__organisation_id=_org(actor)))
        .filter(Q(override_status__in=WATCHED) | Q(override_status="", computed_status__in=WATCHED))
        .filter(due_at__lt=horizon)
        .order_by("due_at")
    )
    custody = (
        CaseAccused.objects.filter(
            police_case__in=cases,
            chargesheets__isnull=True,
            custody_status__in=[CustodyStatus.POLICE_CUSTODY, CustodyStatus.JUDICIAL_CUSTODY],
            first_remand_on__lte=today - datetime.timedelta(days=CUSTODY_WARNING_DAY - 1),
        )
        .select_related("accused", "police_case")
        .order_by("first_remand_on")
    )
    trials = (
        CourtCase.objects.filter(police_case__in=cases, cognizance_on__isnull=False, judgment_on__isnull=True)
        .annotate(last_hearing=Max("hearings__held_on"))
        .filter(
            Q(last_hearing__lt=today - datetime.timedelta(days=QUIET_DAYS))
            | Q(last_hearing__isnull=True, cognizance_on__lt=today - datetime.timedelta(days=QUIET_DAYS))
        )
        .select_related("police_case")
    )
    return Docket(
        hearings=list(hearings.filter(held_on__range=(today, week)).order_by("held_on")),
        next_dates=list(hearings.filter(next_on__range=(today, week)).order_by("next_on")),
        deadlines=list(deadlines.distinct()),
        custody_without_chargesheet=list(custody.distinct()),
        quiet_trials=list(trials),
    )


def _org(actor: Actor) -> int:
    return (actor.user.organisation_id if actor.user is not None else None) or 0
