"""Children's records over the API: same scoping and audit as the pages."""

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from picket.accounts.access import fetch_or_404
from picket.accounts.permissions import Permission
from picket.api.pagination import LimitOffset
from picket.api.security import api_requires, current_actor
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.geo.models import District, State
from picket.people import selectors, services
from picket.people.models import Child, Gender

router = Router(tags=["children"])


class FamilyMemberOut(Schema):
    relation: str
    name: str
    phone: str
    is_guardian: bool


class ChildSummary(Schema):
    reference: str
    gender: str
    district_code: int
    created_at: datetime.datetime

    @staticmethod
    def resolve_district_code(obj: Child) -> int:
        return obj.district.lgd_code


class ChildOut(ChildSummary):
    name: str
    other_names: list[str]
    date_of_birth: str
    age_estimate_years: int | None
    age_estimated_on: datetime.date | None
    languages: str
    identifying_marks: str
    home_district_code: int | None
    home_state_code: int | None
    home_locality: str
    family: list[FamilyMemberOut]

    @staticmethod
    def resolve_other_names(obj: Child) -> list[str]:
        return [n.name for n in obj.other_names.all()]

    @staticmethod
    def resolve_home_district_code(obj: Child) -> int | None:
        return obj.home_district.lgd_code if obj.home_district else None

    @staticmethod
    def resolve_home_state_code(obj: Child) -> int | None:
        return obj.home_state.lgd_code if obj.home_state else None

    @staticmethod
    def resolve_family(obj: Child) -> list[FamilyMemberOut]:
        return [FamilyMemberOut.from_orm(m) for m in obj.family.all()]


class ChildIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    gender: Gender = Gender.UNKNOWN
    district_code: int = Field(..., description="LGD code of the responsible district")
    date_of_birth: datetime.date | None = None
    age_estimate_years: int | None = Field(None, ge=0, le=25)
    languages: str = Field("", max_length=200)
    identifying_marks: str = Field("", max_length=2000)
    home_district_code: int | None = None
    home_state_code: int | None = Field(None, description="LGD code of the home state, when the district is not known")
    home_locality: str = Field("", max_length=200)
    father_name: str = Field("", max_length=200)
    mother_name: str = Field("", max_length=200)


def state_by_code(code: int | None, *, field: str) -> State | None:
    from django.core.exceptions import ValidationError

    if code is None:
        return None
    state = State.objects.filter(lgd_code=code).first()
    if state is None:
        raise ValidationError({field: f"unknown state code {code}"})
    return state


def district_by_code(code: int | None, *, field: str) -> District | None:
    from django.core.exceptions import ValidationError

    if code is None:
        return None
    district = District.objects.filter(lgd_code=code, is_active=True).first()
    if district is None:
        raise ValidationError({field: f"unknown or retired district code {code}"})
    return district


class ChildSearchIn(Schema):
    q: str = Field("", max_length=200, description="a reference, or a name in any script and spelling")
    district_code: int | None = None


def _child_search(request: HttpRequest, q: str, district_code: int | None) -> QuerySet[Child]:
    actor = current_actor(request)
    district = district_by_code(district_code, field="district_code") if district_code else None
    children = selectors.child_search(actor=actor, query=q.strip()[:200], district_id=district.pk if district else None)
    if q or district_code:
        filters = [name for name, value in (("q", q), ("district", district_code)) if value]
        audit_record(action=AuditAction.SEARCH, object_type="people.child", detail={"filters": filters})
    return children


@router.get("/children", response=list[ChildSummary])
@paginate(LimitOffset)
@api_requires(Permission.IDENTITY_VIEW)
def list_children(request: HttpRequest, district_code: int | None = None) -> QuerySet[Child]:
    return _child_search(request, "", district_code)


# A name is personal data: it travels in the body of a POST, never in a URL (server logs keep URLs).
@router.post("/children/search", response=list[ChildSummary])
@paginate(LimitOffset)
@api_requires(Permission.IDENTITY_VIEW)
def search_children(request: HttpRequest, payload: ChildSearchIn) -> QuerySet[Child]:
    return _child_search(request, payload.q, payload.district_code)


@router.get("/children/{reference}", response=ChildOut)
@api_requires(Permission.IDENTITY_VIEW)
def get_child(request: HttpRequest, reference: str) -> Child:
    child = fetch_or_404(selectors.child_list(actor=current_actor(request)), reference=reference)
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="people.child", object_id=child.pk)
    return child


@router.post("/children", response={201: ChildOut})
@api_requires(Permission.CHILD_MANAGE)
def create_child(request: HttpRequest, payload: ChildIn) -> Status[Child]:
    actor = current_actor(request)
    child = services.child_register_with_family(
        actor=actor,
        name=payload.name,
        gender=payload.gender,
        district=district_by_code(payload.district_code, field="district_code"),
        date_of_birth=payload.date_of_birth,
        age_estimate_years=payload.age_estimate_years,
        languages=payload.languages,
        identifying_marks=payload.identifying_marks,
        home_district=district_by_code(payload.home_district_code, field="home_district_code"),
        home_state=state_by_code(payload.home_state_code, field="home_state_code"),
        home_locality=payload.home_locality,
        father_name=payload.father_name,
        mother_name=payload.mother_name,
    )
    return Status(201, child)
