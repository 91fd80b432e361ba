"""Tips, missing-child reports and found children over the API, scoped and audited like the pages."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from picket.accounts.access import fetch_or_404
from picket.accounts.models import Organisation, User
from picket.accounts.permissions import Permission
from picket.api.pagination import LimitOffset
from picket.api.security import api_requires, current_actor
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.intake import selectors, services
from picket.intake.models import (
    CaseStatus,
    FoundChild,
    FoundHow,
    MissingReport,
    ReportKind,
    Tip,
    TipSource,
    TipStatus,
    Urgency,
)
from picket.people.api import ChildIn, district_by_code, state_by_code
from picket.people.models import Relation
from picket.people.services import child_register_with_family

router = Router()


class TipOut(Schema):
    reference: str
    source: TipSource
    district_code: int
    place: str
    establishment: str
    what_seen: str
    occurred_on: datetime.date | None
    children_involved: int | None
    status: TipStatus
    urgency: Urgency
    assignee_id: int | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_district_code(obj: Tip) -> int:
        return obj.district.lgd_code


class TipIn(Schema):
    source: TipSource
    district_code: int
    what_seen: str = Field(..., min_length=1, max_length=5000)
    place: str = Field("", max_length=500)
    establishment: str = Field("", max_length=500)
    occurred_on: datetime.date | None = None
    children_involved: int | None = Field(None, ge=1, le=500)
    contact: str = Field("", max_length=200)
    caller_reference: str = Field("", max_length=40)
    urgency: Urgency = Urgency.NORMAL


class TriageIn(Schema):
    status: TipStatus
    urgency: Urgency
    assignee_id: int | None = None
    note: str = Field("", max_length=5000)


class MissingOut(Schema):
    reference: str
    child_reference: str
    reporter_relation: str
    police_report_kind: str
    police_report_date: datetime.date | None
    last_seen_on: datetime.date
    district_code: int
    status: CaseStatus
    created_at: datetime.datetime

    @staticmethod
    def resolve_child_reference(obj: MissingReport) -> str:
        return obj.child.reference

    @staticmethod
    def resolve_district_code(obj: MissingReport) -> int:
        return obj.district.lgd_code


class MissingIn(Schema):
    child: ChildIn
    reporter_name: str = Field(..., min_length=1, max_length=200)
    reporter_relation: Relation
    reporter_phone: str = Field("", max_length=20)
    police_station_id: int | None = None
    police_station_name: str = Field("", max_length=200)
    police_report_kind: ReportKind = ReportKind.NONE
    police_report_number: str = Field("", max_length=40)
    police_report_date: datetime.date | None = None
    last_seen_on: datetime.date
    last_seen_place: str = Field("", max_length=500)
    district_code: int
    circumstances: str = Field("", max_length=5000)


class FoundOut(Schema):
    reference: str
    child_reference: str
    found_at: datetime.datetime
    district_code: int
    how: FoundHow
    produced_before_cwc_at: datetime.datetime | None
    cwc_due_at: datetime.datetime
    cwc_status: str
    status: CaseStatus

    @staticmethod
    def resolve_child_reference(obj: FoundChild) -> str:
        return obj.child.reference

    @staticmethod
    def resolve_district_code(obj: FoundChild) -> int:
        return obj.district.lgd_code

    @staticmethod
    def resolve_cwc_status(obj: FoundChild) -> str:
        return selectors.cwc_clock(obj).status


class FoundIn(Schema):
    child: ChildIn
    found_at: datetime.datetime
    found_place: str = Field("", max_length=500)
    district_code: int
    how: FoundHow
    agency_id: int | None = None
    cwc_id: int | None = None
    journey_hours: int = Field(0, ge=0, le=72)
    produced_before_cwc_at: datetime.datetime | None = None


def _organisation(organisation_id: int | None, *, field: str) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = Organisation.objects.filter(pk=organisation_id, is_active=True).first()
    if organisation is None:
        raise ValidationError({field: f"no active organisation {organisation_id}"})
    return organisation


def _child_fields(payload: ChildIn) -> dict[str, Any]:
    return {
        "name": payload.name,
        "gender": payload.gender,
        "district": district_by_code(payload.district_code, field="child.district_code"),
        "date_of_birth": payload.date_of_birth,
        "age_estimate_years": payload.age_estimate_years,
        "languages": payload.languages,
        "identifying_marks": payload.identifying_marks,
        "home_district": district_by_code(payload.home_district_code, field="child.home_district_code"),
        "home_state": state_by_code(payload.home_state_code, field="child.home_state_code"),
        "home_locality": payload.home_locality,
        "father_name": payload.father_name,
        "mother_name": payload.mother_name,
    }


@router.get("/tips", response=list[TipOut], tags=["tips"])
@paginate(LimitOffset)
@api_requires(Permission.IDENTITY_VIEW)
def list_tips(request: HttpRequest, status: TipStatus | None = None, urgency: Urgency | None = None) -> QuerySet[Tip]:
    tips = selectors.tip_list(actor=current_actor(request)).select_related("district")
    if status:
        tips = tips.filter(status=status)
    if urgency:
        tips = tips.filter(urgency=urgency)
    return tips


@router.get("/tips/{reference}", response=TipOut, tags=["tips"])
@api_requires(Permission.IDENTITY_VIEW)
def get_tip(request: HttpRequest, reference: str) -> Tip:
    tip = fetch_or_404(selectors.tip_list(actor=current_actor(request)), reference=reference)
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="intake.tip", object_id=tip.pk)
    return tip


@router.post("/tips", response={201: TipOut}, tags=["tips"])
@api_requires(Permission.CHILD_MANAGE)
def create_tip(request: HttpRequest, payload: TipIn) -> Status[Tip]:
    fields = payload.dict()
    district = district_by_code(fields.pop("district_code"), field="district_code")
    tip = services.tip_record(actor=current_actor(request), district=district, **fields)  # type: ignore[arg-type]
    return Status(201, tip)


@router.post("/tips/{reference}/triage", response=TipOut, tags=["tips"])
@api_requires(Permission.CHILD_MANAGE)
def triage_tip(request: HttpRequest, reference: str, payload: TriageIn) -> Tip:
    actor = current_actor(request)
    tip = fetch_or_404(selectors.tip_manageable(actor=actor), reference=reference)
    assignee = None
    if payload.assignee_id is not None:
        assignee = User.objects.filter(pk=payload.assignee_id).first()
        if assignee is None:
            raise ValidationError({"assignee_id": "no such user"})
    return services.tip_triage(
        actor=actor, tip=tip, status=payload.status, urgency=payload.urgency, assignee=assignee, note=payload.note
    )


@router.get("/missing", response=list[MissingOut], tags=["missing"])
@paginate(LimitOffset)
@api_requires(Permission.IDENTITY_VIEW)
def list_missing(request: HttpRequest, status: CaseStatus | None = None) -> QuerySet[MissingReport]:
    reports = selectors.missing_list(actor=current_actor(request))
    return reports.filter(status=status) if status else reports


@router.get("/missing/{reference}", response=MissingOut, tags=["missing"])
@api_requires(Permission.IDENTITY_VIEW)
def get_missing(request: HttpRequest, reference: str) -> MissingReport:
    report = fetch_or_404(selectors.missing_list(actor=current_actor(request)), reference=reference)
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="intake.missingreport", object_id=report.pk)
    return report


@router.post("/missing", response={201: MissingOut}, tags=["missing"])
@api_requires(Permission.CHILD_MANAGE)
def create_missing(request: HttpRequest, payload: MissingIn) -> Status[MissingReport]:
    actor = current_actor(request)
    with transaction.atomic():
        child = child_register_with_family(actor=actor, **_child_fields(payload.child))
        report = services.missing_report_create(
            actor=actor,
            child=child,
            reporter_name=payload.reporter_name,
            reporter_relation=payload.reporter_relation,
            reporter_phone=payload.reporter_phone,
            police_station=_organisation(payload.police_station_id, field="police_station_id"),
            police_station_name=payload.police_station_name,
            police_report_kind=payload.police_report_kind,
            police_report_number=payload.police_report_number,
            police_report_date=payload.police_report_date,
            last_seen_on=payload.last_seen_on,
            last_seen_place=payload.last_seen_place,
            district=district_by_code(payload.district_code, field="district_code"),  # type: ignore[arg-type]
            circumstances=payload.circumstances,
        )
    return Status(201, report)


@router.get("/found", response=list[FoundOut], tags=["found"])
@paginate(LimitOffset)
@api_requires(Permission.IDENTITY_VIEW)
def list_found(request: HttpRequest, status: CaseStatus | None = None) -> QuerySet[FoundChild]:
    records = selectors.found_list(actor=current_actor(request))
    return records.filter(status=status) if status else records


@router.get("/found/{reference}", response=FoundOut, tags=["found"])
@api_requires(Permission.IDENTITY_VIEW)
def get_found(request: HttpRequest, reference: str) -> FoundChild:
    found = fetch_or_404(selectors.found_list(actor=current_actor(request)), reference=reference)
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="intake.foundchild", object_id=found.pk)
    return found


@router.post("/found", response={201: FoundOut}, tags=["found"])
@api_requires(Permission.CHILD_MANAGE)
def create_found(request: HttpRequest, payload: FoundIn) -> Status[FoundChild]:
    actor = current_actor(request)
    with transaction.atomic():
        child = child_register_with_family(actor=actor, **_child_fields(payload.child))
        found = services.found_child_register(
            actor=actor,
            child=child,
            found_at=payload.found_at,
            found_place=payload.found_place,
            district=district_by_code(payload.district_code, field="district_code"),  # type: ignore[arg-type]
            how=payload.how,
            agency=_organisation(payload.agency_id, field="agency_id"),
            cwc=_organisation(payload.cwc_id, field="cwc_id"),
            journey_hours=payload.journey_hours,
            produced_before_cwc_at=payload.produced_before_cwc_at,
        )
    return Status(201, found)
