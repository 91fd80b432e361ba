"""Role matrix over the API, with bearer tokens: every role, inside and outside district A."""

import json

import pytest
from django.test import Client

from picket.accounts.access import actor_for
from picket.accounts.models import Organisation, User
from picket.accounts.roles import OrganisationKind, Role
from picket.accounts.services import api_token_create
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


class ApiClient:
    def __init__(self, user):
        _row, token = api_token_create(actor=actor_for(user), name="test")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(self, path):
        return self.client.get(f"/api/v1{path}")

    def post(self, path, body):
        return self.client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json")

    def patch(self, path, body):
        return self.client.patch(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def api_for(world, seat):
    return ApiClient(world.user(seat.role, inside=seat.inside))


@matrix
def test_get_organisation(world, seat):
    response = api_for(world, seat).get(f"/organisations/{world.organisation_a.pk}")
    allowed = seat.inside and seat.role in ORGANISATION_VIEWERS
    assert_access(response, allowed=allowed)
    if allowed:
        assert response.json()["district_codes"] == [world.district_a.lgd_code]


@matrix
def test_list_organisations(world, seat):
    response = api_for(world, seat).get("/organisations")
    if seat.role not in ORGANISATION_VIEWERS:
        assert response.status_code == 403
        return
    names = {item["name"] for item in response.json()["items"]}
    assert names == ({"NGO A"} if seat.inside else {"NGO B"})


@matrix
def test_patch_organisation(world, seat):
    target = world.organisation_a
    before = snapshot(Organisation.objects.filter(pk=target.pk))
    response = api_for(world, seat).patch(f"/organisations/{target.pk}", {"name": "Renamed by API"})
    allowed = seat.inside and seat.role in ORGANISATION_MANAGERS
    assert_access(
        response, allowed=allowed, unchanged=lambda: snapshot(Organisation.objects.filter(pk=target.pk)) == before
    )
    target.refresh_from_db()
    assert (target.name == "Renamed by API") == allowed


@matrix
def test_create_organisation(world, seat):
    api_client = api_for(world, seat)
    before = Organisation.objects.count()
    response = api_client.post(
        "/organisations",
        {"name": "API CWC", "kind": OrganisationKind.CWC, "district_codes": [world.district_a.lgd_code]},
    )
    allowed = seat.inside and seat.role in ORGANISATION_MANAGERS
    if allowed:
        assert response.status_code == 201
    else:
        assert response.status_code == (422 if seat.role in ORGANISATION_MANAGERS else 403)
        assert Organisation.objects.count() == before


def _target_user(world):
    return UserFactory.create(
        username="target", role=Role.FIELD_WORKER, organisation=world.organisation_a, districts=[world.district_a]
    )


@matrix
def test_get_user(world, seat):
    target = _target_user(world)
    response = api_for(world, seat).get(f"/users/{target.pk}")
    assert_access(response, allowed=seat.inside and seat.role in USER_VIEWERS)


@matrix
def test_patch_user(world, seat):
    target = _target_user(world)
    before = snapshot(User.objects.filter(pk=target.pk))
    response = api_for(world, seat).patch(f"/users/{target.pk}", {"role": Role.LEGAL_OFFICER, "is_active": False})
    allowed = seat.inside and seat.role in USER_MANAGERS
    assert_access(response, allowed=allowed, unchanged=lambda: snapshot(User.objects.filter(pk=target.pk)) == before)
    target.refresh_from_db()
    assert (target.role == Role.LEGAL_OFFICER) == allowed


@matrix
def test_create_user(world, seat):
    api_client = api_for(world, seat)
    before = User.objects.count()
    response = api_client.post(
        "/users",
        {
            "username": "api-made",
            "password": "a long enough passphrase 9",
            "role": Role.FIELD_WORKER,
            "organisation_id": world.organisation_a.pk,
            "jurisdiction_kind": "districts",
            "jurisdiction_district_codes": [world.district_a.lgd_code],
        },
    )
    allowed = seat.inside and seat.role in USER_MANAGERS
    assert User.objects.filter(username="api-made").exists() == allowed
    if allowed:
        assert response.status_code == 201
    else:
        assert response.status_code in (403, 422)
        assert User.objects.count() == before
