"""The deadline engine: statutory clocks computed from case events and stored as ``Deadline`` rows.

Dates are computed in India Standard Time. A clock of N days that ends on day D is due before 00:00 IST of
D + 1 and stored as that aware instant. Services call ``deadlines_recompute`` in their own transaction after
every change of an event a clock depends on; the daily job (``escalation.py``) turns open clocks whose time has
run out into missed ones and warns the case's legal team. Manual overrides are never touched by a recompute.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from picket.intake.selectors import cwc_clock
from picket.prosecution.models import (
    CaseAccused,
    CaseSection,
    CourtCase,
    CourtKind,
    Deadline,
    DeadlineStatus,
    HearingPurpose,
    PoliceCase,
    RescueOperation,
)
from picket.prosecution.rules import (
    BNSS_IN_FORCE,
    CHARGES,
    CHARGESHEET,
    CHILD_EVIDENCE,
    COMPENSATION,
    CWC_PRODUCTION,
    INVESTIGATION,
    JUDGMENT,
    TRIAL,
    Rule,
)

IST = ZoneInfo("Asia/Kolkata")
OPEN, MET, MISSED, NOT_APPLICABLE = (
    DeadlineStatus.OPEN, DeadlineStatus.MET, DeadlineStatus.MISSED, DeadlineStatus.NOT_APPLICABLE,
)  # fmt: skip


# --- calendar arithmetic in IST ------------------------------------------------------------------------------------


def ist_midnight(day: datetime.date) -> datetime.datetime:
    """00:00 IST at the start of ``day``, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=IST)


def ist_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(IST).date()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day (31 Dec + 2 months = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_day_of(due_at: datetime.datetime) -> datetime.date:
    """The last day (IST) on which a day-based clock is still met."""
    return ist_date(due_at - datetime.timedelta(microseconds=1))


@dataclass(frozen=True)
class Computed:
    key: str
    rule: Rule
    district_id: int
    starts_at: datetime.datetime
    due_at: datetime.datetime
    period: str
    status: str
    met_at: datetime.datetime | None = None
    explanation: str = ""
    police_case_id: int | None = None
    court_case_id: int | None = None
    rescue_operation_id: int | None = None
    subject_type: str = ""
    subject_id: int | None = None
    subject_label: str = ""


def _day_clock(
    *, start: datetime.date, last_day: datetime.date, event: datetime.date | None, now: datetime.datetime,
    not_applicable: bool = False,
) -> tuple[datetime.datetime, datetime.datetime, str, datetime.datetime | None]:  # fmt: skip
    """(starts_at, due_at, status, met_at) of a clock running from ``start`` whose last day is ``last_day``."""
    due_at = ist_midnight(last_day + datetime.timedelta(days=1))
    if event is not None:
        return ist_midnight(start), due_at, (MET if event <= last_day else MISSED), ist_midnight(event)
    if not_applicable:
        return ist_midnight(start), due_at, NOT_APPLICABLE, None
    return ist_midnight(start), due_at, (OPEN if now < due_at else MISSED), None


# --- police case clocks --------------------------------------------------------------------------------------------


def sections_in_force(police_case: PoliceCase) -> list[CaseSection]:
    return list(police_case.sections.filter(removed_on__isnull=True).select_related("offence__act"))


def chargesheet_period(sections: Iterable[CaseSection]) -> tuple[int, str]:
    """The chargesheet period of a case (days) and why: the longest period of the sections in force."""
    dated = [s.offence for s in sections if s.offence.chargesheet_days]
    if not dated:
        return 60, "60 days: no section in force gives a period in the catalogue; the shorter period is assumed."
    gravest = max(dated, key=lambda o: (o.chargesheet_days or 0, o.severity))
    days = gravest.chargesheet_days or 60
    verified = "" if gravest.is_verified else " (catalogue entry not verified)"
    return days, f"{days} days: {gravest} is the gravest section in force{verified}."


def police_case_clocks(police_case: PoliceCase, *, now: datetime.datetime) -> list[Computed]:
    sections = sections_in_force(police_case)
    closed_on = police_case.closure_report_on
    chargesheets = list(police_case.chargesheets.all())
    clocks: list[Computed] = []
    code = "BNSS 187(3)" if police_case.fir_registered_on >= BNSS_IN_FORCE else "CrPC 167(2)"
    days, why = chargesheet_period(sections)
    accused_rows = police_case.accused.filter(first_remand_on__isnull=False).select_related("accused")
    first_filed = dict(
        CaseAccused.objects.filter(police_case=police_case, chargesheets__isnull=False)
        .annotate(first=Min("chargesheets__filed_on"))
        .values_list("pk", "first")
    )
    for case_accused in accused_rows:
        remand = case_accused.first_remand_on
        assert remand is not None
        filed = first_filed.get(case_accused.pk)
        starts, due, status, met = _day_clock(
            start=remand, last_day=remand + datetime.timedelta(days=days - 1), event=filed, now=now,
            not_applicable=closed_on is not None,
        )  # fmt: skip
        clocks.append(Computed(
            key=f"{CHARGESHEET.id}:case:{police_case.pk}:accused:{case_accused.pk}", rule=CHARGESHEET,
            district_id=police_case.district_id, starts_at=starts, due_at=due, period=f"{days} days ({code})",
            status=status, met_at=met, explanation=why, police_case_id=police_case.pk,
            subject_type="prosecution.caseaccused", subject_id=case_accused.pk,
            subject_label=case_accused.accused.reference,
        ))  # fmt: skip
    quick = [s.offence for s in sections if s.offence.two_month_investigation]
    if quick:
        fir = police_case.fir_registered_on
        ends = [c.filed_on for c in chargesheets] + ([closed_on] if closed_on else [])
        starts, due, status, met = _day_clock(start=fir, last_day=add_months(fir, 2), event=min(ends, default=None),
                                              now=now)  # fmt: skip
        clocks.append(Computed(
            key=f"{INVESTIGATION.id}:case:{police_case.pk}", rule=INVESTIGATION, district_id=police_case.district_id,
            starts_at=starts, due_at=due, period="2 months", status=status, met_at=met,
            explanation=f"Applies because of {', '.join(sorted(str(o) for o in quick))}.",
            police_case_id=police_case.pk, subject_label=police_case.reference,
        ))  # fmt: skip
    return clocks


# --- court case clocks ---------------------------------------------------------------------------------------------


def _is_pocso(court_case: CourtCase, sections: list[CaseSection]) -> bool:
    return court_case.court_kind == CourtKind.SPECIAL_POCSO or any(s.offence.act.code == "POCSO" for s in sections)


def court_case_clocks(court_case: CourtCase, *, now: datetime.datetime) -> list[Computed]:
    clocks: list[Computed] = []
    base: dict[str, Any] = {"district_id": court_case.district_id, "court_case_id": court_case.pk,
            "police_case_id": court_case.police_case_id, "subject_label": court_case.reference}  # fmt: skip
    prefix = f"case:{court_case.police_case_id}:court:{court_case.pk}"
    cognizance = court_case.cognizance_on
    if cognizance and _is_pocso(court_case, sections_in_force(court_case.police_case)):
        starts, due, status, met = _day_clock(start=cognizance, last_day=cognizance + datetime.timedelta(days=30),
                                              event=court_case.child_evidence_on, now=now)  # fmt: skip
        clocks.append(Computed(key=f"{CHILD_EVIDENCE.id}:{prefix}", rule=CHILD_EVIDENCE, starts_at=starts,
                               due_at=due, period="30 days", status=status, met_at=met, **base))  # fmt: skip
        starts, due, status, met = _day_clock(start=cognizance, last_day=add_months(cognizance, 12),
                                              event=court_case.judgment_on, now=now)  # fmt: skip
        clocks.append(Computed(key=f"{TRIAL.id}:{prefix}", rule=TRIAL, starts_at=starts, due_at=due,
                               period="1 year", status=status, met_at=met, **base))  # fmt: skip
    first_on_charge = (
        court_case.hearings.filter(purpose=HearingPurpose.CHARGE).order_by("held_on").values_list("held_on", flat=True)
    ).first()
    binds = court_case.court_kind in (CourtKind.SESSIONS, CourtKind.SPECIAL_POCSO)
    if first_on_charge and binds and first_on_charge >= BNSS_IN_FORCE:
        starts, due, status, met = _day_clock(
            start=first_on_charge, last_day=first_on_charge + datetime.timedelta(days=60),
            event=court_case.charges_framed_on, now=now,
        )  # fmt: skip
        clocks.append(Computed(key=f"{CHARGES.id}:{prefix}", rule=CHARGES, starts_at=starts, due_at=due,
                               period="60 days", status=status, met_at=met, **base))  # fmt: skip
    argued = court_case.arguments_concluded_on
    if argued and argued >= BNSS_IN_FORCE:
        days = 45 if court_case.judgment_time_extended else 30
        starts, due, status, met = _day_clock(start=argued, last_day=argued + datetime.timedelta(days=days),
                                              event=court_case.judgment_on, now=now)  # fmt: skip
        clocks.append(Computed(
            key=f"{JUDGMENT.id}:{prefix}", rule=JUDGMENT, starts_at=starts, due_at=due, period=f"{days} days",
            status=status, met_at=met, explanation="Extended to 45 days by the court." if days == 45 else "", **base,
        ))  # fmt: skip
    for order in court_case.compensation_orders.all():
        start = order.received_by_state_on or order.ordered_on
        starts, due, status, met = _day_clock(start=start, last_day=start + datetime.timedelta(days=30),
                                              event=order.paid_on, now=now)  # fmt: skip
        clocks.append(Computed(
            key=f"{COMPENSATION.id}:{prefix}:order:{order.pk}", rule=COMPENSATION, starts_at=starts, due_at=due,
            period="30 days", status=status, met_at=met, subject_type="prosecution.compensationorder",
            subject_id=order.pk, **base,
            explanation="From the state's receipt of the order." if order.received_by_state_on
            else "From the order date (the state's receipt is not recorded).",
        ))  # fmt: skip
    return clocks


# --- rescue clocks: reuse intake's CWC clock -----------------------------------------------------------------------


def rescue_clocks(rescue: RescueOperation, *, now: datetime.datetime) -> list[Computed]:
    clocks = []
    for found in rescue.children_rescued.all():
        clock = cwc_clock(found, now=now)
        clocks.append(Computed(
            key=f"{CWC_PRODUCTION.id}:rescue:{rescue.pk}:found:{found.pk}", rule=CWC_PRODUCTION,
            district_id=rescue.district_id, starts_at=found.found_at, due_at=clock.due_at,
            period=f"{24 + found.journey_hours} hours", status=clock.status, met_at=found.produced_before_cwc_at,
            explanation=str(clock.rule), rescue_operation_id=rescue.pk, subject_type="intake.foundchild",
            subject_id=found.pk, subject_label=found.reference,
        ))  # fmt: skip
    return clocks


# --- storing -------------------------------------------------------------------------------------------------------


def _store(computed: list[Computed], existing: Iterable[Deadline]) -> list[Deadline]:
    by_key = {d.key: d for d in existing}
    stored = []
    for clock in computed:
        row = by_key.pop(clock.key, None) or Deadline(key=clock.key)
        row.rule, row.district_id = clock.rule.id, clock.district_id
        row.police_case_id, row.court_case_id = clock.police_case_id, clock.court_case_id
        row.rescue_operation_id = clock.rescue_operation_id
        row.subject_type, row.subject_id, row.subject_label = clock.subject_type, clock.subject_id, clock.subject_label
        row.starts_at, row.due_at, row.period = clock.starts_at, clock.due_at, clock.period
        row.computed_status, row.met_at, row.explanation = clock.status, clock.met_at, clock.explanation
        row.is_current = True
        row.save()
        stored.append(row)
    for gone in by_key.values():  # the event it ran from was removed: keep the row (and its override), retired
        if gone.is_current or gone.computed_status != NOT_APPLICABLE:
            gone.is_current, gone.computed_status = False, NOT_APPLICABLE
            gone.save(update_fields=["is_current", "computed_status", "computed_at"])
    return stored


def deadlines_recompute(
    *, police_case: PoliceCase | None = None, rescue: RescueOperation | None = None,
    now: datetime.datetime | None = None,
) -> list[Deadline]:  # fmt: skip
    """Recompute every clock of a police case (with its court cases) or of a rescue operation.

    Called by the services inside their transaction, after the change. Returns the current rows.
    """
    now = now or timezone.now()
    stored: list[Deadline] = []
    if police_case is not None:
        computed = police_case_clocks(police_case, now=now)
        for court_case in police_case.court_cases.all():
            computed += court_case_clocks(court_case, now=now)
        stored += _store(computed, Deadline.objects.filter(police_case=police_case))
    if rescue is not None:
        stored += _store(rescue_clocks(rescue, now=now), Deadline.objects.filter(rescue_operation=rescue))
    return stored


def rescue_clocks_refresh(*, rescue: RescueOperation, now: datetime.datetime | None = None) -> None:
    """Recompute a rescue's CWC clocks if a rescued child's production (recorded in intake) changed one.

    Called when intake records a production (``intake.signals.cwc_production_recorded``), and by the rescue pages
    and the daily job as a safety net; cheap (one row per child), and nothing is written when nothing changed.
    """
    computed = rescue_clocks(rescue, now=now or timezone.now())
    stored = {
        d.key: (d.computed_status, d.met_at, d.due_at)
        for d in Deadline.objects.filter(rescue_operation=rescue, is_current=True)
    }
    if stored != {c.key: (c.status, c.met_at, c.due_at) for c in computed}:
        with transaction.atomic():
            _store(computed, Deadline.objects.filter(rescue_operation=rescue))


def rescue_clocks_refresh_open(*, now: datetime.datetime | None = None) -> int:
    """Refresh every rescue that still has an open or missed CWC clock (the daily job, before it warns)."""
    rescues = RescueOperation.objects.filter(
        deadlines__is_current=True, deadlines__computed_status__in=[OPEN, MISSED], deadlines__met_at__isnull=True
    ).distinct()
    count = 0
    for rescue in rescues.iterator():
        rescue_clocks_refresh(rescue=rescue, now=now)
        count += 1
    return count


def deadlines_refresh_elapsed(*, now: datetime.datetime | None = None) -> int:
    """Open clocks whose time ran out with no event become missed (the daily job; no event changes them)."""
    now = now or timezone.now()
    return Deadline.objects.filter(computed_status=OPEN, is_current=True, due_at__lte=now).update(
        computed_status=MISSED, computed_at=now
    )
