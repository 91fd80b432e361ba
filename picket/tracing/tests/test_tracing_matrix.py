"""Role matrix over every tracing page and action: reviewers covering a record's district see and decide; everyone
else is refused and nothing changes. Records live in district A (state A); outside seats cover district B."""

import pytest
from django.utils import timezone

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.intake.models import FoundChild, MissingReport
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot
from picket.tracing import services
from picket.tracing.models import (
    AccessRequest,
    MatchCandidate,
    Reunification,
    ReunificationStep,
)

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)

# Written out, not derived from the code under test.
REVIEWERS = {Role.CASE_WORKER, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}


def _everything():
    return snapshot(
        MatchCandidate.objects.all(),
        AccessRequest.objects.all(),
        Reunification.objects.all(),
        ReunificationStep.objects.all(),
        MissingReport.objects.all(),
        FoundChild.objects.all(),
    )


@pytest.fixture
def reunification(pair, reviewer_a):
    services.candidate_confirm(actor=actor_for(reviewer_a), candidate=pair)
    return Reunification.objects.get(candidate=pair)


@matrix
def test_queue(world, pair, seat):
    response = world.client_for(seat).get("/tracing/")
    assert_access(response, allowed=seat.role in REVIEWERS)
    shown = pair.found_child.reference in response.content.decode()
    assert shown == (seat.role in REVIEWERS and seat.inside)


@matrix
def test_candidate_page(world, pair, seat):
    response = world.client_for(seat).get(f"/tracing/candidates/{pair.pk}/")
    allowed = seat.inside and seat.role in REVIEWERS
    assert_access(response, allowed=allowed)
    assert ("Pooja Kumari" in response.content.decode()) == allowed


@matrix
def test_confirm(world, pair, seat):
    before = _everything()
    response = world.client_for(seat).post(f"/tracing/candidates/{pair.pk}/confirm/", {"note": ""})
    allowed = seat.inside and seat.role in REVIEWERS
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    pair.refresh_from_db()
    assert (pair.status == "confirmed") == allowed
    assert Reunification.objects.filter(candidate=pair).exists() == allowed


@matrix
def test_reject(world, pair, seat):
    before = _everything()
    response = world.client_for(seat).post(f"/tracing/candidates/{pair.pk}/reject/", {"reason": "different_child"})
    allowed = seat.inside and seat.role in REVIEWERS
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    pair.refresh_from_db()
    assert (pair.status == "rejected") == allowed


@matrix
def test_request_access(world, cross_pair, seat):
    """Either side's reviewers see a cross-district candidate, and may ask to open the other side's record."""
    before = _everything()
    response = world.client_for(seat).post(f"/tracing/candidates/{cross_pair.pk}/access/")
    allowed = seat.role in REVIEWERS
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    asked = set(AccessRequest.objects.values_list("side", flat=True))
    assert asked == ({"found" if seat.inside else "missing"} if allowed else set())


@matrix
def test_decide_access(world, cross_pair, reviewer_b, seat):
    """Only reviewers of the district that holds the record (A, the report) decide a request for it."""
    (request,) = services.access_request(actor=actor_for(reviewer_b), candidate=cross_pair)
    before = _everything()
    response = world.client_for(seat).post(f"/tracing/access/{request.pk}/decide/", {"decision": "approve"})
    allowed = seat.inside and seat.role in REVIEWERS
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    request.refresh_from_db()
    assert (request.status == "approved") == allowed


@matrix
def test_reunification_pages(world, reunification, seat):
    client = world.client_for(seat)
    allowed = seat.inside and seat.role in REVIEWERS
    listed = client.get("/tracing/reunifications/")
    assert_access(listed, allowed=seat.role in REVIEWERS)
    assert (reunification.found_child.reference in listed.content.decode()) == allowed
    page = client.get(f"/tracing/reunifications/{reunification.pk}/")
    assert_access(page, allowed=allowed)


@matrix
def test_record_a_step(world, reunification, seat):
    step = reunification.steps.get(kind="home_verification")
    before = _everything()
    response = world.client_for(seat).post(
        f"/tracing/reunifications/{reunification.pk}/steps/{step.pk}/",
        {"done_on": timezone.localdate().isoformat(), "notes": "Home visited; parents present"},
    )
    allowed = seat.inside and seat.role in REVIEWERS
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    step.refresh_from_db()
    assert (step.done_on is not None) == allowed


@matrix
def test_stop(world, reunification, seat):
    before = _everything()
    response = world.client_for(seat).post(
        f"/tracing/reunifications/{reunification.pk}/stop/", {"note": "CWC finds the home unsafe"}
    )
    allowed = seat.inside and seat.role in REVIEWERS
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    reunification.refresh_from_db()
    assert (reunification.status == "stopped") == allowed
