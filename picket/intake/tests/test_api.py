"""Intake and children over the API: scoping, creation with bad input refused whole, search across scripts."""

import json

import pytest
from django.test import Client

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.accounts.services import api_token_create
from picket.intake.models import FoundChild, MissingReport
from picket.people.models import Child
from picket.testing.rolematrix import SEATS, assert_access, seat_id

pytestmark = pytest.mark.django_db

VIEWERS = {
    Role.FIELD_WORKER,
    Role.CASE_WORKER,
    Role.LEGAL_OFFICER,
    Role.DISTRICT_COORDINATOR,
    Role.STATE_PROGRAMME_MANAGER,
}
MANAGERS = {Role.FIELD_WORKER, Role.CASE_WORKER, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}


def _api(user):
    _row, token = api_token_create(actor=actor_for(user), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(client, path, body):
    return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def _missing_body(world, **overrides):
    body = {
        "child": {
            "name": "पूजा कुमारी",
            "gender": "F",
            "district_code": world.district_a.lgd_code,
            "age_estimate_years": 13,
            "father_name": "Ramesh Manjhi",
        },
        "reporter_name": "Ramesh Manjhi",
        "reporter_relation": "father",
        "reporter_phone": "98765 43210",
        "police_report_kind": "fir",
        "police_report_number": "123/2026",
        "police_report_date": "2026-11-02",
        "last_seen_on": "2026-11-01",
        "district_code": world.district_a.lgd_code,
    }  # fmt: skip
    return body | overrides


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_create_missing_report_through_the_api(world, seat):
    client = _api(world.user(seat.role, inside=seat.inside))
    before = (Child.objects.count(), MissingReport.objects.count())
    response = _post(client, "/missing", _missing_body(world))
    allowed = seat.inside and seat.role in MANAGERS
    assert response.status_code == (201 if allowed else (422 if seat.role in MANAGERS else 403))
    after = (Child.objects.count(), MissingReport.objects.count())
    assert after == ((before[0] + 1, before[1] + 1) if allowed else before)


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_read_and_search_children_through_the_api(world, seat):
    owner = _api(world.user(Role.CASE_WORKER, inside=True))
    reference = _post(owner, "/missing", _missing_body(world)).json()["child_reference"]
    client = _api(world.user(seat.role, inside=seat.inside))
    allowed = seat.inside and seat.role in VIEWERS
    assert_access(client.get(f"/api/v1/children/{reference}"), allowed=allowed)
    listed = _post(client, "/children/search", {"q": "Pooja"})
    if seat.role in VIEWERS:
        found = [item["reference"] for item in listed.json()["items"]]
        assert found == ([reference] if seat.inside else [])
    else:
        assert listed.status_code == 403


def test_a_found_child_dated_before_production_and_a_future_birth_are_refused_whole(world):
    client = _api(world.user(Role.CASE_WORKER, inside=True))
    body = {
        "child": {"name": "Munni", "district_code": world.district_a.lgd_code, "date_of_birth": "2099-01-01"},
        "found_at": "2026-11-20T10:00:00+05:30",
        "district_code": world.district_a.lgd_code,
        "how": "railway",
    }
    response = _post(client, "/found", body)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "date_of_birth"
    body["child"]["date_of_birth"] = "2014-05-01"
    body["produced_before_cwc_at"] = "2026-11-19T10:00:00+05:30"
    response = _post(client, "/found", body)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "produced_before_cwc_at"
    assert (Child.objects.count(), FoundChild.objects.count()) == (0, 0)
    body.pop("produced_before_cwc_at")
    created = _post(client, "/found", body)
    assert created.status_code == 201 and created.json()["cwc_status"] in ("open", "missed")


def test_unknown_district_is_named(world):
    client = _api(world.user(Role.CASE_WORKER, inside=True))
    response = _post(client, "/missing", _missing_body(world, district_code=999999))
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [
        {"field": "district_code", "message": "unknown or retired district code 999999"}
    ]
    assert Child.objects.count() == 0


def test_a_found_child_with_only_a_home_state_through_the_api(world):
    client = _api(world.user(Role.CASE_WORKER, inside=True))
    body = {
        "child": {"name": "Guddi", "district_code": world.district_a.lgd_code, "home_state_code": 999999},
        "found_at": "2026-11-20T10:00:00+05:30",
        "district_code": world.district_a.lgd_code,
        "how": "railway",
    }
    response = _post(client, "/found", body)
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [
        {"field": "child.home_state_code", "message": "unknown state code 999999"}
    ]
    assert Child.objects.count() == 0
    body["child"]["home_state_code"] = world.state_b.lgd_code
    assert _post(client, "/found", body).status_code == 201
    child = Child.objects.get()
    assert (child.home_district, child.home_state) == (None, world.state_b)
    read = client.get(f"/api/v1/children/{child.reference}").json()
    assert (read["home_district_code"], read["home_state_code"]) == (None, world.state_b.lgd_code)
