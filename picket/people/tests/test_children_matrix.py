"""Role matrix over children's pages: identities only for the case team of the child's district."""

import pytest
from django.test import Client

from picket.accounts.roles import Role
from picket.audit.models import AuditEvent
from picket.people.models import Child, ChildShare, ConsentRecord
from picket.testing.auth import login_verified
from picket.testing.factories import child_for
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


@pytest.fixture
def child(world):
    return child_for(world.user(Role.CASE_WORKER, inside=True), name="Guddi Kumari")


@matrix
def test_view_child(world, child, seat):
    client = world.client_for(seat)
    views_before = AuditEvent.objects.filter(action="view_identity", object_id=str(child.pk)).count()
    response = client.get(f"/children/{child.reference}/")
    allowed = seat.inside and seat.role in IDENTITY_VIEWERS
    assert_access(response, allowed=allowed)
    assert ("Guddi Kumari" in response.content.decode()) == allowed
    views_after = AuditEvent.objects.filter(action="view_identity", object_id=str(child.pk)).count()
    assert views_after == views_before + (1 if allowed else 0)


@matrix
def test_search_children(world, child, seat):
    response = world.client_for(seat).post("/children/", {"q": "guddi  kumari"}, follow=True)
    if seat.role == Role.PARTNER_OFFICER:  # sees the list of records shared with them: none here
        assert response.status_code == 200 and list(response.context["page"]) == []
        return
    if seat.role not in IDENTITY_VIEWERS:
        assert_access(response, allowed=False)
        return
    found = [c.reference for c in response.context["page"]]
    assert found == ([child.reference] if seat.inside else [])


@matrix
def test_register_child_in_district_a(world, seat):
    client = world.client_for(seat)
    before = Child.objects.count()
    response = client.post(
        "/children/new/", {"name": "Munni", "gender": "F", "age_estimate_years": "11", "district": world.district_a.pk}
    )
    allowed = seat.inside and seat.role in CHILD_MANAGERS
    assert response.status_code < 500
    assert Child.objects.count() == before + (1 if allowed else 0)


@matrix
def test_record_consent(world, child, seat):
    client = world.client_for(seat)
    before = snapshot(ConsentRecord.objects.all())
    response = client.post(
        f"/children/{child.reference}/consent/",
        {"purpose": "sharing", "legal_basis": "consent", "given_by": "parent", "given_on": "2026-11-01"},
    )
    allowed = seat.inside and seat.role in CHILD_MANAGERS
    assert_access(response, allowed=allowed, unchanged=lambda: snapshot(ConsentRecord.objects.all()) == before)
    assert ConsentRecord.objects.filter(child=child).exists() == allowed


def test_sharing_needs_a_basis_and_opens_the_record_to_the_partners_officers_only(world, child):
    police = world.organisation_a.__class__.objects.create(name="Police Station A", kind="police_station")
    police.districts.set([world.district_a])
    officer = world.user(Role.PARTNER_OFFICER, inside=True, organisation=police)
    officer_client = login_verified(Client(), officer)
    other_partner = login_verified(Client(), world.user(Role.PARTNER_OFFICER, inside=True))
    worker = login_verified(Client(), world.user(Role.CASE_WORKER, inside=True))

    assert officer_client.get(f"/children/{child.reference}/").status_code == 404
    refused = worker.post(f"/children/{child.reference}/share/", {"organisation": police.pk}, follow=True)
    assert not ChildShare.objects.exists()
    assert refused.status_code == 200

    worker.post(
        f"/children/{child.reference}/consent/",
        {"purpose": "sharing", "legal_basis": "consent", "given_by": "parent", "given_on": "2026-11-01"},
    )
    worker.post(f"/children/{child.reference}/share/", {"organisation": police.pk})
    assert ChildShare.objects.filter(child=child, organisation=police, revoked_at__isnull=True).exists()
    assert officer_client.get(f"/children/{child.reference}/").status_code == 200
    assert other_partner.get(f"/children/{child.reference}/").status_code == 404

    consent = ConsentRecord.objects.get(child=child, purpose="sharing")
    worker.post(f"/children/{child.reference}/consent/{consent.pk}/withdraw/")
    assert officer_client.get(f"/children/{child.reference}/").status_code == 404


def test_opening_a_child_outside_ones_scope_is_refused_and_recorded(world, child):
    outsider = world.user(Role.CASE_WORKER, inside=False)
    client = login_verified(Client(), outsider)
    assert client.get(f"/children/{child.reference}/").status_code == 404
    denial = AuditEvent.objects.filter(action="permission_denied", object_type="people.child").get()
    assert (denial.actor_id, denial.object_id, denial.outcome) == (outsider.pk, str(child.pk), "denied")
    assert client.get("/children/C-NOSUCH00/").status_code == 404
    assert AuditEvent.objects.filter(action="permission_denied").count() == 1


@matrix
def test_who_has_seen_this_child(world, child, seat):
    national = world.user(Role.CASE_WORKER, inside=True)
    national.jurisdiction_kind = "national"
    national.save()
    login_verified(Client(), national).get(f"/children/{child.reference}/")
    response = world.client_for(seat).get(f"/audit/records/people.child/{child.pk}/")
    supervisors = {Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER, Role.ADMINISTRATOR}
    allowed = seat.inside and seat.role in supervisors
    assert_access(response, allowed=allowed)
    if allowed:
        usernames = {event.actor_username for event, _detail in response.context["rows"]}
        assert national.username in usernames  # a national user's view shows to the district's supervisor
        assert "Guddi" not in response.content.decode()
