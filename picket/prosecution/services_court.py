"""Writes for trials: court cases, hearings, witnesses, judgments, compensation and appeals. Same rules as
``services.py``: field-named refusals, one transaction with the audit event and the recomputed deadlines."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from picket.accounts.access import Actor
from picket.audit.models import AuditAction
from picket.prosecution import selectors
from picket.prosecution.models import (
    CNR_PATTERN,
    Appeal,
    AppealBy,
    CaseAccused,
    CompensationKind,
    CompensationOrder,
    CourtCase,
    CourtKind,
    Hearing,
    HearingPurpose,
    Judgment,
    PoliceCase,
    Verdict,
    Witness,
    WitnessKind,
)
from picket.prosecution.services import _after_change, _audit
from picket.prosecution.validation import choice, not_before, not_future, offence_for, require_in, text


def _cnr(value: str) -> str:
    value = value.strip().upper().replace("-", "").replace(" ", "")
    if value and not CNR_PATTERN.match(value):
        raise ValidationError({"cnr_number": _("A CNR number has 16 characters: 4 letters, then 12 digits.")})
    return value


def _need_cognizance(court_case: CourtCase, *, field: str) -> datetime.date:
    if court_case.cognizance_on is None:
        raise ValidationError({field: _("Record the date the court took cognizance first.")})
    return court_case.cognizance_on


def court_case_register(
    *, actor: Actor, police_case: PoliceCase, court_kind: str, court_name: str, case_number: str = "",
    cnr_number: str = "", cognizance_on: datetime.date | None = None,
) -> CourtCase:  # fmt: skip
    require_in(selectors.police_case_manageable(actor=actor), police_case, what="case")
    assert actor.user is not None
    choice(court_kind, CourtKind.values, field="court_kind")
    not_future(cognizance_on, field="cognizance_on")
    not_before(cognizance_on, police_case.fir_registered_on, field="cognizance_on",
               message=_("Cognizance cannot be taken before the FIR (%(date)s)."))  # fmt: skip
    first_sheet = police_case.chargesheets.order_by("filed_on").first()
    if first_sheet is not None:
        not_before(cognizance_on, first_sheet.filed_on, field="cognizance_on",
                   message=_("Cognizance cannot be taken before the chargesheet (%(date)s)."))  # fmt: skip
    with transaction.atomic():
        court_case = CourtCase.objects.create(
            police_case=police_case, court_kind=court_kind, court_name=text(court_name, field="court_name",
                                                                               required=True, limit=200),
            case_number=text(case_number, field="case_number", limit=60), cnr_number=_cnr(cnr_number),
            cognizance_on=cognizance_on, district=police_case.district, organisation=police_case.organisation,
            created_by=actor.user,
        )  # fmt: skip
        _audit("courtcase", court_case.pk, AuditAction.CREATE)
        _after_change(police_case)
    return court_case


TRIAL_DATES = ("cognizance_on", "charges_framed_on", "child_evidence_on", "arguments_concluded_on", "judgment_on")


def court_case_update(
    *, actor: Actor, court_case: CourtCase, cnr_number: str | None = None, case_number: str | None = None,
    judgment_time_extended: bool | None = None, **dates: datetime.date | None,
) -> CourtCase:  # fmt: skip
    """Record the trial's milestones (any of ``TRIAL_DATES``), in an order the law allows."""
    require_in(selectors.court_case_manageable(actor=actor), court_case, what="court case")
    unknown = set(dates) - set(TRIAL_DATES)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Unknown field.")})
    values = {name: dates.get(name, getattr(court_case, name)) for name in TRIAL_DATES}
    for name, day in values.items():
        not_future(day, field=name)
    cognizance = values["cognizance_on"]
    police_case = court_case.police_case
    not_before(cognizance, police_case.fir_registered_on, field="cognizance_on",
               message=_("Cognizance cannot be taken before the FIR (%(date)s)."))  # fmt: skip
    for name in ("charges_framed_on", "child_evidence_on", "arguments_concluded_on", "judgment_on"):
        if values[name] is not None and cognizance is None:
            raise ValidationError({name: _("Record the date the court took cognizance first.")})
        not_before(values[name], cognizance, field=name,
                   message=_("This cannot be before cognizance (%(date)s)."))  # fmt: skip
    not_before(values["arguments_concluded_on"], values["charges_framed_on"], field="arguments_concluded_on",
               message=_("Arguments cannot conclude before charges were framed (%(date)s)."))  # fmt: skip
    not_before(values["judgment_on"], values["arguments_concluded_on"], field="judgment_on",
               message=_("Judgment cannot come before the end of arguments (%(date)s)."))  # fmt: skip
    changed = [name for name in TRIAL_DATES if values[name] != getattr(court_case, name)]
    with transaction.atomic():
        for name in TRIAL_DATES:
            setattr(court_case, name, values[name])
        if cnr_number is not None:
            court_case.cnr_number = _cnr(cnr_number)
            changed.append("cnr_number")
        if case_number is not None:
            court_case.case_number = text(case_number, field="case_number", limit=60)
            changed.append("case_number")
        if judgment_time_extended is not None:
            court_case.judgment_time_extended = judgment_time_extended
            changed.append("judgment_time_extended")
        court_case.save()
        _audit("courtcase", court_case.pk, fields=changed)
        _after_change(police_case)
    return court_case


def hearing_record(
    *, actor: Actor, court_case: CourtCase, held_on: datetime.date, purpose: str, proceedings: str = "",
    next_on: datetime.date | None = None, is_adjourned: bool = False, adjournment_reason: str = "",
) -> Hearing:  # fmt: skip
    require_in(selectors.court_case_manageable(actor=actor), court_case, what="court case")
    assert actor.user is not None
    choice(purpose, HearingPurpose.values, field="purpose")
    not_future(held_on, field="held_on")
    cognizance = _need_cognizance(court_case, field="held_on")
    not_before(held_on, cognizance, field="held_on",
               message=_("A hearing cannot be before cognizance (%(date)s)."))  # fmt: skip
    if next_on is not None and next_on <= held_on:
        raise ValidationError({"next_on": _("The next date must be after the hearing.")})
    if is_adjourned and not adjournment_reason.strip():
        raise ValidationError({"adjournment_reason": _("Say why the hearing was adjourned.")})
    with transaction.atomic():
        hearing = Hearing.objects.create(
            court_case=court_case, held_on=held_on, purpose=purpose, next_on=next_on, is_adjourned=is_adjourned,
            proceedings=text(proceedings, field="proceedings"),
            adjournment_reason=text(adjournment_reason, field="adjournment_reason", limit=1000),
            recorded_by=actor.user,
        )  # fmt: skip
        _audit("courtcase", court_case.pk, fields=["hearings"], kind=purpose)
        _after_change(court_case.police_case)
    return hearing


def witness_record(
    *, actor: Actor, court_case: CourtCase, kind: str, name: str = "", examined_on: datetime.date | None = None,
    turned_hostile: bool = False,
) -> Witness:  # fmt: skip
    require_in(selectors.court_case_manageable(actor=actor), court_case, what="court case")
    assert actor.user is not None
    choice(kind, WitnessKind.values, field="kind")
    not_future(examined_on, field="examined_on")
    if examined_on is not None:
        cognizance = _need_cognizance(court_case, field="examined_on")
        not_before(examined_on, cognizance, field="examined_on",
                   message=_("A witness cannot be examined before cognizance (%(date)s)."))  # fmt: skip
    if turned_hostile and examined_on is None:
        raise ValidationError({"examined_on": _("A witness turns hostile when examined: give the date.")})
    with transaction.atomic():
        witness = Witness.objects.create(court_case=court_case, kind=kind, name=text(name, field="name", limit=200),
                                         examined_on=examined_on, turned_hostile=turned_hostile,
                                         recorded_by=actor.user)  # fmt: skip
        _audit("courtcase", court_case.pk, fields=["witnesses"], kind=kind)
    return witness


def judgment_record(
    *, actor: Actor, court_case: CourtCase, case_accused: CaseAccused, section: str, verdict: str,
    decided_on: datetime.date, sentence: str = "", imprisonment_months: int | None = None,
    fine_rupees: int | None = None,
) -> Judgment:  # fmt: skip
    """The outcome for one accused on one section; the first judgment also dates the court case's judgment."""
    require_in(selectors.court_case_manageable(actor=actor), court_case, what="court case")
    assert actor.user is not None
    police_case = court_case.police_case
    if case_accused.police_case_id != police_case.pk:
        raise ValidationError({"case_accused": _("Choose an accused of this case.")})
    choice(verdict, Verdict.values, field="verdict")
    not_future(decided_on, field="decided_on")
    cognizance = _need_cognizance(court_case, field="decided_on")
    not_before(decided_on, cognizance, field="decided_on",
               message=_("Judgment cannot be before cognizance (%(date)s)."))  # fmt: skip
    not_before(decided_on, court_case.arguments_concluded_on, field="decided_on",
               message=_("Judgment cannot come before the end of arguments (%(date)s)."))  # fmt: skip
    offence = offence_for(section, on=police_case.offence_on or police_case.fir_registered_on, field="section")
    if (
        not police_case.sections.filter(offence=offence).exists()
        and not police_case.chargesheets.filter(sections=offence).exists()
    ):
        raise ValidationError({"section": _("%(section)s was never invoked in this case.") % {"section": offence}})
    if verdict != Verdict.CONVICTED and (imprisonment_months or fine_rupees or sentence.strip()):
        raise ValidationError({"sentence": _("Only a conviction carries a sentence.")})
    if Judgment.objects.filter(court_case=court_case, case_accused=case_accused, offence=offence).exists():
        raise ValidationError({"section": _("A judgment on this section for this accused is already recorded.")})
    with transaction.atomic():
        judgment = Judgment.objects.create(
            court_case=court_case, case_accused=case_accused, offence=offence, verdict=verdict, decided_on=decided_on,
            sentence=text(sentence, field="sentence", limit=300), imprisonment_months=imprisonment_months,
            fine_rupees=fine_rupees, recorded_by=actor.user,
        )  # fmt: skip
        if court_case.judgment_on is None or decided_on < court_case.judgment_on:
            court_case.judgment_on = decided_on
            court_case.save(update_fields=["judgment_on", "updated_at"])
        _audit("courtcase", court_case.pk, fields=["judgments"], kind=verdict)
        _after_change(police_case)
    return judgment


def compensation_order_record(
    *, actor: Actor, court_case: CourtCase, kind: str, amount_rupees: int, ordered_on: datetime.date,
    received_by_state_on: datetime.date | None = None,
) -> CompensationOrder:  # fmt: skip
    require_in(selectors.court_case_manageable(actor=actor), court_case, what="court case")
    assert actor.user is not None
    choice(kind, CompensationKind.values, field="kind")
    if amount_rupees <= 0:
        raise ValidationError({"amount_rupees": _("Give the amount ordered.")})
    not_future(ordered_on, field="ordered_on")
    not_future(received_by_state_on, field="received_by_state_on")
    not_before(ordered_on, court_case.police_case.fir_registered_on, field="ordered_on",
               message=_("Compensation cannot be ordered before the FIR (%(date)s)."))  # fmt: skip
    not_before(received_by_state_on, ordered_on, field="received_by_state_on",
               message=_("The order cannot be received before it was made (%(date)s)."))  # fmt: skip
    with transaction.atomic():
        order = CompensationOrder.objects.create(court_case=court_case, kind=kind, amount_rupees=amount_rupees,
                                                 ordered_on=ordered_on, received_by_state_on=received_by_state_on,
                                                 recorded_by=actor.user)  # fmt: skip
        _audit("courtcase", court_case.pk, fields=["compensation_orders"], kind=kind)
        _after_change(court_case.police_case)
    return order


def compensation_paid(
    *, actor: Actor, order: CompensationOrder, paid_on: datetime.date, amount_paid_rupees: int
) -> CompensationOrder:
    require_in(selectors.court_case_manageable(actor=actor), order.court_case, what="court case")
    not_future(paid_on, field="paid_on")
    not_before(paid_on, order.ordered_on, field="paid_on",
               message=_("Payment cannot be before the order (%(date)s)."))  # fmt: skip
    if amount_paid_rupees <= 0:
        raise ValidationError({"amount_paid_rupees": _("Give the amount paid.")})
    with transaction.atomic():
        order.paid_on, order.amount_paid_rupees = paid_on, amount_paid_rupees
        order.save(update_fields=["paid_on", "amount_paid_rupees"])
        _audit("courtcase", order.court_case_id, fields=["paid_on", "amount_paid_rupees"])
        _after_change(order.court_case.police_case)
    return order


def appeal_record(
    *, actor: Actor, court_case: CourtCase, filed_by: str, filed_on: datetime.date, appellate_court: str,
    case_number: str = "",
) -> Appeal:  # fmt: skip
    require_in(selectors.court_case_manageable(actor=actor), court_case, what="court case")
    assert actor.user is not None
    choice(filed_by, AppealBy.values, field="filed_by")
    not_future(filed_on, field="filed_on")
    if court_case.judgment_on is None:
        raise ValidationError({"filed_on": _("Record the judgment before an appeal.")})
    not_before(filed_on, court_case.judgment_on, field="filed_on",
               message=_("An appeal cannot be filed before the judgment (%(date)s)."))  # fmt: skip
    with transaction.atomic():
        appeal = Appeal.objects.create(court_case=court_case, filed_by=filed_by, filed_on=filed_on,
                                       appellate_court=text(appellate_court, field="appellate_court", required=True,
                                                            limit=200),
                                       case_number=text(case_number, field="case_number", limit=60),
                                       recorded_by=actor.user)  # fmt: skip
        _audit("courtcase", court_case.pk, fields=["appeals"], kind=filed_by)
    return appeal
