import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from picket.accounts.access import actor_for
from picket.accounts.models import User
from picket.accounts.roles import Role
from picket.accounts.selectors import organisation_list
from picket.geo.models import District, SuccessionKind
from picket.geo.selectors import district_current_successors
from picket.geo.services import SuccessionError, district_succession_record
from picket.testing.auth import login_verified
from picket.testing.factories import DistrictFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_records_of_a_split_district_stay_visible_to_the_teams_of_its_successors(world):
    old = DistrictFactory.create(state=world.state_a, name="Old District")
    organisation = OrganisationFactory.create(districts=[old])
    north = DistrictFactory.create(state=world.state_a, name="North")
    south = DistrictFactory.create(state=world.state_a, name="South")
    north_user = UserFactory.create(role=Role.CASE_WORKER, districts=[north])
    assert organisation not in organisation_list(actor=actor_for(north_user))

    district_succession_record(predecessor=old, successors=[north, south], kind=SuccessionKind.SPLIT)

    fresh = User.objects.get(pk=north_user.pk)  # as on the next request; actors are cached per user object
    assert organisation in organisation_list(actor=actor_for(fresh))
    old.refresh_from_db()
    assert old.is_active is False
    assert district_current_successors(old) == [north, south]
    outsider = UserFactory.create(role=Role.CASE_WORKER, districts=[world.district_b])
    assert organisation not in organisation_list(actor=actor_for(outsider))


def test_succession_chains_are_followed(world):
    first, second, third = (DistrictFactory.create(state=world.state_a) for _ in range(3))
    district_succession_record(predecessor=first, successors=[second], kind=SuccessionKind.RENAME)
    district_succession_record(predecessor=second, successors=[third], kind=SuccessionKind.RENAME)
    organisation = OrganisationFactory.create(districts=[first])
    user = UserFactory.create(role=Role.FIELD_WORKER, districts=[third])
    assert organisation in organisation_list(actor=actor_for(user))
    assert district_current_successors(first) == [third]


@pytest.mark.parametrize(
    ("kind", "count", "message"),
    [(SuccessionKind.RENAME, 2, "exactly one"), (SuccessionKind.SPLIT, 1, "at least two")],
)
def test_inconsistent_successions_are_refused(world, kind, count, message):
    successors = [DistrictFactory.create(state=world.state_a) for _ in range(count)]
    with pytest.raises(SuccessionError, match=message):
        district_succession_record(predecessor=world.district_a2, successors=successors, kind=kind)
    assert District.objects.get(pk=world.district_a2.pk).is_active


def test_succession_command_names_unknown_codes(world):
    with pytest.raises(CommandError, match="unknown district LGD code"):
        call_command("geo", "succession", str(world.district_a.lgd_code), "123456", "--kind", "rename")


def test_retired_district_page_shows_where_it_went(world):
    new = DistrictFactory.create(state=world.state_a, name="Newly Named")
    district_succession_record(predecessor=world.district_a2, successors=[new], kind=SuccessionKind.RENAME)
    client = Client()
    login_verified(client, world.user(Role.FIELD_WORKER, inside=True))
    page = client.get(f"/geography/districts/{world.district_a2.lgd_code}/").content.decode()
    assert "Newly Named" in page and "retired" in page
