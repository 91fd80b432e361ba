"""Endpoints for the signed-in user, organisations, users and API tokens."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from picket.accounts import selectors, services
from picket.accounts.access import Actor, fetch_or_404
from picket.accounts.models import ApiToken, Organisation, User
from picket.accounts.permissions import Permission
from picket.accounts.roles import JurisdictionKind, OrganisationKind, Role
from picket.api.pagination import LimitOffset
from picket.api.security import api_requires, current_actor
from picket.geo.models import District, State

router = Router()


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind
    district_codes: list[int]
    is_active: bool

    @staticmethod
    def resolve_district_codes(obj: Organisation) -> list[int]:
        return sorted(d.lgd_code for d in obj.districts.all())


class OrganisationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: OrganisationKind
    district_codes: list[int] = Field(..., min_length=1, description="LGD codes of the districts served")


class OrganisationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: OrganisationKind | None = None
    district_codes: list[int] | None = Field(None, min_length=1)
    is_active: bool | None = None


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    role: Role
    organisation_id: int | None
    jurisdiction_kind: JurisdictionKind
    jurisdiction_state_code: int | None
    jurisdiction_district_codes: list[int]
    is_active: bool

    @staticmethod
    def resolve_jurisdiction_state_code(obj: User) -> int | None:
        return obj.jurisdiction_state.lgd_code if obj.jurisdiction_state else None

    @staticmethod
    def resolve_jurisdiction_district_codes(obj: User) -> list[int]:
        return sorted(d.lgd_code for d in obj.jurisdiction_districts.all())


class UserIn(Schema):
    username: str = Field(..., min_length=1, max_length=150)
    full_name: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    password: str = Field(..., min_length=1, max_length=128)
    role: Role
    organisation_id: int
    jurisdiction_kind: JurisdictionKind
    jurisdiction_state_code: int | None = None
    jurisdiction_district_codes: list[int] = []


class UserPatch(Schema):
    full_name: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    role: Role | None = None
    organisation_id: int | None = None
    jurisdiction_kind: JurisdictionKind | None = None
    jurisdiction_state_code: int | None = None
    jurisdiction_district_codes: list[int] | None = None
    is_active: bool | None = None


class MeOut(Schema):
    user: UserOut
    permissions: list[str]
    national: bool


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    expires_at: datetime.datetime
    revoked_at: datetime.datetime | None
    last_used_at: datetime.datetime | None


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    days: int = Field(90, ge=1, le=365)


class TokenCreated(TokenOut):
    token: str = Field(..., description="shown only in this response; store it safely")


def _districts(codes: list[int], *, field: str) -> list[District]:
    districts = list(District.objects.filter(lgd_code__in=codes, is_active=True))
    unknown = sorted(set(codes) - {d.lgd_code for d in districts})
    if unknown:
        raise ValidationError({field: f"unknown or retired district code(s): {', '.join(map(str, unknown))}"})
    return districts


def _state(code: int | None) -> State | None:
    if code is None:
        return None
    state = State.objects.filter(lgd_code=code).first()
    if state is None:
        raise ValidationError({"jurisdiction_state_code": f"unknown state code {code}"})
    return state


def _organisation(actor: Actor, organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = selectors.organisation_choices(actor=actor).filter(pk=organisation_id).first()
    if organisation is None:
        raise ValidationError({"organisation_id": "no such active organisation in your jurisdiction"})
    return organisation


@router.get("/me", response=MeOut, tags=["me"])
@api_requires(Permission.HOME_VIEW)
def me(request: HttpRequest) -> dict[str, Any]:
    actor = current_actor(request)
    return {"user": actor.user, "permissions": sorted(actor.permissions), "national": actor.is_national}


@router.get("/organisations", response=list[OrganisationOut], tags=["organisations"])
@paginate(LimitOffset)
@api_requires(Permission.ORGANISATION_VIEW)
def list_organisations(
    request: HttpRequest, q: str = "", kind: OrganisationKind | None = None
) -> QuerySet[Organisation]:
    return selectors.organisation_list(actor=current_actor(request), query=q.strip(), kind=kind or "")


@router.get("/organisations/{organisation_id}", response=OrganisationOut, tags=["organisations"])
@api_requires(Permission.ORGANISATION_VIEW)
def get_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    return fetch_or_404(selectors.organisation_list(actor=current_actor(request)), pk=organisation_id)


@router.post("/organisations", response={201: OrganisationOut}, tags=["organisations"])
@api_requires(Permission.ORGANISATION_MANAGE)
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Status[Organisation]:
    organisation = services.organisation_create(
        actor=current_actor(request),
        name=payload.name,
        kind=payload.kind,
        districts=_districts(payload.district_codes, field="district_codes"),
    )
    return Status(201, organisation)


@router.patch("/organisations/{organisation_id}", response=OrganisationOut, tags=["organisations"])
@api_requires(Permission.ORGANISATION_MANAGE)
def update_organisation(request: HttpRequest, organisation_id: int, payload: OrganisationPatch) -> Organisation:
    actor = current_actor(request)
    organisation = fetch_or_404(selectors.organisation_manageable(actor=actor), pk=organisation_id)
    districts = (
        _districts(payload.district_codes, field="district_codes")
        if payload.district_codes is not None
        else list(organisation.districts.all())
    )
    return services.organisation_update(
        actor=actor,
        organisation=organisation,
        name=payload.name if payload.name is not None else organisation.name,
        kind=payload.kind if payload.kind is not None else organisation.kind,
        districts=districts,
        is_active=payload.is_active if payload.is_active is not None else organisation.is_active,
    )


@router.get("/users", response=list[UserOut], tags=["users"])
@paginate(LimitOffset)
@api_requires(Permission.USER_VIEW)
def list_users(request: HttpRequest, q: str = "", role: Role | None = None) -> QuerySet[User]:
    return selectors.user_list(actor=current_actor(request), query=q.strip(), role=role or "")


@router.get("/users/{user_id}", response=UserOut, tags=["users"])
@api_requires(Permission.USER_VIEW)
def get_user(request: HttpRequest, user_id: int) -> User:
    return fetch_or_404(selectors.user_list(actor=current_actor(request)), pk=user_id)


@router.post("/users", response={201: UserOut}, tags=["users"])
@api_requires(Permission.USER_MANAGE)
def create_user(request: HttpRequest, payload: UserIn) -> Status[User]:
    actor = current_actor(request)
    user = services.user_create(
        actor=actor,
        username=payload.username,
        full_name=payload.full_name,
        email=payload.email,
        password=payload.password,
        role=payload.role,
        organisation=_organisation(actor, payload.organisation_id),
        jurisdiction_kind=payload.jurisdiction_kind,
        jurisdiction_state=_state(payload.jurisdiction_state_code),
        jurisdiction_districts=_districts(payload.jurisdiction_district_codes, field="jurisdiction_district_codes")
        if payload.jurisdiction_district_codes
        else [],
    )
    return Status(201, user)


@router.patch("/users/{user_id}", response=UserOut, tags=["users"])
@api_requires(Permission.USER_MANAGE)
def update_user(request: HttpRequest, user_id: int, payload: UserPatch) -> User:
    actor = current_actor(request)
    user = fetch_or_404(selectors.user_manageable(actor=actor), pk=user_id)
    state = _state(payload.jurisdiction_state_code) if payload.jurisdiction_state_code else user.jurisdiction_state
    districts = (
        _districts(payload.jurisdiction_district_codes, field="jurisdiction_district_codes")
        if payload.jurisdiction_district_codes is not None
        else list(user.jurisdiction_districts.all())
    )
    organisation = (
        _organisation(actor, payload.organisation_id) if payload.organisation_id is not None else user.organisation
    )
    return services.user_update(
        actor=actor,
        user=user,
        full_name=payload.full_name if payload.full_name is not None else user.full_name,
        email=payload.email if payload.email is not None else user.email,
        role=payload.role or user.role,
        organisation=organisation,
        jurisdiction_kind=payload.jurisdiction_kind or user.jurisdiction_kind,
        jurisdiction_state=state,
        jurisdiction_districts=districts,
        is_active=payload.is_active if payload.is_active is not None else user.is_active,
    )


@router.get("/tokens", response=list[TokenOut], tags=["tokens"])
@api_requires(Permission.API_TOKEN_MANAGE_OWN)
def list_tokens(request: HttpRequest) -> QuerySet[ApiToken]:
    return selectors.api_token_list(actor=current_actor(request))


@router.post("/tokens", response={201: TokenCreated}, tags=["tokens"])
@api_requires(Permission.API_TOKEN_MANAGE_OWN)
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    row, token = services.api_token_create(actor=current_actor(request), name=payload.name, days=payload.days)
    body = TokenOut.from_orm(row).dict()
    return Status(201, {**body, "token": token})


@router.delete("/tokens/{token_id}", response={204: None}, tags=["tokens"])
@api_requires(Permission.API_TOKEN_MANAGE_OWN)
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    actor = current_actor(request)
    token = fetch_or_404(selectors.api_token_list(actor=actor), pk=token_id)
    services.api_token_revoke(actor=actor, token=token)
    return Status(204, None)
