"""The role matrix: every role, placed inside or outside the jurisdiction of the record under test.

Usage, in a test module::

    @pytest.mark.parametrize("seat", SEATS, ids=seat_id)
    def test_edit_organisation(world, seat):
        target = world.organisation_in_a()
        client = world.client_for(seat)
        before = snapshot(Organisation.objects.filter(pk=target.pk))
        response = client.post(...)
        assert_access(response, allowed=seat.inside and seat.role in {...},
                      unchanged=lambda: snapshot(...) == before)

Records under test live in district A (state A). An *inside* seat's jurisdiction covers district A (a state
programme manager gets state A); an *outside* seat's covers district B in another state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.test import Client

from picket.accounts.models import Organisation, User
from picket.accounts.roles import JurisdictionKind, OrganisationKind, Role
from picket.geo.models import District, State
from picket.testing.auth import login_verified
from picket.testing.factories import DistrictFactory, OrganisationFactory, StateFactory, UserFactory


@dataclass(frozen=True)
class Seat:
    role: Role
    inside: bool


SEATS = [Seat(role, inside) for role in Role for inside in (True, False)]


def seat_id(seat: Seat) -> str:
    return f"{seat.role.value}-{'inside' if seat.inside else 'outside'}"


class World:
    """Two states, each with two districts; A and B are in different states."""

    def __init__(self) -> None:
        self.state_a: State = StateFactory.create(name="State A")
        self.state_b: State = StateFactory.create(name="State B")
        self.district_a: District = DistrictFactory.create(state=self.state_a, name="District A")
        self.district_a2: District = DistrictFactory.create(state=self.state_a, name="District A2")
        self.district_b: District = DistrictFactory.create(state=self.state_b, name="District B")
        self.district_b2: District = DistrictFactory.create(state=self.state_b, name="District B2")
        self.organisation_a: Organisation = OrganisationFactory.create(name="NGO A", districts=[self.district_a])
        self.organisation_b: Organisation = OrganisationFactory.create(name="NGO B", districts=[self.district_b])

    def user(self, role: Role, *, inside: bool, **fields: Any) -> User:
        district = self.district_a if inside else self.district_b
        organisation = fields.pop("organisation", None) or (self.organisation_a if inside else self.organisation_b)
        if role == Role.STATE_PROGRAMME_MANAGER:
            return UserFactory.create(
                role=role,
                organisation=organisation,
                jurisdiction_kind=JurisdictionKind.STATE,
                jurisdiction_state=district.state,
                **fields,
            )
        return UserFactory.create(role=role, organisation=organisation, districts=[district], **fields)

    def client_for(self, seat: Seat) -> Client:
        return login_verified(Client(), self.user(seat.role, inside=seat.inside))

    def new_organisation_in_a(self) -> Organisation:
        return OrganisationFactory.create(kind=OrganisationKind.CWC, districts=[self.district_a])


def snapshot(*querysets: QuerySet[Any] | Iterable[Model]) -> list[Any]:
    """A comparable picture of rows (all concrete fields and many-to-many ids), to prove nothing changed."""
    picture: list[Any] = []
    for queryset in querysets:
        for row in queryset:
            fields = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
            many = {f.name: sorted(getattr(row, f.name).values_list("pk", flat=True)) for f in row._meta.many_to_many}
            picture.append((type(row).__name__, row.pk, fields, many))
    return picture


def assert_access(response: Any, *, allowed: bool, unchanged: Callable[[], bool] | None = None) -> None:
    """Allowed: a success or redirect. Denied: 403 or 404 (never a 500) and, for writes, nothing changed."""
    status = response.status_code
    if allowed:
        assert status < 400, f"expected access, got {status}"
        return
    assert status in (401, 403, 404), f"expected denial, got {status}"
    if unchanged is not None:
        assert unchanged(), "a denied request changed data"
