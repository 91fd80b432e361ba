"""The rest of a case over the API: rescue operations, bail hearings, closure reports, witnesses, judgments,
compensation, appeals and documents. Registered on the same router as ``api.py``; scoped the same way."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Schema, Status
from ninja.files import UploadedFile

from picket.accounts.access import fetch_or_404
from picket.accounts.models import Organisation
from picket.api.security import api_requires, current_actor
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.intake.selectors import found_list
from picket.people.api import district_by_code
from picket.prosecution import selectors, services, services_court
from picket.prosecution.api import MANAGE, VIEW, CaseOut, _case, _court_case, router
from picket.prosecution.documents import MAX_DOCUMENT_BYTES, document_read, document_upload, document_verify
from picket.prosecution.models import (
    Appeal,
    AppealBy,
    BailHearing,
    BailOpposedBy,
    BailOutcome,
    CaseDocument,
    ClosureKind,
    CompensationKind,
    CompensationOrder,
    DocumentKind,
    Judgment,
    PoliceCase,
    RescueOperation,
    Verdict,
    Witness,
    WitnessKind,
)


class RescueIn(Schema):
    rescued_at: datetime.datetime
    district_code: int
    lead_agency_id: int
    place: str = Field("", max_length=500)
    establishment: str = Field("", max_length=500)
    participating_organisation_ids: list[int] = Field(default_factory=list, max_length=50)
    found_references: list[str] = Field(default_factory=list, max_length=200)
    accused_references: list[str] = Field(default_factory=list, max_length=200)
    evidence_seized: str = Field("", max_length=5000)
    follow_up_actions: str = Field("", max_length=5000)


class RescueOut(Schema):
    reference: str
    rescued_at: datetime.datetime
    district_code: int
    lead_agency_id: int
    place: str
    establishment: str
    found_references: list[str]
    accused_references: list[str]
    evidence_seized: str
    follow_up_actions: str

    @staticmethod
    def resolve_accused_references(obj: RescueOperation) -> list[str]:
        return list(obj.accused_apprehended.values_list("reference", flat=True))

    @staticmethod
    def resolve_district_code(obj: RescueOperation) -> int:
        return obj.district.lgd_code

    @staticmethod
    def resolve_found_references(obj: RescueOperation) -> list[str]:
        return list(obj.children_rescued.values_list("reference", flat=True))


class BailIn(Schema):
    case_accused_id: int
    heard_on: datetime.date
    outcome: BailOutcome
    opposed_by: BailOpposedBy = BailOpposedBy.NOT_OPPOSED
    court_name: str = Field("", max_length=200)
    is_default_bail: bool = False


class BailOut(Schema):
    id: int
    case_accused_id: int
    heard_on: datetime.date
    outcome: BailOutcome
    opposed_by: str
    court_name: str
    is_default_bail: bool


class ClosureIn(Schema):
    closure_kind: ClosureKind
    filed_on: datetime.date


class WitnessIn(Schema):
    kind: WitnessKind
    name: str = Field("", max_length=200)
    examined_on: datetime.date | None = None
    turned_hostile: bool = False


class WitnessOut(Schema):
    id: int
    kind: WitnessKind
    name: str
    examined_on: datetime.date | None
    turned_hostile: bool


class JudgmentIn(Schema):
    case_accused_id: int
    section: str = Field(..., max_length=40)
    verdict: Verdict
    decided_on: datetime.date
    sentence: str = Field("", max_length=300)
    imprisonment_months: int | None = Field(None, ge=0, le=1200)
    fine_rupees: int | None = Field(None, ge=0)


class JudgmentOut(Schema):
    id: int
    case_accused_id: int
    section: str
    verdict: Verdict
    decided_on: datetime.date
    sentence: str
    imprisonment_months: int | None
    fine_rupees: int | None

    @staticmethod
    def resolve_section(obj: Judgment) -> str:
        return str(obj.offence)


class CompensationIn(Schema):
    kind: CompensationKind
    amount_rupees: int = Field(..., ge=1)
    ordered_on: datetime.date
    received_by_state_on: datetime.date | None = None


class CompensationPaidIn(Schema):
    paid_on: datetime.date
    amount_paid_rupees: int = Field(..., ge=1)


class CompensationOut(Schema):
    id: int
    kind: CompensationKind
    amount_rupees: int
    ordered_on: datetime.date
    received_by_state_on: datetime.date | None
    paid_on: datetime.date | None
    amount_paid_rupees: int | None


class AppealIn(Schema):
    filed_by: AppealBy
    filed_on: datetime.date
    appellate_court: str = Field(..., min_length=1, max_length=200)
    case_number: str = Field("", max_length=60)


class AppealOut(Schema):
    id: int
    filed_by: AppealBy
    filed_on: datetime.date
    appellate_court: str
    case_number: str


class DocumentOut(Schema):
    id: int
    kind: DocumentKind
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime.datetime
    verified: bool

    @staticmethod
    def resolve_verified(obj: CaseDocument) -> bool:
        return document_verify(obj)


# --- rescue operations ---------------------------------------------------------------------------------------------


@router.post("/rescues", response={201: RescueOut})
@api_requires(MANAGE)
def create_rescue(request: HttpRequest, payload: RescueIn) -> Status[RescueOperation]:
    actor = current_actor(request)
    district = district_by_code(payload.district_code, field="district_code")
    assert district is not None
    lead = Organisation.objects.filter(pk=payload.lead_agency_id, is_active=True).first()
    if lead is None:
        raise ValidationError({"lead_agency_id": "no such active organisation"})
    others = list(Organisation.objects.filter(pk__in=payload.participating_organisation_ids, is_active=True))
    found = list(found_list(actor=actor).filter(reference__in=payload.found_references))
    if len(found) != len(set(payload.found_references)):
        raise ValidationError({"found_references": "a found-child reference is unknown"})
    accused = list(selectors.accused_list(actor=actor).filter(reference__in=payload.accused_references))
    if len(accused) != len(set(payload.accused_references)):
        raise ValidationError({"accused_references": "an accused reference is unknown"})
    rescue = services.rescue_operation_record(
        actor=actor, rescued_at=payload.rescued_at, district=district, lead_agency=lead, place=payload.place,
        establishment=payload.establishment, participating_organisations=others, children_rescued=found,
        evidence_seized=payload.evidence_seized, follow_up_actions=payload.follow_up_actions,
        accused_apprehended=accused,
    )  # fmt: skip
    return Status(201, rescue)


@router.get("/rescues/{reference}", response=RescueOut)
@api_requires(VIEW)
def get_rescue(request: HttpRequest, reference: str) -> RescueOperation:
    rescue = fetch_or_404(selectors.rescue_list(actor=current_actor(request)), reference=reference)
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="prosecution.rescueoperation", object_id=rescue.pk)
    return rescue


# --- police case events --------------------------------------------------------------------------------------------


@router.get("/cases/{reference}/bail-hearings", response=list[BailOut])
@api_requires(VIEW)
def list_bail_hearings(request: HttpRequest, reference: str) -> QuerySet[BailHearing]:
    return BailHearing.objects.filter(case_accused__police_case=_case(request, reference))


@router.post("/cases/{reference}/bail-hearings", response={201: BailOut})
@api_requires(MANAGE)
def record_bail_hearing(request: HttpRequest, reference: str, payload: BailIn) -> Status[BailHearing]:
    case = _case(request, reference, manage=True)
    fields = payload.dict()
    row = fetch_or_404(case.accused.all(), pk=fields.pop("case_accused_id"))
    return Status(201, services.bail_hearing_record(actor=current_actor(request), case_accused=row, **fields))


@router.post("/cases/{reference}/closure", response=CaseOut)
@api_requires(MANAGE)
def file_closure_report(request: HttpRequest, reference: str, payload: ClosureIn) -> PoliceCase:
    case = _case(request, reference, manage=True)
    return services.closure_report_file(actor=current_actor(request), police_case=case, **payload.dict())


@router.get("/cases/{reference}/documents", response=list[DocumentOut])
@api_requires(VIEW)
def list_documents(request: HttpRequest, reference: str) -> QuerySet[CaseDocument]:
    return _case(request, reference).documents.all()


@router.post("/cases/{reference}/documents", response={201: DocumentOut})
@api_requires(MANAGE)
def upload_document(
    request: HttpRequest, reference: str, kind: DocumentKind, file: File[UploadedFile]
) -> Status[CaseDocument]:
    case = _case(request, reference, manage=True)
    if file.size is not None and file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": "larger than 20 MB"})
    return Status(201, document_upload(actor=current_actor(request), police_case=case, kind=kind, data=file.read()))


@router.get("/cases/{reference}/documents/{document_id}/content")
@api_requires(VIEW)
def download_document(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    case = _case(request, reference)
    document = fetch_or_404(case.documents.all(), pk=document_id)
    if not document_verify(document):
        raise ValidationError({"document_id": "the stored file does not match its SHA-256 digest"})
    audit_record(action=AuditAction.EXPORT, object_type="prosecution.policecase", object_id=case.pk,
                 detail={"kind": document.kind, "format": document.content_type})  # fmt: skip
    response = HttpResponse(document_read(document), content_type=document.content_type)
    response["X-Content-SHA256"] = document.sha256
    response["Cache-Control"] = "private, no-store"
    return response


# --- court case events ---------------------------------------------------------------------------------------------


@router.get("/court-cases/{reference}/witnesses", response=list[WitnessOut])
@api_requires(VIEW)
def list_witnesses(request: HttpRequest, reference: str) -> QuerySet[Witness]:
    return _court_case(request, reference).witnesses.all()


@router.post("/court-cases/{reference}/witnesses", response={201: WitnessOut})
@api_requires(MANAGE)
def record_witness(request: HttpRequest, reference: str, payload: WitnessIn) -> Status[Witness]:
    court = _court_case(request, reference, manage=True)
    return Status(201, services_court.witness_record(actor=current_actor(request), court_case=court, **payload.dict()))


@router.get("/court-cases/{reference}/judgments", response=list[JudgmentOut])
@api_requires(VIEW)
def list_judgments(request: HttpRequest, reference: str) -> QuerySet[Judgment]:
    return _court_case(request, reference).judgments.select_related("offence__act")


@router.post("/court-cases/{reference}/judgments", response={201: JudgmentOut})
@api_requires(MANAGE)
def record_judgment(request: HttpRequest, reference: str, payload: JudgmentIn) -> Status[Judgment]:
    court = _court_case(request, reference, manage=True)
    fields = payload.dict()
    row = fetch_or_404(court.police_case.accused.all(), pk=fields.pop("case_accused_id"))
    judgment = services_court.judgment_record(actor=current_actor(request), court_case=court, case_accused=row,
                                              **fields)  # fmt: skip
    return Status(201, judgment)


@router.get("/court-cases/{reference}/compensation", response=list[CompensationOut])
@api_requires(VIEW)
def list_compensation(request: HttpRequest, reference: str) -> QuerySet[CompensationOrder]:
    return _court_case(request, reference).compensation_orders.all()


@router.post("/court-cases/{reference}/compensation", response={201: CompensationOut})
@api_requires(MANAGE)
def record_compensation(request: HttpRequest, reference: str, payload: CompensationIn) -> Status[CompensationOrder]:
    court = _court_case(request, reference, manage=True)
    order = services_court.compensation_order_record(actor=current_actor(request), court_case=court,
                                                     **payload.dict())  # fmt: skip
    return Status(201, order)


@router.post("/court-cases/{reference}/compensation/{order_id}/paid", response=CompensationOut)
@api_requires(MANAGE)
def record_compensation_paid(
    request: HttpRequest, reference: str, order_id: int, payload: CompensationPaidIn
) -> CompensationOrder:
    court = _court_case(request, reference, manage=True)
    order = fetch_or_404(court.compensation_orders.all(), pk=order_id)
    return services_court.compensation_paid(actor=current_actor(request), order=order, **payload.dict())


@router.get("/court-cases/{reference}/appeals", response=list[AppealOut])
@api_requires(VIEW)
def list_appeals(request: HttpRequest, reference: str) -> QuerySet[Appeal]:
    return _court_case(request, reference).appeals.all()


@router.post("/court-cases/{reference}/appeals", response={201: AppealOut})
@api_requires(MANAGE)
def record_appeal(request: HttpRequest, reference: str, payload: AppealIn) -> Status[Appeal]:
    court = _court_case(request, reference, manage=True)
    return Status(201, services_court.appeal_record(actor=current_actor(request), court_case=court, **payload.dict()))
