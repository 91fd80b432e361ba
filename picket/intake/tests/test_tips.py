"""Staff tips: calls and walk-ins, the imminent-danger alert, triage moves, the timeline and the list."""

import pytest
from django.test import Client

from picket.accounts.roles import Role
from picket.intake.models import Tip, TipNote
from picket.intake.tests.conftest import WHAT_SEEN
from picket.intake.timeline import tip_timeline
from picket.notify.models import Notification
from picket.testing.auth import login_verified

pytestmark = pytest.mark.django_db


def _call(world, **overrides):
    return {
        "source": "erss_112", "caller_reference": "112-7781", "urgency": "normal", "district": world.district_a.pk,
        "what_seen": WHAT_SEEN, "place": "", "establishment": "Hotel near the station", "occurred_on": "",
        "children_involved": "3", "contact": "", **overrides,
    }  # fmt: skip


def test_staff_form_offers_every_source_but_the_public_form(worker_client):
    sources = [
        value for value, _label in worker_client.get("/intake/tips/new/").context["form"].fields["source"].choices
    ]
    assert "public_web" not in sources and {"childline_1098", "erss_112", "police", "walk_in"} <= set(sources)


def test_an_imminent_tip_alerts_the_district_coordinator_at_once(
    world, worker_client, django_capture_on_commit_callbacks
):
    coordinator_a = world.user(Role.DISTRICT_COORDINATOR, inside=True)
    coordinator_b = world.user(Role.DISTRICT_COORDINATOR, inside=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = worker_client.post("/intake/tips/new/", _call(world, urgency="imminent"))
    tip = Tip.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/intake/tips/{tip.reference}/"
    alert = Notification.objects.get(recipient=coordinator_a)
    assert alert.is_urgent and tip.reference in alert.subject and alert.url == f"/intake/tips/{tip.reference}/"
    assert not Notification.objects.filter(recipient=coordinator_b).exists()


def test_a_normal_tip_alerts_nobody(world, worker_client, django_capture_on_commit_callbacks):
    world.user(Role.DISTRICT_COORDINATOR, inside=True)
    with django_capture_on_commit_callbacks(execute=True):
        worker_client.post("/intake/tips/new/", _call(world))
    assert Tip.objects.count() == 1 and not Notification.objects.exists()


def test_staff_tip_bad_input_names_the_field(world, worker_client):
    for field, change in {"district": {"district": world.district_b.pk}, "place": {"place": "x" * 600},
                          "source": {"source": "public_web"}}.items():  # fmt: skip
        response = worker_client.post("/intake/tips/new/", _call(world, **change))
        assert field in response.context["form"].errors, field
    assert not Tip.objects.exists()


def test_triage_new_to_closed_is_allowed(tip, worker_client):
    response = worker_client.post(f"/intake/tips/{tip.reference}/triage/", {"status": "closed", "urgency": "low"})
    assert response.status_code == 302
    tip.refresh_from_db()
    assert tip.status == "closed" and tip.closed_at is not None
    assert TipNote.objects.get(tip=tip).status_to == "closed"


def test_triage_closed_to_assessed_is_refused_naming_the_status(tip, worker_client):
    worker_client.post(f"/intake/tips/{tip.reference}/triage/", {"status": "closed", "urgency": "normal"})
    response = worker_client.post(f"/intake/tips/{tip.reference}/triage/", {"status": "assessed", "urgency": "normal"})
    assert response.status_code == 200
    errors = response.context["triage_form"].errors
    assert list(errors) == ["status"]
    assert "cannot become Assessed" in errors["status"][0]
    tip.refresh_from_db()
    assert tip.status == "closed" and TipNote.objects.filter(tip=tip).count() == 1


def test_triage_offers_only_allowed_moves_and_assignees_of_the_district(world, tip, worker_client):
    inside = world.user(Role.FIELD_WORKER, inside=True)
    outside = world.user(Role.FIELD_WORKER, inside=False)
    analyst = world.user(Role.ANALYST, inside=True)
    form = worker_client.get(f"/intake/tips/{tip.reference}/").context["triage_form"]
    assert [value for value, _label in form.fields["status"].widget.choices] == ["new", "assessed", "closed"]
    assignees = set(form.fields["assignee"].queryset)
    assert inside in assignees and outside not in assignees and analyst not in assignees
    response = worker_client.post(
        f"/intake/tips/{tip.reference}/triage/", {"status": "assessed", "urgency": "high", "assignee": outside.pk}
    )
    assert "assignee" in response.context["triage_form"].errors
    worker_client.post(
        f"/intake/tips/{tip.reference}/triage/", {"status": "assessed", "urgency": "high", "assignee": inside.pk}
    )
    tip.refresh_from_db()
    assert tip.assignee == inside
    assert Notification.objects.filter(recipient=inside, url=f"/intake/tips/{tip.reference}/").exists()


def test_the_timeline_tells_what_happened_in_order(tip, worker_client):
    worker_client.post(f"/intake/tips/{tip.reference}/triage/", {"status": "assessed", "urgency": "normal"})
    worker_client.post(
        f"/intake/tips/{tip.reference}/triage/", {"status": "assessed", "urgency": "normal", "note": "Spoke to police"}
    )
    worker_client.post(f"/intake/tips/{tip.reference}/triage/", {"status": "closed", "urgency": "normal"})
    labels = [str(event.label) for event in tip_timeline(Tip.objects.get(pk=tip.pk))]
    assert labels == ["Received", "Status: New → Assessed", "Note", "Status: Assessed → Closed"]
    page = worker_client.get(f"/intake/tips/{tip.reference}/").content.decode()
    assert "Spoke to police" in page and "Status: Assessed → Closed" in page


def test_the_list_puts_imminent_tips_first_and_filters(world, tip, worker, django_capture_on_commit_callbacks):
    client = login_verified(Client(), worker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/intake/tips/new/", _call(world, urgency="imminent"))
    urgent = Tip.objects.get(urgency="imminent")
    assert [t.reference for t in client.get("/intake/tips/").context["page"]] == [urgent.reference, tip.reference]
    assert [t.reference for t in client.get("/intake/tips/", {"urgency": "normal"}).context["page"]] == [tip.reference]
    assert [t.reference for t in client.get("/intake/tips/", {"q": tip.reference.lower()}).context["page"]] == [
        tip.reference
    ]
    assert list(client.get("/intake/tips/", {"status": "closed"}).context["page"]) == []
    assert list(client.get("/intake/tips/", {"district": world.district_a2.pk}).context["page"]) == []


def test_staff_cannot_pick_the_sources_only_the_system_sets(worker_client):
    """The public form and monitoring alerts set their own source; the staff form does not offer them."""
    page = worker_client.get("/intake/tips/new/").content.decode()
    assert 'value="childline_1098"' in page
    assert 'value="public_web"' not in page and 'value="monitoring"' not in page
