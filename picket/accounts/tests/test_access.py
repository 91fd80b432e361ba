import pytest
from django.http import Http404

from picket.accounts.access import NOBODY, actor_for, fetch_or_404
from picket.accounts.models import Organisation
from picket.accounts.permissions import Permission
from picket.accounts.roles import JurisdictionKind, Role
from picket.accounts.selectors import organisation_list
from picket.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_district_user_covers_exactly_their_districts(world):
    actor = actor_for(world.user(Role.CASE_WORKER, inside=True))
    assert actor.district_ids == {world.district_a.pk}


def test_a_state_user_covers_every_district_of_the_state_and_no_other(world):
    actor = actor_for(world.user(Role.STATE_PROGRAMME_MANAGER, inside=True))
    assert actor.district_ids == {world.district_a.pk, world.district_a2.pk}


def test_a_national_user_covers_everything(world):
    actor = actor_for(UserFactory.create(role=Role.ADMINISTRATOR, jurisdiction_kind=JurisdictionKind.NATIONAL))
    assert actor.is_national
    assert set(organisation_list(actor=actor)) == {world.organisation_a, world.organisation_b}


def test_inactive_and_anonymous_users_are_nobody(world):
    user = world.user(Role.DISTRICT_COORDINATOR, inside=True, is_active=False)
    assert actor_for(user) is NOBODY
    assert actor_for(None) is NOBODY
    assert not NOBODY.can(Permission.HOME_VIEW)


def test_an_organisation_serving_two_districts_is_seen_from_both_but_listed_once(world):
    shared = OrganisationFactory.create(districts=[world.district_a, world.district_a2])
    actor = actor_for(world.user(Role.STATE_PROGRAMME_MANAGER, inside=True))
    listed = list(organisation_list(actor=actor))
    assert listed.count(shared) == 1


def test_missing_and_forbidden_records_raise_the_same_not_found(world):
    actor = actor_for(world.user(Role.CASE_WORKER, inside=True))
    visible = organisation_list(actor=actor)
    assert fetch_or_404(visible, pk=world.organisation_a.pk) == world.organisation_a
    missing_pk = max(Organisation.objects.values_list("pk", flat=True)) + 1000
    errors = []
    for pk in (world.organisation_b.pk, missing_pk, "not-a-number"):
        with pytest.raises(Http404) as raised:
            fetch_or_404(visible, pk=pk)
        errors.append(str(raised.value))
    assert len(set(errors)) == 1
