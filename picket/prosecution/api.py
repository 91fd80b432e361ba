"""Police cases, accused, chargesheets, court cases, hearings and deadlines over the API, scoped like the pages.

Paths carry references (``P-…``, ``K-…``) and ids, never FIR numbers or names.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from picket.accounts.access import fetch_or_404
from picket.accounts.models import Organisation
from picket.accounts.permissions import Permission
from picket.api.pagination import LimitOffset
from picket.api.security import api_requires, current_actor
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.people.api import district_by_code
from picket.people.models import Gender
from picket.people.selectors import child_list
from picket.prosecution import selectors, services, services_court
from picket.prosecution.deadlines import last_day_of
from picket.prosecution.models import (
    CaseAccused,
    Chargesheet,
    ChargesheetKind,
    CourtCase,
    CourtKind,
    CustodyStatus,
    Deadline,
    DeadlineStatus,
    Hearing,
    HearingPurpose,
    PoliceCase,
)
from picket.prosecution.repeat_offenders import repeat_offender_candidates
from picket.prosecution.rules import RULES

router = Router(tags=["prosecution"])
VIEW, MANAGE = Permission.PROSECUTION_VIEW, Permission.PROSECUTION_MANAGE


class CaseOut(Schema):
    reference: str
    fir_number: str
    fir_registered_on: datetime.date
    offence_on: datetime.date | None
    district_code: int
    police_station_id: int
    investigating_officer_name: str
    investigating_officer_rank: str
    sections: list[str]
    victim_references: list[str]
    rescue_reference: str
    closure_kind: str
    closure_report_on: datetime.date | None

    @staticmethod
    def resolve_rescue_reference(obj: PoliceCase) -> str:
        return obj.rescue_operation.reference if obj.rescue_operation is not None else ""

    @staticmethod
    def resolve_district_code(obj: PoliceCase) -> int:
        return obj.district.lgd_code

    @staticmethod
    def resolve_sections(obj: PoliceCase) -> list[str]:
        return [str(s.offence) for s in obj.sections.filter(removed_on__isnull=True).select_related("offence__act")]

    @staticmethod
    def resolve_victim_references(obj: PoliceCase) -> list[str]:
        return list(obj.victims.values_list("reference", flat=True))


class CaseIn(Schema):
    fir_number: str = Field(..., min_length=1, max_length=40)
    fir_registered_on: datetime.date
    offence_on: datetime.date | None = None
    police_station_id: int
    district_code: int
    sections: list[str] = Field(..., min_length=1, max_length=30, description="e.g. ['BNS 143', 'POCSO 4']")
    investigating_officer_name: str = Field("", max_length=200)
    investigating_officer_rank: str = Field("", max_length=60)
    victim_references: list[str] = Field(default_factory=list, max_length=50)
    rescue_reference: str = Field("", max_length=12, description="the rescue operation this FIR came from, if any")


class SectionsChangeIn(Schema):
    changed_on: datetime.date
    add: list[str] = Field(default_factory=list, max_length=30)
    remove: list[str] = Field(default_factory=list, max_length=30)
    reason: str = Field(..., min_length=1, max_length=1000)


class AccusedPersonIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    district_code: int
    aliases: str = Field("", max_length=500)
    father_name: str = Field("", max_length=200)
    gender: Gender = Gender.UNKNOWN
    age_estimate_years: int | None = None
    phone: str = Field("", max_length=20)
    address: str = Field("", max_length=500)


class AccusedPersonOut(Schema):
    reference: str


class CaseAccusedIn(Schema):
    accused_reference: str
    arrested_on: datetime.date | None = None
    first_remand_on: datetime.date | None = None
    custody_status: CustodyStatus = CustodyStatus.NOT_ARRESTED


class CaseAccusedUpdate(Schema):
    arrested_on: datetime.date | None = None
    first_remand_on: datetime.date | None = None
    custody_status: CustodyStatus


class CaseAccusedOut(Schema):
    id: int
    accused_reference: str
    arrested_on: datetime.date | None
    first_remand_on: datetime.date | None
    custody_status: CustodyStatus

    @staticmethod
    def resolve_accused_reference(obj: CaseAccused) -> str:
        return obj.accused.reference


class ChargesheetIn(Schema):
    kind: ChargesheetKind = ChargesheetKind.FIRST
    filed_on: datetime.date
    sections: list[str] = Field(..., min_length=1, max_length=30)
    accused_ids: list[int] = Field(default_factory=list, max_length=100)


class ChargesheetOut(Schema):
    id: int
    kind: ChargesheetKind
    filed_on: datetime.date
    sections: list[str]
    accused_ids: list[int]

    @staticmethod
    def resolve_sections(obj: Chargesheet) -> list[str]:
        return [str(o) for o in obj.sections.select_related("act")]

    @staticmethod
    def resolve_accused_ids(obj: Chargesheet) -> list[int]:
        return list(obj.accused_covered.values_list("pk", flat=True))


class CourtCaseIn(Schema):
    court_kind: CourtKind
    court_name: str = Field(..., min_length=1, max_length=200)
    case_number: str = Field("", max_length=60)
    cnr_number: str = Field("", max_length=20)
    cognizance_on: datetime.date | None = None


class CourtCaseUpdate(Schema):
    cognizance_on: datetime.date | None = None
    charges_framed_on: datetime.date | None = None
    child_evidence_on: datetime.date | None = None
    arguments_concluded_on: datetime.date | None = None
    judgment_time_extended: bool | None = None


class CourtCaseOut(Schema):
    reference: str
    case_reference: str
    court_kind: CourtKind
    court_name: str
    case_number: str
    cnr_number: str
    cognizance_on: datetime.date | None
    charges_framed_on: datetime.date | None
    child_evidence_on: datetime.date | None
    arguments_concluded_on: datetime.date | None
    judgment_time_extended: bool
    judgment_on: datetime.date | None

    @staticmethod
    def resolve_case_reference(obj: CourtCase) -> str:
        return obj.police_case.reference


class HearingIn(Schema):
    held_on: datetime.date
    purpose: HearingPurpose
    proceedings: str = Field("", max_length=5000)
    next_on: datetime.date | None = None
    is_adjourned: bool = False
    adjournment_reason: str = Field("", max_length=1000)


class HearingOut(Schema):
    id: int
    held_on: datetime.date
    purpose: HearingPurpose
    proceedings: str
    next_on: datetime.date | None
    is_adjourned: bool
    adjournment_reason: str


class DeadlineOut(Schema):
    id: int
    rule: str
    title: str
    description: str
    source: str
    case_reference: str | None
    court_case_reference: str | None
    subject: str
    starts_at: datetime.datetime
    due_at: datetime.datetime
    last_day: datetime.date
    period: str
    status: DeadlineStatus
    computed_status: DeadlineStatus
    met_at: datetime.datetime | None
    explanation: str
    override_reason: str

    @staticmethod
    def resolve_title(obj: Deadline) -> str:
        return str(RULES[obj.rule].title)

    @staticmethod
    def resolve_description(obj: Deadline) -> str:
        return str(RULES[obj.rule].description)

    @staticmethod
    def resolve_source(obj: Deadline) -> str:
        return str(RULES[obj.rule].source)

    @staticmethod
    def resolve_case_reference(obj: Deadline) -> str | None:
        case = obj.police_case or obj.rescue_operation
        return case.reference if case is not None else None

    @staticmethod
    def resolve_court_case_reference(obj: Deadline) -> str | None:
        return obj.court_case.reference if obj.court_case is not None else None

    @staticmethod
    def resolve_subject(obj: Deadline) -> str:
        return obj.subject_label

    @staticmethod
    def resolve_last_day(obj: Deadline) -> datetime.date:
        return last_day_of(obj.due_at)


class OverrideIn(Schema):
    status: DeadlineStatus | None = Field(None, description="empty or null clears the override")
    reason: str = Field(..., min_length=1, max_length=1000)


def _case(request: HttpRequest, reference: str, *, manage: bool = False) -> PoliceCase:
    actor = current_actor(request)
    cases = selectors.police_case_manageable(actor=actor) if manage else selectors.police_case_list(actor=actor)
    return fetch_or_404(cases, reference=reference)


def _court_case(request: HttpRequest, reference: str, *, manage: bool = False) -> CourtCase:
    actor = current_actor(request)
    courts = selectors.court_case_manageable(actor=actor) if manage else selectors.court_case_list(actor=actor)
    return fetch_or_404(courts, reference=reference)


# --- police cases --------------------------------------------------------------------------------------------------


@router.get("/cases", response=list[CaseOut])
@paginate(LimitOffset)
@api_requires(VIEW)
def list_cases(request: HttpRequest) -> QuerySet[PoliceCase]:
    return selectors.police_case_list(actor=current_actor(request))


@router.get("/cases/{reference}", response=CaseOut)
@api_requires(VIEW)
def get_case(request: HttpRequest, reference: str) -> PoliceCase:
    case = _case(request, reference)
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="prosecution.policecase", object_id=case.pk)
    return case


@router.post("/cases", response={201: CaseOut})
@api_requires(MANAGE)
def create_case(request: HttpRequest, payload: CaseIn) -> Status[PoliceCase]:
    actor = current_actor(request)
    station = Organisation.objects.filter(pk=payload.police_station_id, is_active=True).first()
    if station is None:
        raise ValidationError({"police_station_id": "no such active organisation"})
    district = district_by_code(payload.district_code, field="district_code")
    assert district is not None
    victims = list(child_list(actor=actor).filter(reference__in=payload.victim_references))
    if len(victims) != len(set(payload.victim_references)):
        raise ValidationError({"victim_references": "a child reference is unknown"})
    rescue = None
    if payload.rescue_reference:
        rescue = selectors.rescue_list(actor=actor).filter(reference=payload.rescue_reference.upper()).first()
        if rescue is None:
            raise ValidationError({"rescue_reference": "no such rescue operation"})
    case = services.police_case_register(
        actor=actor, fir_number=payload.fir_number, fir_registered_on=payload.fir_registered_on,
        offence_on=payload.offence_on, police_station=station, district=district, sections=payload.sections,
        investigating_officer_name=payload.investigating_officer_name,
        investigating_officer_rank=payload.investigating_officer_rank, victims=victims, rescue_operation=rescue,
    )  # fmt: skip
    return Status(201, case)


@router.post("/cases/{reference}/sections", response=CaseOut)
@api_requires(MANAGE)
def change_sections(request: HttpRequest, reference: str, payload: SectionsChangeIn) -> PoliceCase:
    case = _case(request, reference, manage=True)
    return services.case_sections_change(actor=current_actor(request), police_case=case, changed_on=payload.changed_on,
                                         add=payload.add, remove=payload.remove, reason=payload.reason)  # fmt: skip


@router.post("/accused-persons", response={201: AccusedPersonOut})
@api_requires(MANAGE)
def create_accused_person(request: HttpRequest, payload: AccusedPersonIn) -> Status[object]:
    fields = payload.dict()
    district = district_by_code(fields.pop("district_code"), field="district_code")
    assert district is not None
    person = services.accused_person_register(actor=current_actor(request), district=district, **fields)
    return Status(201, person)


class RepeatCandidateOut(Schema):
    reference: str
    reasons: list[str]
    shared_name_keys: int
    case_references: list[str]


@router.get("/accused-persons/{reference}/matches", response=list[RepeatCandidateOut])
@api_requires(VIEW)
def accused_person_matches(request: HttpRequest, reference: str) -> list[dict[str, object]]:
    """Other accused persons who may be this one (same phone, or names alike across scripts, with fathers' names
    alike when both are known): repeat offenders."""
    actor = current_actor(request)
    person = fetch_or_404(selectors.accused_list(actor=actor), reference=reference)
    return [
        {"reference": c.person.reference, "reasons": c.reasons, "shared_name_keys": c.shared_name_keys,
         "case_references": c.case_references}
        for c in repeat_offender_candidates(actor=actor, person=person)
    ]  # fmt: skip


# --- accused in a case ---------------------------------------------------------------------------------------------


@router.get("/cases/{reference}/accused", response=list[CaseAccusedOut])
@api_requires(VIEW)
def list_case_accused(request: HttpRequest, reference: str) -> QuerySet[CaseAccused]:
    return _case(request, reference).accused.select_related("accused")


@router.post("/cases/{reference}/accused", response={201: CaseAccusedOut})
@api_requires(MANAGE)
def add_case_accused(request: HttpRequest, reference: str, payload: CaseAccusedIn) -> Status[CaseAccused]:
    actor = current_actor(request)
    case = _case(request, reference, manage=True)
    person = selectors.accused_list(actor=actor).filter(reference=payload.accused_reference).first()
    if person is None:
        raise ValidationError({"accused_reference": "no such accused person"})
    row = services.case_accused_add(actor=actor, police_case=case, accused=person, arrested_on=payload.arrested_on,
                                    first_remand_on=payload.first_remand_on,
                                    custody_status=payload.custody_status)  # fmt: skip
    return Status(201, row)


@router.put("/cases/{reference}/accused/{accused_id}", response=CaseAccusedOut)
@api_requires(MANAGE)
def update_case_accused(
    request: HttpRequest, reference: str, accused_id: int, payload: CaseAccusedUpdate
) -> CaseAccused:
    case = _case(request, reference, manage=True)
    row = fetch_or_404(case.accused.select_related("accused"), pk=accused_id)
    return services.case_accused_update(actor=current_actor(request), case_accused=row, arrested_on=payload.arrested_on,
                                        first_remand_on=payload.first_remand_on,
                                        custody_status=payload.custody_status)  # fmt: skip


# --- chargesheets --------------------------------------------------------------------------------------------------


@router.get("/cases/{reference}/chargesheets", response=list[ChargesheetOut])
@api_requires(VIEW)
def list_chargesheets(request: HttpRequest, reference: str) -> QuerySet[Chargesheet]:
    return _case(request, reference).chargesheets.all()


@router.post("/cases/{reference}/chargesheets", response={201: ChargesheetOut})
@api_requires(MANAGE)
def file_chargesheet(request: HttpRequest, reference: str, payload: ChargesheetIn) -> Status[Chargesheet]:
    case = _case(request, reference, manage=True)
    accused = list(case.accused.filter(pk__in=payload.accused_ids))
    if len(accused) != len(set(payload.accused_ids)):
        raise ValidationError({"accused_ids": "an accused id is not in this case"})
    sheet = services.chargesheet_file(actor=current_actor(request), police_case=case, filed_on=payload.filed_on,
                                      sections=payload.sections, accused=accused, kind=payload.kind)  # fmt: skip
    return Status(201, sheet)


# --- court cases and hearings --------------------------------------------------------------------------------------


@router.post("/cases/{reference}/court-cases", response={201: CourtCaseOut})
@api_requires(MANAGE)
def create_court_case(request: HttpRequest, reference: str, payload: CourtCaseIn) -> Status[CourtCase]:
    case = _case(request, reference, manage=True)
    court = services_court.court_case_register(actor=current_actor(request), police_case=case, **payload.dict())
    return Status(201, court)


@router.get("/court-cases/{reference}", response=CourtCaseOut)
@api_requires(VIEW)
def get_court_case(request: HttpRequest, reference: str) -> CourtCase:
    return _court_case(request, reference)


@router.patch("/court-cases/{reference}", response=CourtCaseOut)
@api_requires(MANAGE)
def update_court_case(request: HttpRequest, reference: str, payload: CourtCaseUpdate) -> CourtCase:
    court = _court_case(request, reference, manage=True)
    fields = payload.dict(exclude_unset=True)
    extended = fields.pop("judgment_time_extended", None)
    return services_court.court_case_update(actor=current_actor(request), court_case=court,
                                            judgment_time_extended=extended, **fields)  # fmt: skip


@router.get("/court-cases/{reference}/hearings", response=list[HearingOut])
@api_requires(VIEW)
def list_hearings(request: HttpRequest, reference: str) -> QuerySet[Hearing]:
    return _court_case(request, reference).hearings.all()


@router.post("/court-cases/{reference}/hearings", response={201: HearingOut})
@api_requires(MANAGE)
def record_hearing(request: HttpRequest, reference: str, payload: HearingIn) -> Status[Hearing]:
    court = _court_case(request, reference, manage=True)
    hearing = services_court.hearing_record(actor=current_actor(request), court_case=court, **payload.dict())
    return Status(201, hearing)


# --- deadlines -----------------------------------------------------------------------------------------------------


@router.get("/deadlines", response=list[DeadlineOut])
@paginate(LimitOffset)
@api_requires(VIEW)
def list_deadlines(
    request: HttpRequest, status: DeadlineStatus | None = None, case: str | None = None
) -> QuerySet[Deadline]:
    deadlines = selectors.deadline_list(actor=current_actor(request))
    if case:
        deadlines = deadlines.filter(police_case__reference=case)
    if status:
        deadlines = deadlines.filter(Q(override_status=status) | Q(override_status="", computed_status=status))
    return deadlines


@router.post("/deadlines/{deadline_id}/override", response=DeadlineOut)
@api_requires(MANAGE)
def override_deadline(request: HttpRequest, deadline_id: int, payload: OverrideIn) -> Deadline:
    actor = current_actor(request)
    deadline = fetch_or_404(selectors.deadline_manageable(actor=actor).filter(is_current=True), pk=deadline_id)
    return services.deadline_override(actor=actor, deadline=deadline, status=payload.status or "",
                                      reason=payload.reason)  # fmt: skip


# The rest of the endpoints live in ``api_events.py`` (same router); importing it registers them.
from picket.prosecution import api_events  # noqa: E402, F401
