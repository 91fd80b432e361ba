"""API behaviour shared by every endpoint: authentication, tokens, error shape, pagination, OpenAPI."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from picket.accounts.access import actor_for
from picket.accounts.models import ApiToken
from picket.accounts.roles import JurisdictionKind, Role
from picket.accounts.services import api_token_create
from picket.api.urls import api
from picket.testing.auth import login_verified
from picket.testing.factories import DistrictFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _token_client(user, **token_args):
    row, token = api_token_create(actor=actor_for(user), name="t", **token_args)
    return row, Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _error(response):
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "fields"}
    assert body["error"]["status"] == response.status_code
    return body["error"]


def test_without_credentials_the_api_answers_401_in_the_error_shape(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert _error(response)["code"] == "unauthenticated"


def test_a_token_is_stored_only_as_a_digest_and_works_until_revoked(world):
    user = world.user(Role.CASE_WORKER, inside=True)
    row, token = api_token_create(actor=actor_for(user), name="phone")
    assert token not in row.digest and ApiToken.objects.filter(digest__contains=token).count() == 0
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    me = client.get("/api/v1/me").json()
    assert me["user"]["username"] == user.username
    assert "identity.view" in me["permissions"]
    assert client.delete(f"/api/v1/tokens/{row.pk}").status_code == 204
    assert client.get("/api/v1/me").status_code == 401


def test_an_expired_token_is_refused(world):
    row, client = _token_client(world.user(Role.CASE_WORKER, inside=True))
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/api/v1/me").status_code == 401


def test_a_deactivated_users_token_is_refused(world):
    user = world.user(Role.CASE_WORKER, inside=True)
    _row, client = _token_client(user)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/me").status_code == 401


def test_a_user_cannot_revoke_someone_elses_token(world):
    mine, _ = _token_client(world.user(Role.CASE_WORKER, inside=True))
    _, other = _token_client(world.user(Role.CASE_WORKER, inside=True))
    response = other.delete(f"/api/v1/tokens/{mine.pk}")
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.revoked_at is None


def test_token_lifetime_is_bounded(world):
    _, client = _token_client(world.user(Role.CASE_WORKER, inside=True))
    response = client.post("/api/v1/tokens", json.dumps({"name": "x", "days": 4000}), content_type="application/json")
    error = _error(response)
    assert response.status_code == 422 and error["fields"][0]["field"] == "days"


def test_invalid_fields_are_named(world):
    _, client = _token_client(world.user(Role.DISTRICT_COORDINATOR, inside=True))
    response = client.post(
        "/api/v1/organisations",
        json.dumps({"name": "", "kind": "spaceship", "district_codes": [999999]}),
        content_type="application/json",
    )
    error = _error(response)
    assert response.status_code == 422
    assert {"name", "kind"} <= {f["field"] for f in error["fields"]}


def test_a_service_refusal_names_the_field(world):
    _, client = _token_client(world.user(Role.DISTRICT_COORDINATOR, inside=True))
    response = client.post(
        "/api/v1/organisations",
        json.dumps({"name": "X", "kind": "cwc", "district_codes": [999999]}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert _error(response)["fields"] == [
        {"field": "district_codes", "message": "unknown or retired district code(s): 999999"}
    ]


def test_malformed_json_is_a_422_not_a_500(world):
    _, client = _token_client(world.user(Role.DISTRICT_COORDINATOR, inside=True))
    response = client.post("/api/v1/organisations", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    _error(response)


def test_not_found_has_the_error_shape(world):
    _, client = _token_client(world.user(Role.CASE_WORKER, inside=True))
    response = client.get("/api/v1/organisations/987654")
    assert response.status_code == 404 and _error(response)["code"] == "not_found"


def test_lists_are_paginated(world):
    state_user = UserFactory.create(role=Role.ADMINISTRATOR, jurisdiction_kind=JurisdictionKind.NATIONAL)
    for _ in range(5):
        OrganisationFactory.create(districts=[DistrictFactory.create(state=world.state_a)])
    _, client = _token_client(state_user)
    first = client.get("/api/v1/organisations?limit=3").json()
    assert (first["count"], len(first["items"]), first["next_offset"]) == (7, 3, 3)
    last = client.get("/api/v1/organisations?limit=3&offset=6").json()
    assert (len(last["items"]), last["next_offset"]) == (1, None)
    names = [i["name"] for i in first["items"]] + [i["name"] for i in last["items"]]
    assert len(set(names)) == 4
    too_big = client.get("/api/v1/organisations?limit=100000")
    assert too_big.status_code == 422 and _error(too_big)["fields"][0]["field"] == "limit"


def test_session_writes_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    login_verified(client, world.user(Role.DISTRICT_COORDINATOR, inside=True))
    response = client.post(
        "/api/v1/organisations",
        json.dumps({"name": "X", "kind": "cwc", "district_codes": [world.district_a.lgd_code]}),
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    assert not world.organisation_a.__class__.objects.filter(name="X").exists()


def test_openapi_document_describes_every_endpoint_with_security(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert len(operations) >= 12
    assert all(op.get("security") for op in operations)
    assert "/api/v1/organisations" in document["paths"]


def test_every_api_operation_declares_a_permission():
    undeclared = []
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if not hasattr(operation.view_func, "required_permission"):
                    undeclared.append(f"{operation.methods} {path}")
    assert undeclared == []
