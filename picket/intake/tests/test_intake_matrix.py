"""Role matrix over the intake pages: the case team of the record's district sees it; its managers change it."""

import datetime

import pytest
from django.utils import timezone

from picket.accounts.roles import Role
from picket.audit.models import AuditEvent
from picket.intake.models import FoundChild, MissingReport, Tip, TipNote
from picket.intake.tests.conftest import WHAT_SEEN, local_input
from picket.people.models import Child
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)

# Written out, not derived from the code under test.
IDENTITY_VIEWERS = {
    Role.FIELD_WORKER,
    Role.CASE_WORKER,
    Role.LEGAL_OFFICER,
    Role.DISTRICT_COORDINATOR,
    Role.STATE_PROGRAMME_MANAGER,
}
CHILD_MANAGERS = {Role.FIELD_WORKER, Role.CASE_WORKER, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}


@matrix
def test_tip_detail(world, tip, seat):
    response = world.client_for(seat).get(f"/intake/tips/{tip.reference}/")
    allowed = seat.inside and seat.role in IDENTITY_VIEWERS
    assert_access(response, allowed=allowed)
    assert (WHAT_SEEN in response.content.decode()) == allowed
    viewed = AuditEvent.objects.filter(action="view_identity", object_type="intake.tip", object_id=str(tip.pk))
    assert viewed.exists() == allowed


@matrix
def test_tip_triage(world, tip, seat):
    client = world.client_for(seat)
    before = snapshot(Tip.objects.all(), TipNote.objects.all())
    response = client.post(
        f"/intake/tips/{tip.reference}/triage/", {"status": "assessed", "urgency": "high", "note": "Called back"}
    )
    allowed = seat.inside and seat.role in CHILD_MANAGERS
    assert_access(
        response, allowed=allowed, unchanged=lambda: snapshot(Tip.objects.all(), TipNote.objects.all()) == before
    )
    tip.refresh_from_db()
    assert (tip.status, tip.urgency) == (("assessed", "high") if allowed else ("new", "normal"))
    assert TipNote.objects.filter(tip=tip, kind="triage").exists() == allowed


@matrix
def test_missing_report_detail(world, missing, seat):
    response = world.client_for(seat).get(f"/intake/missing/{missing.reference}/")
    allowed = seat.inside and seat.role in IDENTITY_VIEWERS
    assert_access(response, allowed=allowed)
    assert ("Guddi Kumari" in response.content.decode()) == allowed


@matrix
def test_found_child_detail(world, found, seat):
    response = world.client_for(seat).get(f"/intake/found/{found.reference}/")
    allowed = seat.inside and seat.role in IDENTITY_VIEWERS
    assert_access(response, allowed=allowed)
    assert ("Munni Kumari" in response.content.decode()) == allowed


def _child_fields(name):
    return {"name": name, "gender": "F", "age_estimate_years": "12", "father_name": "Ramesh", "save_anyway": "on"}


@matrix
def test_report_a_missing_child_in_district_a(world, seat):
    client = world.client_for(seat)
    before = (Child.objects.count(), MissingReport.objects.count())
    last_seen = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    response = client.post("/intake/missing/new/", {
        **_child_fields("Rani"), "reporter_name": "Kamla Devi", "reporter_relation": "mother",
        "district": world.district_a.pk, "last_seen_on": last_seen,
    })  # fmt: skip
    allowed = seat.inside and seat.role in CHILD_MANAGERS
    assert response.status_code < 500
    assert (Child.objects.count(), MissingReport.objects.count()) == tuple(n + allowed for n in before)
    if allowed:
        report = MissingReport.objects.get()
        assert response["Location"] == f"/intake/missing/{report.reference}/"
        assert report.district == world.district_a and report.child.district == world.district_a


@matrix
def test_record_a_found_child_in_district_a(world, seat):
    client = world.client_for(seat)
    before = (Child.objects.count(), FoundChild.objects.count())
    response = client.post("/intake/found/new/", {
        **_child_fields("Chhotu"), "found_at": local_input(timezone.now() - datetime.timedelta(hours=3)),
        "district": world.district_a.pk, "how": "railway", "journey_hours": "0",
    })  # fmt: skip
    allowed = seat.inside and seat.role in CHILD_MANAGERS
    assert response.status_code < 500
    assert (Child.objects.count(), FoundChild.objects.count()) == tuple(n + allowed for n in before)
    if allowed:
        assert response["Location"] == f"/intake/found/{FoundChild.objects.get().reference}/"


@matrix
def test_lists_show_only_records_in_scope(world, tip, missing, found, seat):
    client = world.client_for(seat)
    allowed = seat.role in IDENTITY_VIEWERS
    for path, reference in (("tips", tip.reference), ("missing", missing.reference), ("found", found.reference)):
        response = client.get(f"/intake/{path}/")
        assert_access(response, allowed=allowed)
        if allowed:
            assert (reference in response.content.decode()) == seat.inside
