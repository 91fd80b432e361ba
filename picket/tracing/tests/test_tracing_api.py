"""Tracing over the API: the same scoping and redaction as the pages, every role inside and outside."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.accounts.services import api_token_create
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot
from picket.tracing import services
from picket.tracing.models import AccessRequest, MatchCandidate, Reunification, ReunificationStep

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)
REVIEWERS = {Role.CASE_WORKER, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}


def _api(user):
    _row, token = api_token_create(actor=actor_for(user), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(client, path, body=None):
    return client.post(f"/api/v1{path}", json.dumps(body or {}), content_type="application/json")


def _everything():
    return snapshot(
        MatchCandidate.objects.all(),
        AccessRequest.objects.all(),
        Reunification.objects.all(),
        ReunificationStep.objects.all(),
    )


@matrix
def test_list_and_get_candidates(world, pair, seat):
    client = _api(world.user(seat.role, inside=seat.inside))
    listed = client.get("/api/v1/tracing/candidates")
    assert_access(listed, allowed=seat.role in REVIEWERS)
    ids = [row["id"] for row in listed.json()["items"]] if listed.status_code == 200 else []
    assert ids == ([pair.pk] if seat.role in REVIEWERS and seat.inside else [])
    one = client.get(f"/api/v1/tracing/candidates/{pair.pk}")
    allowed = seat.role in REVIEWERS and seat.inside
    assert_access(one, allowed=allowed)
    if allowed:
        body = one.json()
        assert {s["name"] for s in body["sides"]} == {"Pooja Kumari", "पूजा"}
        assert any(e["field"] == "father's name" for e in body["explanation"])


@matrix
def test_confirm_and_reject(world, pair, seat):
    client = _api(world.user(seat.role, inside=seat.inside))
    allowed = seat.role in REVIEWERS and seat.inside
    before = _everything()
    response = _post(client, f"/tracing/candidates/{pair.pk}/reject", {"reason": "sibling"})
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    pair.refresh_from_db()
    assert (pair.status == "rejected") == allowed


@matrix
def test_request_and_decide_access(world, cross_pair, reviewer_b, seat):
    client = _api(world.user(seat.role, inside=seat.inside))
    before = _everything()
    response = _post(client, f"/tracing/candidates/{cross_pair.pk}/access")
    assert_access(response, allowed=seat.role in REVIEWERS, unchanged=lambda: _everything() == before)
    AccessRequest.objects.all().delete()

    (request,) = services.access_request(actor=actor_for(reviewer_b), candidate=cross_pair)
    before = _everything()
    response = _post(client, f"/tracing/access-requests/{request.pk}/decide", {"approve": True})
    allowed = seat.role in REVIEWERS and seat.inside
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    request.refresh_from_db()
    assert (request.status == "approved") == allowed


def test_a_cross_district_candidate_is_redacted_over_the_api_until_approved(cross_pair, reviewer_a, reviewer_b):
    client = _api(reviewer_b)
    body = client.get(f"/api/v1/tracing/candidates/{cross_pair.pk}").json()
    report = next(s for s in body["sides"] if s["side"] == "missing")
    assert report["opened"] is False and report["name"] is None and body["explanation"] is None
    assert "Pooja" not in json.dumps(body, ensure_ascii=False) and "Ramesh" not in json.dumps(body)
    conflict = _post(client, f"/tracing/candidates/{cross_pair.pk}/confirm")
    assert conflict.status_code == 422 and conflict.json()["error"]["fields"]
    (request,) = services.access_request(actor=actor_for(reviewer_b), candidate=cross_pair)
    services.access_decide(actor=actor_for(reviewer_a), request=request, approve=True)
    body = client.get(f"/api/v1/tracing/candidates/{cross_pair.pk}").json()
    report = next(s for s in body["sides"] if s["side"] == "missing")
    assert report["name"] == "Pooja Kumari" and report["father_name"] == "Ramesh Prasad"


def test_confirm_then_record_steps_over_the_api(pair, reviewer_a):
    client = _api(reviewer_a)
    assert _post(client, f"/tracing/candidates/{pair.pk}/confirm", {"note": "Family identified her"}).status_code == 200
    (reunification,) = client.get("/api/v1/tracing/reunifications").json()["items"]
    step = next(s for s in reunification["steps"] if s["kind"] == "home_verification")
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    refused = _post(client, f"/tracing/reunifications/{reunification['id']}/steps/{step['id']}", {"done_on": future})
    assert refused.status_code == 422
    assert [f["field"] for f in refused.json()["error"]["fields"]] == ["done_on"]
    today = timezone.localdate().isoformat()
    done = _post(client, f"/tracing/reunifications/{reunification['id']}/steps/{step['id']}", {"done_on": today})
    assert done.status_code == 200
    assert next(s for s in done.json()["steps"] if s["id"] == step["id"])["done_on"] == today
