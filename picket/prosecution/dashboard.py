"""The prosecution dashboard: figures computed from the cases in the actor's scope, each with its definition.

Every figure is computed here in Python from plain queries, so that a test can check it against a hand-worked
example; the definitions are shown next to the numbers.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Min, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from picket.prosecution.models import (
    Chargesheet,
    CourtCase,
    Deadline,
    DeadlineStatus,
    Judgment,
    PoliceCase,
    Verdict,
)
from picket.prosecution.rules import CHARGESHEET


class Stage:
    INVESTIGATION = "investigation"
    CLOSED = "closed"
    AWAITING_COGNIZANCE = "awaiting_cognizance"
    TRIAL = "trial"
    DECIDED = "decided"


STAGE_LABELS: dict[str, Promise] = {
    Stage.INVESTIGATION: _("Under investigation (no chargesheet, no closure report)"),
    Stage.CLOSED: _("Closed by a closure report, no chargesheet"),
    Stage.AWAITING_COGNIZANCE: _("Chargesheeted, no court has taken cognizance"),
    Stage.TRIAL: _("On trial (cognizance taken, no judgment)"),
    Stage.DECIDED: _("Judgment delivered"),
}

DEFINITIONS: dict[str, Promise] = {
    "stages": _("Each police case is counted once, at its latest stage."),
    "conviction_rate": _(
        "Accused convicted on at least one section, divided by accused with at least one judgment recorded "
        "(convicted, acquitted or discharged). Accused still on trial are not counted."
    ),
    "days_to_chargesheet": _("Median days from the FIR to the first chargesheet, over cases with a chargesheet."),
    "days_to_judgment": _("Median days from cognizance to the judgment, over court cases with both dates."),
    "before_default_bail": _(
        "Remanded accused whose first chargesheet was filed within the 60 or 90 days of BNSS 187(3) / CrPC "
        "167(2), divided by remanded accused who have been chargesheeted."
    ),
    "pendency": _("Court cases with cognizance and no judgment, by court, with the median days since cognizance."),
}


@dataclass
class Figures:
    cases: int
    stages: dict[str, int]
    convicted: int
    decided_accused: int
    median_days_to_chargesheet: float | None
    median_days_to_judgment: float | None
    chargesheeted_in_time: int
    chargesheeted_remanded: int
    pendency: list[tuple[str, int, float]] = field(default_factory=list)  # court, pending, median days

    @property
    def conviction_rate(self) -> float | None:
        return self.convicted / self.decided_accused if self.decided_accused else None

    @property
    def share_before_default_bail(self) -> float | None:
        return self.chargesheeted_in_time / self.chargesheeted_remanded if self.chargesheeted_remanded else None


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def case_stage(case: PoliceCase, *, first_chargesheet: datetime.date | None, courts: list[CourtCase]) -> str:
    if any(c.judgment_on for c in courts):
        return Stage.DECIDED
    if any(c.cognizance_on for c in courts):
        return Stage.TRIAL
    if first_chargesheet is not None:
        return Stage.AWAITING_COGNIZANCE
    if case.closure_report_on is not None:
        return Stage.CLOSED
    return Stage.INVESTIGATION


def prosecution_figures(cases: QuerySet[PoliceCase], *, today: datetime.date) -> Figures:
    case_list = list(cases)
    ids = [c.pk for c in case_list]
    first_sheet = dict(
        Chargesheet.objects.filter(police_case_id__in=ids)
        .values("police_case_id").annotate(first=Min("filed_on")).values_list("police_case_id", "first")
    )  # fmt: skip
    courts_by_case: dict[int, list[CourtCase]] = defaultdict(list)
    for court in CourtCase.objects.filter(police_case_id__in=ids):
        courts_by_case[court.police_case_id].append(court)
    stages = Counter(
        case_stage(c, first_chargesheet=first_sheet.get(c.pk), courts=courts_by_case[c.pk]) for c in case_list
    )
    verdicts: dict[int, set[str]] = defaultdict(set)
    for accused_id, verdict in Judgment.objects.filter(court_case__police_case_id__in=ids).values_list(
        "case_accused_id", "verdict"
    ):
        verdicts[accused_id].add(verdict)
    convicted = sum(1 for found in verdicts.values() if Verdict.CONVICTED in found)
    to_chargesheet = [(first_sheet[c.pk] - c.fir_registered_on).days for c in case_list if c.pk in first_sheet]
    courts = [court for group in courts_by_case.values() for court in group]
    to_judgment = [(c.judgment_on - c.cognizance_on).days for c in courts if c.judgment_on and c.cognizance_on]
    clocks = Deadline.objects.filter(police_case_id__in=ids, rule=CHARGESHEET.id, is_current=True,
                                     met_at__isnull=False)  # fmt: skip
    in_time = clocks.filter(computed_status=DeadlineStatus.MET).count()
    pending: dict[str, list[int]] = defaultdict(list)
    for court in courts:
        if court.cognizance_on and not court.judgment_on:
            pending[court.court_name].append((today - court.cognizance_on).days)
    return Figures(
        cases=len(case_list), stages={stage: stages.get(stage, 0) for stage in STAGE_LABELS},
        convicted=convicted, decided_accused=len(verdicts),
        median_days_to_chargesheet=_median(to_chargesheet), median_days_to_judgment=_median(to_judgment),
        chargesheeted_in_time=in_time, chargesheeted_remanded=clocks.count(),
        pendency=sorted(((name, len(ages), _median(ages) or 0.0) for name, ages in pending.items()),
                        key=lambda row: (-row[1], row[0])),
    )  # fmt: skip
