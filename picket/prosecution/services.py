"""Writes for rescue operations and police cases. Each validates and names the field at fault, then writes in
one transaction with its audit event and the recomputed deadlines: a refusal saves nothing."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from picket.accounts.access import Actor
from picket.accounts.models import Organisation
from picket.accounts.permissions import Permission
from picket.accounts.roles import OrganisationKind
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.geo.models import District
from picket.intake.models import FoundChild
from picket.intake.selectors import found_list
from picket.people.models import AccusedPerson, Child, Gender
from picket.people.selectors import child_list
from picket.privacy.crypto import blind_index
from picket.prosecution import selectors
from picket.prosecution.deadlines import deadlines_recompute
from picket.prosecution.models import (
    BailHearing,
    BailOpposedBy,
    BailOutcome,
    CaseAccused,
    CaseSection,
    Chargesheet,
    ChargesheetKind,
    ClosureKind,
    CustodyStatus,
    Deadline,
    DeadlineStatus,
    PoliceCase,
    RescueOperation,
)
from picket.prosecution.repeat_offenders import accused_keys_rebuild
from picket.prosecution.validation import choice, not_before, not_future, offences_for, require_in, text

FIR_INDEX_PURPOSE = "prosecution.fir_number"
ACCUSED_NAME_INDEX_PURPOSE = "prosecution.accused_name"
ACCUSED_PHONE_INDEX_PURPOSE = "prosecution.accused_phone"
POLICE_KINDS = (OrganisationKind.POLICE_STATION, OrganisationKind.AHTU)


def fir_index(number: str) -> str:
    return blind_index(number, purpose=FIR_INDEX_PURPOSE)


def _audit(object_type: str, pk: int, action: str = AuditAction.UPDATE, **detail: object) -> None:
    audit_record(action=action, object_type=f"prosecution.{object_type}", object_id=pk, detail=detail or None)


def _organisation(actor: Actor) -> Organisation:
    assert actor.user is not None
    if actor.user.organisation is None:
        raise ValidationError({"organisation": _("Your account belongs to no organisation; ask an administrator.")})
    return actor.user.organisation


def _after_change(police_case: PoliceCase) -> None:
    """Recompute the case's clocks in the caller's transaction; make sure the daily warning job is queued."""
    from picket.prosecution.tasks import daily_schedule_ensure

    deadlines_recompute(police_case=police_case)
    transaction.on_commit(daily_schedule_ensure)


# --- accused persons -----------------------------------------------------------------------------------------------


def accused_person_register(
    *, actor: Actor, name: str, district: District, aliases: str = "", father_name: str = "", gender: str = "",
    age_estimate_years: int | None = None, phone: str = "", address: str = "",
) -> AccusedPerson:  # fmt: skip
    actor.require(Permission.PROSECUTION_MANAGE)
    assert actor.user is not None
    if not actor.covers({district.pk}):
        raise ValidationError({"district": _("Choose a district within your jurisdiction.")})
    name = text(name, field="name", required=True, limit=200)
    choice(gender, Gender.values, field="gender")
    if age_estimate_years is not None and not 7 <= age_estimate_years <= 110:
        raise ValidationError({"age_estimate_years": _("Give an age between 7 and 110.")})
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.strip() and not 10 <= len(digits) <= 13:
        raise ValidationError({"phone": _("A phone number has 10 digits (with an optional country code).")})
    digits = digits[-10:]
    with transaction.atomic():
        person = AccusedPerson.objects.create(
            name=name, name_index=blind_index(name, purpose=ACCUSED_NAME_INDEX_PURPOSE),
            aliases=text(aliases, field="aliases", limit=500), gender=gender, age_estimate_years=age_estimate_years,
            father_name=text(father_name, field="father_name", limit=200),
            phone=digits, phone_index=blind_index(digits, purpose=ACCUSED_PHONE_INDEX_PURPOSE) if digits else "",
            address=text(address, field="address", limit=500), district=district,
            organisation=_organisation(actor), created_by=actor.user,
        )  # fmt: skip
        accused_keys_rebuild(person)
        _audit("accusedperson", person.pk, AuditAction.CREATE)
    return person


# --- rescue operations ---------------------------------------------------------------------------------------------


def rescue_operation_record(
    *, actor: Actor, rescued_at: datetime.datetime, district: District, lead_agency: Organisation,
    place: str = "", establishment: str = "", participating_organisations: Sequence[Organisation] = (),
    children_rescued: Sequence[FoundChild] = (), accused_apprehended: Sequence[AccusedPerson] = (),
    evidence_seized: str = "", follow_up_actions: str = "",
) -> RescueOperation:  # fmt: skip
    actor.require(Permission.PROSECUTION_MANAGE)
    assert actor.user is not None
    if not actor.covers({district.pk}):
        raise ValidationError({"district": _("Choose a district within your jurisdiction.")})
    if rescued_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"rescued_at": _("The time is in the future.")})
    visible_found = found_list(actor=actor)
    for found in children_rescued:
        if not visible_found.filter(pk=found.pk).exists():
            raise ValidationError({"children_rescued": _("Choose found-child records you can see.")})
        if found.found_at < rescued_at - datetime.timedelta(days=1):
            raise ValidationError({"children_rescued": _("%(ref)s was found before this rescue.")
                                   % {"ref": found.reference}})  # fmt: skip
    visible_accused = selectors.accused_list(actor=actor)
    if any(not visible_accused.filter(pk=a.pk).exists() for a in accused_apprehended):
        raise ValidationError({"accused_apprehended": _("Choose accused persons you can see.")})
    with transaction.atomic():
        rescue = RescueOperation.objects.create(
            rescued_at=rescued_at, district=district, lead_agency=lead_agency,
            place=text(place, field="place", limit=500), establishment=text(establishment, field="establishment",
                                                                              limit=500),
            evidence_seized=text(evidence_seized, field="evidence_seized"),
            follow_up_actions=text(follow_up_actions, field="follow_up_actions"),
            organisation=_organisation(actor), created_by=actor.user,
        )  # fmt: skip
        rescue.participating_organisations.set(participating_organisations)
        rescue.children_rescued.set(children_rescued)
        rescue.accused_apprehended.set(accused_apprehended)
        _audit("rescueoperation", rescue.pk, AuditAction.CREATE, count=len(children_rescued))
        deadlines_recompute(rescue=rescue)
    return rescue


def rescue_accused_apprehended_add(*, actor: Actor, rescue: RescueOperation, accused: AccusedPerson) -> None:
    """Record that an accused person (registered with a case from the rescue) was apprehended in the rescue."""
    require_in(selectors.rescue_manageable(actor=actor), rescue, what="rescue")
    if not selectors.accused_list(actor=actor).filter(pk=accused.pk).exists():
        raise ValidationError({"accused": _("Choose an accused person you can see.")})
    with transaction.atomic():
        rescue.accused_apprehended.add(accused)
        _audit("rescueoperation", rescue.pk, fields=["accused_apprehended"])


# --- police cases --------------------------------------------------------------------------------------------------


def police_case_register(
    *, actor: Actor, fir_number: str, fir_registered_on: datetime.date, police_station: Organisation,
    district: District, sections: Sequence[str], offence_on: datetime.date | None = None,
    investigating_officer_name: str = "", investigating_officer_rank: str = "",
    rescue_operation: RescueOperation | None = None, victims: Sequence[Child] = (),
) -> PoliceCase:  # fmt: skip
    actor.require(Permission.PROSECUTION_MANAGE)
    assert actor.user is not None
    if not actor.covers({district.pk}):
        raise ValidationError({"district": _("Choose a district within your jurisdiction.")})
    number = text(fir_number, field="fir_number", required=True, limit=40)
    not_future(fir_registered_on, field="fir_registered_on")
    not_future(offence_on, field="offence_on")
    if offence_on is not None and offence_on > fir_registered_on:
        raise ValidationError({"offence_on": _("The offence cannot be dated after the FIR.")})
    if police_station.kind not in POLICE_KINDS:
        raise ValidationError({"police_station": _("Choose a police station or AHTU.")})
    if not sections:
        raise ValidationError({"sections": _("Give at least one section invoked in the FIR.")})
    offences = offences_for(sections, on=offence_on or fir_registered_on)
    visible_children = child_list(actor=actor)
    if any(not visible_children.filter(pk=c.pk).exists() for c in victims):
        raise ValidationError({"victims": _("Choose children whose records you can see.")})
    if rescue_operation is not None:
        require_in(selectors.rescue_list(actor=actor), rescue_operation, what="rescue")
    with transaction.atomic():
        case = PoliceCase.objects.create(
            fir_number=number, fir_number_index=fir_index(number), fir_registered_on=fir_registered_on,
            offence_on=offence_on, police_station=police_station, district=district,
            investigating_officer_name=text(investigating_officer_name, field="investigating_officer_name", limit=200),
            investigating_officer_rank=text(investigating_officer_rank, field="investigating_officer_rank", limit=60),
            rescue_operation=rescue_operation, organisation=_organisation(actor), created_by=actor.user,
        )  # fmt: skip
        case.victims.set(victims)
        CaseSection.objects.bulk_create(
            CaseSection(police_case=case, offence=o, added_on=fir_registered_on, added_by=actor.user) for o in offences
        )
        _audit("policecase", case.pk, AuditAction.CREATE, count=len(offences))
        _after_change(case)
    return case


def case_sections_change(
    *, actor: Actor, police_case: PoliceCase, changed_on: datetime.date, add: Sequence[str] = (),
    remove: Sequence[str] = (), reason: str = "",
) -> PoliceCase:  # fmt: skip
    """Add or drop sections (e.g. after investigation); the dropped rows stay as history."""
    require_in(selectors.police_case_manageable(actor=actor), police_case, what="case")
    assert actor.user is not None
    not_future(changed_on, field="changed_on")
    not_before(changed_on, police_case.fir_registered_on, field="changed_on",
               message=_("Sections cannot change before the FIR (%(date)s)."))  # fmt: skip
    if not add and not remove:
        raise ValidationError({"add": _("Give a section to add or to drop.")})
    reason = text(reason, field="reason", required=True, limit=1000)
    to_add = offences_for(add, on=police_case.offence_on or police_case.fir_registered_on, field="add")
    in_force = {s.offence_id: s for s in police_case.sections.filter(removed_on__isnull=True)}
    to_drop = offences_for(remove, on=police_case.offence_on or police_case.fir_registered_on, field="remove")
    for offence in to_drop:
        if offence.pk not in in_force:
            raise ValidationError({"remove": _("%(section)s is not in force in this case.") % {"section": offence}})
    for offence in to_add:
        if offence.pk in in_force:
            raise ValidationError({"add": _("%(section)s is already in force in this case.") % {"section": offence}})
    if len(in_force) - len(to_drop) + len(to_add) < 1:
        raise ValidationError({"remove": _("A case keeps at least one section.")})
    with transaction.atomic():
        for offence in to_drop:
            row = in_force[offence.pk]
            row.removed_on, row.removed_by, row.reason = changed_on, actor.user, reason
            row.save(update_fields=["removed_on", "removed_by", "reason"])
        for offence in to_add:
            CaseSection.objects.create(police_case=police_case, offence=offence, added_on=changed_on,
                                       added_by=actor.user, reason=reason)  # fmt: skip
        _audit("policecase", police_case.pk, fields=["sections"], count=len(to_add) + len(to_drop))
        _after_change(police_case)
    return police_case


def _check_custody(
    *, police_case: PoliceCase, arrested_on: datetime.date | None, first_remand_on: datetime.date | None,
    custody_status: str,
) -> None:  # fmt: skip
    choice(custody_status, CustodyStatus.values, field="custody_status")
    not_future(arrested_on, field="arrested_on")
    not_future(first_remand_on, field="first_remand_on")
    earliest = police_case.offence_on
    not_before(arrested_on, earliest, field="arrested_on",
               message=_("The arrest cannot be before the offence (%(date)s)."))  # fmt: skip
    if first_remand_on is not None and arrested_on is None:
        raise ValidationError({"arrested_on": _("Give the date of arrest: an accused is remanded after arrest.")})
    not_before(first_remand_on, arrested_on, field="first_remand_on",
               message=_("The first remand cannot be before the arrest (%(date)s)."))  # fmt: skip
    if arrested_on is None and custody_status in (CustodyStatus.POLICE_CUSTODY, CustodyStatus.JUDICIAL_CUSTODY):
        raise ValidationError({"arrested_on": _("Give the date of arrest of an accused in custody.")})


def case_accused_add(
    *, actor: Actor, police_case: PoliceCase, accused: AccusedPerson, arrested_on: datetime.date | None = None,
    first_remand_on: datetime.date | None = None, custody_status: str = CustodyStatus.NOT_ARRESTED,
) -> CaseAccused:  # fmt: skip
    require_in(selectors.police_case_manageable(actor=actor), police_case, what="case")
    assert actor.user is not None
    if not selectors.accused_list(actor=actor).filter(pk=accused.pk).exists():
        raise ValidationError({"accused": _("Choose an accused person you can see.")})
    if police_case.accused.filter(accused=accused).exists():
        raise ValidationError({"accused": _("This person is already an accused in the case.")})
    _check_custody(police_case=police_case, arrested_on=arrested_on, first_remand_on=first_remand_on,
                   custody_status=custody_status)  # fmt: skip
    with transaction.atomic():
        row = CaseAccused.objects.create(police_case=police_case, accused=accused, arrested_on=arrested_on,
                                         first_remand_on=first_remand_on, custody_status=custody_status,
                                         added_by=actor.user)  # fmt: skip
        _audit("policecase", police_case.pk, fields=["accused"])
        _after_change(police_case)
    return row


def case_accused_update(
    *, actor: Actor, case_accused: CaseAccused, arrested_on: datetime.date | None,
    first_remand_on: datetime.date | None, custody_status: str,
) -> CaseAccused:  # fmt: skip
    police_case = case_accused.police_case
    require_in(selectors.police_case_manageable(actor=actor), police_case, what="case")
    _check_custody(police_case=police_case, arrested_on=arrested_on, first_remand_on=first_remand_on,
                   custody_status=custody_status)  # fmt: skip
    changed = [name for name, value in (("arrested_on", arrested_on), ("first_remand_on", first_remand_on),
               ("custody_status", custody_status)) if getattr(case_accused, name) != value]  # fmt: skip
    with transaction.atomic():
        case_accused.arrested_on, case_accused.first_remand_on = arrested_on, first_remand_on
        case_accused.custody_status = custody_status
        case_accused.save()
        _audit("policecase", police_case.pk, fields=changed, kind="accused_update")
        _after_change(police_case)
    return case_accused


def bail_hearing_record(
    *, actor: Actor, case_accused: CaseAccused, heard_on: datetime.date, outcome: str, opposed_by: str = "",
    court_name: str = "", is_default_bail: bool = False,
) -> BailHearing:  # fmt: skip
    police_case = case_accused.police_case
    require_in(selectors.police_case_manageable(actor=actor), police_case, what="case")
    assert actor.user is not None
    choice(outcome, BailOutcome.values, field="outcome")
    choice(opposed_by, BailOpposedBy.values, field="opposed_by")
    not_future(heard_on, field="heard_on")
    not_before(heard_on, police_case.fir_registered_on, field="heard_on",
               message=_("A bail hearing cannot be before the FIR (%(date)s)."))  # fmt: skip
    with transaction.atomic():
        hearing = BailHearing.objects.create(case_accused=case_accused, heard_on=heard_on, outcome=outcome,
                                             opposed_by=opposed_by, is_default_bail=is_default_bail,
                                             court_name=text(court_name, field="court_name", limit=200),
                                             recorded_by=actor.user)  # fmt: skip
        if outcome == BailOutcome.GRANTED:
            case_accused.custody_status = CustodyStatus.DEFAULT_BAIL if is_default_bail else CustodyStatus.ON_BAIL
            case_accused.save(update_fields=["custody_status", "updated_at"])
        _audit("policecase", police_case.pk, fields=["bail_hearings"], kind=outcome)
    return hearing


def chargesheet_file(
    *, actor: Actor, police_case: PoliceCase, filed_on: datetime.date, sections: Sequence[str],
    accused: Sequence[CaseAccused], kind: str = ChargesheetKind.FIRST,
) -> Chargesheet:  # fmt: skip
    require_in(selectors.police_case_manageable(actor=actor), police_case, what="case")
    assert actor.user is not None
    choice(kind, ChargesheetKind.values, field="kind")
    not_future(filed_on, field="filed_on")
    not_before(filed_on, police_case.fir_registered_on, field="filed_on",
               message=_("A chargesheet cannot be dated before the FIR (%(date)s)."))  # fmt: skip
    has_first = police_case.chargesheets.filter(kind=ChargesheetKind.FIRST).first()
    if kind == ChargesheetKind.FIRST and has_first is not None:
        raise ValidationError({"kind": _("The case already has a chargesheet: file a supplementary one.")})
    if kind == ChargesheetKind.SUPPLEMENTARY:
        if has_first is None:
            raise ValidationError({"kind": _("File the chargesheet before a supplementary one.")})
        not_before(filed_on, has_first.filed_on, field="filed_on",
                   message=_("A supplementary chargesheet cannot be before the chargesheet (%(date)s)."))  # fmt: skip
    if not sections:
        raise ValidationError({"sections": _("Give the sections charged.")})
    offences = offences_for(sections, on=police_case.offence_on or police_case.fir_registered_on)
    if any(a.police_case_id != police_case.pk for a in accused):
        raise ValidationError({"accused": _("Choose accused persons of this case.")})
    for row in accused:
        not_before(filed_on, row.arrested_on, field="filed_on",
                   message=_("The chargesheet cannot be before the accused's arrest (%(date)s)."))  # fmt: skip
    with transaction.atomic():
        sheet = Chargesheet.objects.create(police_case=police_case, kind=kind, filed_on=filed_on,
                                           recorded_by=actor.user)  # fmt: skip
        sheet.sections.set(offences)
        sheet.accused_covered.set(accused)
        _audit("policecase", police_case.pk, fields=["chargesheets"], kind=kind, count=len(accused))
        _after_change(police_case)
    return sheet


def closure_report_file(
    *, actor: Actor, police_case: PoliceCase, closure_kind: str, filed_on: datetime.date
) -> PoliceCase:
    require_in(selectors.police_case_manageable(actor=actor), police_case, what="case")
    if not closure_kind:
        raise ValidationError({"closure_kind": _("Say why the case is closed.")})
    choice(closure_kind, ClosureKind.values, field="closure_kind")
    not_future(filed_on, field="filed_on")
    not_before(filed_on, police_case.fir_registered_on, field="filed_on",
               message=_("A closure report cannot be dated before the FIR (%(date)s)."))  # fmt: skip
    with transaction.atomic():
        police_case.closure_kind, police_case.closure_report_on = closure_kind, filed_on
        police_case.save(update_fields=["closure_kind", "closure_report_on", "updated_at"])
        _audit("policecase", police_case.pk, fields=["closure_kind", "closure_report_on"], kind=closure_kind)
        _after_change(police_case)
    return police_case


# --- deadlines -----------------------------------------------------------------------------------------------------


def deadline_override(*, actor: Actor, deadline: Deadline, status: str, reason: str) -> Deadline:
    """Set a deadline's status by hand (e.g. the court extended time); kept across recomputes. '' clears it."""
    require_in(selectors.deadline_manageable(actor=actor), deadline, what="deadline")
    if status:
        choice(status, DeadlineStatus.values, field="status")
    reason = text(reason, field="reason", required=True, limit=1000)
    with transaction.atomic():
        deadline.override_status, deadline.override_reason = status, reason
        deadline.overridden_by, deadline.overridden_at = actor.user, timezone.now()
        deadline.save(update_fields=["override_status", "override_reason", "overridden_by", "overridden_at"])
        _audit("deadline", deadline.pk, fields=["override_status"], kind=status or "cleared")
    return deadline
