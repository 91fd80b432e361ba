"""The statutory clocks Picket watches, each with its legal source: one table, read by ``deadlines.py``.

Sources are those of ``shared/DOMAIN.md``; where DOMAIN.md is silent on a point (how days are counted,
which courts a rule binds), the source text says so. Nothing here is legal advice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

BNSS_IN_FORCE = datetime.date(2024, 7, 1)  # DOMAIN.md: BNS/BNSS from 1 July 2024


@dataclass(frozen=True)
class Rule:
    id: str
    title: Promise
    description: Promise
    source: Promise


CWC_PRODUCTION = Rule(
    "jj31_cwc_production",
    _("Child produced before the CWC"),
    _("A rescued child is produced before the Child Welfare Committee within 24 hours, journey time excluded."),
    _("JJ Act 2015 s.31 (DOMAIN.md). Computed by intake's found-child clock."),
)
CHARGESHEET = Rule(
    "chargesheet_default_bail",
    _("Chargesheet before default bail"),
    _(
        "The chargesheet covering this accused is filed within 90 days of the first remand when a section charged "
        "is punishable with death, life or at least 10 years, else 60 days; after that the accused may claim "
        "default bail."
    ),
    _(
        "BNSS 187(3) for FIRs from 1 July 2024, CrPC 167(2) before (DOMAIN.md). The period is the longest of the "
        "sections in force (offences catalogue, correctable per offence: High Courts differ on 10-year maxima). "
        "DOMAIN.md does not say how the days are counted: the day of first remand is counted as day 1 (the "
        "shorter reading, as the Supreme Court held in ED v. Kapil Wadhawan, 2023) — verify."
    ),
)
INVESTIGATION = Rule(
    "investigation_two_months",
    _("Investigation completed in two months"),
    _("The investigation of an offence under BNS 64-71 or POCSO 4/6/8/10 is completed within two months."),
    _(
        "BNSS 193(2) (CrPC 173(1A) before 1 July 2024), DOMAIN.md; not BNS 143. Runs from the FIR date (the "
        "information recorded); met by the first chargesheet or a closure report. The sections it applies to are "
        "marked in the offences catalogue."
    ),
)
CHILD_EVIDENCE = Rule(
    "pocso_child_evidence",
    _("Child's evidence recorded"),
    _("The Special Court records the child's evidence within 30 days of taking cognizance."),
    _("POCSO Act s.35(1) (DOMAIN.md). Day of cognizance not counted (General Clauses Act s.9; DOMAIN.md is silent)."),
)
TRIAL = Rule(
    "pocso_trial_one_year",
    _("POCSO trial completed"),
    _("The trial is completed, as far as possible, within one year of cognizance."),
    _("POCSO Act s.35(2) (DOMAIN.md): 'as far as possible'. Met by the judgment."),
)
CHARGES = Rule(
    "charges_framed",
    _("Charges framed"),
    _("Charges are framed within 60 days of the first hearing on charge."),
    _(
        "BNSS 251 (DOMAIN.md), for Sessions and Special Courts from 1 July 2024. Magistrates' trials (BNSS 263) "
        "are not in DOMAIN.md and are not computed. Day of the first hearing not counted (DOMAIN.md is silent)."
    ),
)
JUDGMENT = Rule(
    "judgment_after_arguments",
    _("Judgment pronounced"),
    _("Judgment is pronounced within 30 days of the end of arguments, extendable to 45 days for recorded reasons."),
    _("BNSS 258 (DOMAIN.md), for arguments concluded from 1 July 2024; CrPC had no such period."),
)
COMPENSATION = Rule(
    "compensation_paid",
    _("Compensation paid"),
    _("Compensation ordered by the court is paid within 30 days."),
    _(
        "POCSO Rules 2020 r.9 (DOMAIN.md): 30 days from the state's receipt of the order; the order date is used "
        "when the receipt is not recorded. For other cases DOMAIN.md gives no period: 30 days is applied as a "
        "working target."
    ),
)

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (CWC_PRODUCTION, CHARGESHEET, INVESTIGATION, CHILD_EVIDENCE, TRIAL, CHARGES, JUDGMENT, COMPENSATION)
}
