import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from picket.accounts import services
from picket.accounts.access import actor_for
from picket.accounts.models import Organisation, User
from picket.accounts.roles import JurisdictionKind, OrganisationKind, Role
from picket.testing.factories import UserFactory
from picket.testing.rolematrix import snapshot

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "correct horse battery staple 42"


def _create_user(actor, world, **overrides):
    arguments = {
        "username": "newcomer",
        "full_name": "New Comer",
        "email": "",
        "password": GOOD_PASSWORD,
        "role": Role.FIELD_WORKER,
        "organisation": world.organisation_a,
        "jurisdiction_kind": JurisdictionKind.DISTRICTS,
        "jurisdiction_districts": [world.district_a],
    } | overrides
    return services.user_create(actor=actor, **arguments)


def test_a_district_coordinator_creates_a_field_worker_in_their_district(world):
    actor = actor_for(world.user(Role.DISTRICT_COORDINATOR, inside=True))
    created = _create_user(actor, world)
    assert created.check_password(GOOD_PASSWORD)
    assert list(created.jurisdiction_districts.all()) == [world.district_a]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"role": Role.ADMINISTRATOR}, "role"),
        ({"role": Role.STATE_PROGRAMME_MANAGER}, "role"),
        ({"jurisdiction_districts": "B"}, "jurisdiction_districts"),
        ({"jurisdiction_kind": JurisdictionKind.NATIONAL, "jurisdiction_districts": []}, "jurisdiction_kind"),
        ({"jurisdiction_kind": JurisdictionKind.STATE, "jurisdiction_state": "A"}, "jurisdiction_state"),
        ({"organisation": "B"}, "organisation"),
        ({"password": "short"}, "password"),
        ({"username": "  "}, "username"),
    ],
)
def test_a_district_coordinator_cannot_grant_beyond_their_own_powers(world, overrides, field):
    replacements = {"B": None, "A": world.state_a}
    resolved = {}
    for key, value in overrides.items():
        if value == "B":
            value = [world.district_b] if key == "jurisdiction_districts" else world.organisation_b
        elif value == "A":
            value = replacements["A"]
        resolved[key] = value
    actor = actor_for(world.user(Role.DISTRICT_COORDINATOR, inside=True))
    before = User.objects.count()
    with pytest.raises(ValidationError) as raised:
        _create_user(actor, world, **resolved)
    assert field in raised.value.message_dict
    assert User.objects.count() == before


def test_a_state_manager_may_give_a_state_jurisdiction_in_their_state(world):
    actor = actor_for(world.user(Role.STATE_PROGRAMME_MANAGER, inside=True))
    created = _create_user(
        actor,
        world,
        jurisdiction_kind=JurisdictionKind.STATE,
        jurisdiction_state=world.state_a,
        jurisdiction_districts=[],
    )
    assert created.jurisdiction_state == world.state_a


def test_nobody_changes_their_own_role(world):
    coordinator = world.user(Role.DISTRICT_COORDINATOR, inside=True)
    actor = actor_for(coordinator)
    before = snapshot(User.objects.filter(pk=coordinator.pk))
    with pytest.raises(ValidationError):
        services.user_update(
            actor=actor,
            user=coordinator,
            full_name="x",
            email="",
            role=Role.FIELD_WORKER,
            organisation=world.organisation_a,
            jurisdiction_kind=JurisdictionKind.DISTRICTS,
            jurisdiction_districts=[world.district_a],
        )
    assert snapshot(User.objects.filter(pk=coordinator.pk)) == before


def test_a_user_spanning_two_districts_is_not_managed_by_one_districts_coordinator(world):
    spanning = UserFactory.create(
        role=Role.FIELD_WORKER, organisation=world.organisation_a, districts=[world.district_a, world.district_b]
    )
    actor = actor_for(world.user(Role.DISTRICT_COORDINATOR, inside=True))
    with pytest.raises(PermissionDenied):
        services.user_set_password(actor=actor, user=spanning, password=GOOD_PASSWORD)
    spanning.refresh_from_db()
    assert not spanning.check_password(GOOD_PASSWORD)


def test_an_organisation_serving_a_district_outside_is_not_editable(world):
    shared = Organisation.objects.create(name="Shared", kind=OrganisationKind.CWC)
    shared.districts.set([world.district_a, world.district_b])
    actor = actor_for(world.user(Role.DISTRICT_COORDINATOR, inside=True))
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=actor,
            organisation=shared,
            name="Renamed",
            kind=OrganisationKind.CWC,
            districts=[world.district_a],
            is_active=True,
        )
    shared.refresh_from_db()
    assert shared.name == "Shared"


def test_organisation_needs_a_name_and_a_district(world):
    actor = actor_for(world.user(Role.DISTRICT_COORDINATOR, inside=True))
    with pytest.raises(ValidationError) as raised:
        services.organisation_create(actor=actor, name=" ", kind=OrganisationKind.CWC, districts=[world.district_a])
    assert "name" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.organisation_create(actor=actor, name="CWC", kind=OrganisationKind.CWC, districts=[])
    assert "districts" in raised.value.message_dict
    assert not Organisation.objects.filter(kind=OrganisationKind.CWC).exists()
