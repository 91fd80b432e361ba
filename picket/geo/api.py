"""Geography endpoints: public reference data for every signed-in actor."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from picket.accounts.access import fetch_or_404
from picket.accounts.permissions import Permission
from picket.api.pagination import LimitOffset
from picket.api.security import api_requires
from picket.geo import selectors
from picket.geo.models import District, State

router = Router(tags=["geography"])


class StateOut(Schema):
    lgd_code: int
    name: str
    census_2011_code: str
    is_union_territory: bool


class DistrictOut(Schema):
    lgd_code: int
    name: str
    state_code: int
    census_2011_code: str
    is_active: bool

    @staticmethod
    def resolve_state_code(obj: District) -> int:
        return obj.state.lgd_code


@router.get("/states", response=list[StateOut])
@paginate(LimitOffset)
@api_requires(Permission.GEOGRAPHY_VIEW)
def list_states(request: HttpRequest) -> QuerySet[State]:
    return selectors.state_list()


@router.get("/districts", response=list[DistrictOut])
@paginate(LimitOffset)
@api_requires(Permission.GEOGRAPHY_VIEW)
def list_districts(request: HttpRequest, state_code: int | None = None, q: str = "") -> QuerySet[District]:
    state = fetch_or_404(selectors.state_list(), lgd_code=state_code) if state_code is not None else None
    return selectors.district_list(state=state, query=q.strip())


@router.get("/districts/{lgd_code}", response=DistrictOut)
@api_requires(Permission.GEOGRAPHY_VIEW)
def get_district(request: HttpRequest, lgd_code: int) -> District:
    return fetch_or_404(selectors.district_list(include_inactive=True), lgd_code=lgd_code)
