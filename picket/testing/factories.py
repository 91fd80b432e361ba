"""factory_boy factories for tests. Names are generated and fictional."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from picket.accounts.models import Organisation, User
from picket.accounts.roles import JurisdictionKind, OrganisationKind, Role
from picket.geo.models import District, State

TEST_PASSWORD = "a-long-test-password-1"


class StateFactory(DjangoModelFactory[State]):
    class Meta:
        model = State

    lgd_code = factory.Sequence(lambda n: 900 + n)
    name = factory.Sequence(lambda n: f"Test State {n}")


class DistrictFactory(DjangoModelFactory[District]):
    class Meta:
        model = District

    lgd_code = factory.Sequence(lambda n: 9000 + n)
    state = factory.SubFactory(StateFactory)
    name = factory.Sequence(lambda n: f"Test District {n}")


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    kind = OrganisationKind.NGO_OFFICE

    @factory.post_generation
    def districts(obj: Organisation, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.districts.set(extracted)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    role = Role.FIELD_WORKER
    jurisdiction_kind = JurisdictionKind.DISTRICTS
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def districts(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.jurisdiction_districts.set(extracted)


def child_for(world_user: User, **fields: Any) -> Any:
    """Register a child through the real service, as ``world_user`` (who needs CHILD_MANAGE)."""
    from picket.accounts.access import actor_for
    from picket.people.services import child_register

    district = fields.pop("district", None) or world_user.jurisdiction_districts.get()
    defaults: dict[str, Any] = {"name": "Pooja Kumari", "gender": "F", "age_estimate_years": 13}
    return child_register(actor=actor_for(world_user), district=district, **(defaults | fields))
