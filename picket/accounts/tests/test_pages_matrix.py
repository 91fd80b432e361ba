"""Role matrix over the organisation and user pages: every role, inside and outside district A."""

import pytest

from picket.accounts.models import Organisation, User
from picket.accounts.roles import OrganisationKind, Role
from picket.accounts.tests.expectations import (
    ORGANISATION_MANAGERS,
    ORGANISATION_VIEWERS,
    USER_MANAGERS,
    USER_VIEWERS,
)
from picket.testing.factories import UserFactory
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)


@matrix
def test_view_organisation(world, seat):
    response = world.client_for(seat).get(f"/organisations/{world.organisation_a.pk}/")
    assert_access(response, allowed=seat.inside and seat.role in ORGANISATION_VIEWERS)


@matrix
def test_list_organisations_shows_only_the_jurisdiction(world, seat):
    response = world.client_for(seat).get("/organisations/")
    if seat.role not in ORGANISATION_VIEWERS:
        assert_access(response, allowed=False)
        return
    page = response.content.decode()
    assert ("NGO A" in page) == seat.inside
    assert ("NGO B" in page) == (not seat.inside)


@matrix
def test_edit_organisation(world, seat):
    target = world.organisation_a
    before = snapshot(Organisation.objects.filter(pk=target.pk))
    response = world.client_for(seat).post(
        f"/organisations/{target.pk}/edit/",
        {"name": "Renamed", "kind": OrganisationKind.CWC, "districts": [world.district_a.pk], "is_active": "on"},
    )
    allowed = seat.inside and seat.role in ORGANISATION_MANAGERS
    assert_access(
        response, allowed=allowed, unchanged=lambda: snapshot(Organisation.objects.filter(pk=target.pk)) == before
    )
    target.refresh_from_db()
    assert (target.name == "Renamed") == allowed


@matrix
def test_create_organisation_in_district_a(world, seat):
    before = Organisation.objects.count()
    response = world.client_for(seat).post(
        "/organisations/new/", {"name": "New CWC", "kind": OrganisationKind.CWC, "districts": [world.district_a.pk]}
    )
    allowed = seat.inside and seat.role in ORGANISATION_MANAGERS
    assert response.status_code < 500
    assert Organisation.objects.filter(name="New CWC").exists() == allowed
    if not allowed:
        assert Organisation.objects.count() == before
        # a manager outside district A is shown the form again, with the district refused
        if seat.role in ORGANISATION_MANAGERS:
            assert "districts" in response.context["form"].errors
        else:
            assert response.status_code == 403


def _target_user(world):
    return UserFactory.create(
        username="target", role=Role.FIELD_WORKER, organisation=world.organisation_a, districts=[world.district_a]
    )


@matrix
def test_view_user(world, seat):
    target = _target_user(world)
    response = world.client_for(seat).get(f"/users/{target.pk}/")
    assert_access(response, allowed=seat.inside and seat.role in USER_VIEWERS)


@matrix
def test_edit_user(world, seat):
    target = _target_user(world)
    client = world.client_for(seat)
    before = snapshot(User.objects.filter(pk=target.pk))
    response = client.post(
        f"/users/{target.pk}/edit/",
        {
            "username": "target",
            "full_name": "Changed Name",
            "role": Role.CASE_WORKER,
            "organisation": world.organisation_a.pk,
            "jurisdiction_kind": "districts",
            "jurisdiction_districts": [world.district_a.pk],
            "is_active": "on",
        },
    )
    allowed = seat.inside and seat.role in USER_MANAGERS
    assert_access(response, allowed=allowed, unchanged=lambda: snapshot(User.objects.filter(pk=target.pk)) == before)
    target.refresh_from_db()
    assert (target.role == Role.CASE_WORKER) == allowed


@matrix
def test_set_user_password(world, seat):
    target = _target_user(world)
    before = snapshot(User.objects.filter(pk=target.pk))
    response = world.client_for(seat).post(f"/users/{target.pk}/password/", {"password": "a brand new passphrase 7"})
    allowed = seat.inside and seat.role in USER_MANAGERS
    assert_access(response, allowed=allowed, unchanged=lambda: snapshot(User.objects.filter(pk=target.pk)) == before)
    target.refresh_from_db()
    assert target.check_password("a brand new passphrase 7") == allowed


@matrix
def test_home_counts_only_the_jurisdiction(world, seat):
    response = world.client_for(seat).get("/")
    assert response.status_code == 200
    figures = {str(f.label): f.value for f in response.context["figures"]}
    expected_districts = 2 if seat.role == Role.STATE_PROGRAMME_MANAGER else 1
    assert figures["Districts in your jurisdiction"] == expected_districts
    if seat.role in ORGANISATION_VIEWERS:
        assert figures["Active organisations"] == 1
    else:
        assert "Active organisations" not in figures
    if seat.role in USER_VIEWERS:
        # the seat itself, in its own jurisdiction
        assert figures["Active users"] == 1
