"""Found and rescued children: the 24-hour CWC clock, placements, statements, and bad input saving nothing."""

import datetime

import pytest
from django.utils import timezone

from picket.accounts.roles import OrganisationKind, Role
from picket.intake.models import FoundChild, Placement, Statement
from picket.intake.tests.conftest import found_record, local_input
from picket.intake.timeline import clock_view, duration_text, found_timeline
from picket.people.models import Child, FamilyMember
from picket.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _found(world, **overrides):
    return {
        "found_at": local_input(timezone.now() - datetime.timedelta(hours=5)), "found_place": "Platform 4",
        "district": world.district_a.pk, "how": "railway", "journey_hours": "0", "name": "Chhotu", "gender": "M",
        "age_estimate_years": "10", "father_name": "Ramesh", "mother_name": "", **overrides,
    }  # fmt: skip


def _counts():
    return Child.objects.count(), FoundChild.objects.count(), FamilyMember.objects.count()


def test_recording_a_found_child_writes_the_child_the_record_and_the_father(world, worker_client, cwc):
    response = worker_client.post("/intake/found/new/", _found(world, cwc=cwc.pk, journey_hours="3"))
    found = FoundChild.objects.get()
    assert response["Location"] == f"/intake/found/{found.reference}/"
    assert (found.child.name, found.cwc, found.journey_hours, found.found_place) == ("Chhotu", cwc, 3, "Platform 4")
    assert found.child.family.get().relation == "father"


def test_clock_missed_when_30_hours_passed_without_production(world, worker, worker_client):
    found = found_record(worker, hours_ago=30)
    response = worker_client.get(f"/intake/found/{found.reference}/")
    assert response.context["clock"].status == "missed"
    page = response.content.decode()
    assert 'data-status="missed"' in page and "MISSED by 6 h" in page and "JJ Act 2015 s.31" in page
    assert [f.reference for f in worker_client.get("/intake/found/", {"overdue": "1"}).context["page"]] == [
        found.reference
    ]


def test_clock_open_when_the_journey_extends_the_deadline(world, worker, worker_client):
    found = found_record(worker, hours_ago=30, journey_hours=10)
    clock = clock_view(found)
    assert clock.status == "open" and clock.text in ("due in 4 h", "due in 3 h 59 min")
    due = timezone.localtime(found.found_at + datetime.timedelta(hours=34))
    page = worker_client.get(f"/intake/found/{found.reference}/").content.decode()
    assert f"{due:%Y-%m-%d %H:%M} IST" in page and "due in" in page
    assert list(worker_client.get("/intake/found/", {"overdue": "1"}).context["page"]) == []


def test_clock_met_when_produced_within_the_time(world, worker, worker_client):
    found = found_record(worker, hours_ago=30, produced_after_hours=20)
    assert clock_view(found).status == "met"
    assert worker_client.get(f"/intake/found/{found.reference}/").context["clock"].text == "met"


def test_clock_missed_by_how_long_when_produced_late(worker):
    found = found_record(worker, hours_ago=30, produced_after_hours=27)
    assert clock_view(found).text == "MISSED by 3 h"


def test_duration_text():
    assert duration_text(datetime.timedelta(hours=5, minutes=20, seconds=30)) == "5 h 20 min"
    assert duration_text(datetime.timedelta(minutes=7)) == "7 min"


def test_production_before_being_found_is_refused_and_nothing_is_saved(world, worker_client):
    found_at = timezone.now() - datetime.timedelta(hours=5)
    early = local_input(found_at - datetime.timedelta(hours=2))
    before = _counts()
    response = worker_client.post(
        "/intake/found/new/", _found(world, found_at=local_input(found_at), produced_before_cwc_at=early)
    )
    assert "produced_before_cwc_at" in response.context["form"].errors
    assert _counts() == before


def test_recording_production_on_the_page(world, worker, worker_client, cwc):
    found = found_record(worker, hours_ago=5)
    response = worker_client.post(
        f"/intake/found/{found.reference}/production/",
        {"produced_before_cwc_at": local_input(found.found_at - datetime.timedelta(hours=1)), "cwc": cwc.pk},
    )
    assert response.status_code == 200
    assert "produced_before_cwc_at" in response.context["production_form"].errors
    found.refresh_from_db()
    assert found.produced_before_cwc_at is None and found.cwc is None
    produced = found.found_at + datetime.timedelta(hours=3)
    response = worker_client.post(
        f"/intake/found/{found.reference}/production/", {"produced_before_cwc_at": local_input(produced), "cwc": cwc.pk}
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.cwc == cwc and found.produced_before_cwc_at == produced.replace(second=0, microsecond=0)
    assert clock_view(found).status == "met"


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("found_at", {"found_at": local_input(timezone.now() + datetime.timedelta(days=1))}),
        ("date_of_birth", {"date_of_birth": (timezone.localdate() + datetime.timedelta(days=30)).isoformat()}),
        ("age_estimate_years", {"age_estimate_years": "40"}),
        ("district", {"district": "999999"}),
        ("found_place", {"found_place": "x" * 600}),
        ("journey_hours", {"journey_hours": "100"}),
        ("father_name", {"father_name": "x" * 201}),
        ("how", {"how": "teleported"}),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, worker_client, field, change):
    before = _counts()
    response = worker_client.post("/intake/found/new/", _found(world, **change))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Nothing was saved" in response.content.decode()
    assert _counts() == before


def test_a_child_who_names_only_its_state_is_recorded_with_it_and_a_contradiction_is_refused(world, worker_client):
    before = _counts()
    contradiction = _found(world, home_district=world.district_b.pk, home_state=world.state_a.pk)
    response = worker_client.post("/intake/found/new/", contradiction)
    assert response.status_code == 200
    assert response.context["form"].errors["home_state"] == ["The home district is in another state."]
    assert _counts() == before
    worker_client.post("/intake/found/new/", _found(world, home_state=world.state_b.pk))
    child = FoundChild.objects.get().child
    assert (child.home_district, child.home_state) == (None, world.state_b)
    page = worker_client.get(f"/intake/found/{FoundChild.objects.get().reference}/").content.decode()
    assert "State B" in page


def test_the_district_must_be_within_ones_jurisdiction(world, worker_client):
    response = worker_client.post("/intake/found/new/", _found(world, district=world.district_b.pk))
    assert response.context["form"].errors["district"] == ["Choose a district from the list."]
    assert _counts() == (0, 0, 0)


def test_placement_and_statement(world, worker, worker_client):
    found = found_record(worker, hours_ago=30)
    home = OrganisationFactory.create(
        name="Shelter A", kind=OrganisationKind.SHELTER_HOME, districts=[world.district_a]
    )
    elsewhere = OrganisationFactory.create(kind=OrganisationKind.SHELTER_HOME, districts=[world.district_b])
    page = worker_client.get(f"/intake/found/{found.reference}/")
    assert list(page.context["placement_form"].fields["institution"].queryset) == [home]
    today = timezone.localdate().isoformat()
    refused = worker_client.post(
        f"/intake/found/{found.reference}/placement/", {"institution": elsewhere.pk, "placed_on": today}
    )
    assert "institution" in refused.context["placement_form"].errors
    early = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    refused = worker_client.post(
        f"/intake/found/{found.reference}/placement/", {"institution": home.pk, "placed_on": early}
    )
    assert "placed_on" in refused.context["placement_form"].errors
    assert not Placement.objects.exists()
    worker_client.post(f"/intake/found/{found.reference}/placement/", {"institution": home.pk, "placed_on": today})
    worker_client.post(
        f"/intake/found/{found.reference}/statement/",
        {"recorded_on": today, "language": "Bhojpuri", "text": "He was brought from Gaya by a man called Pappu."},
    )
    assert Placement.objects.get().institution == home
    assert Statement.objects.get().text.startswith("He was brought")
    labels = [str(event.label) for event in found_timeline(FoundChild.objects.get(pk=found.pk))]
    assert labels[0] == "Found or rescued" and "Production before the CWC due" in labels
    assert {"Placed", "Statement recorded"} <= set(labels)
    page = worker_client.get(f"/intake/found/{found.reference}/").content.decode()
    assert "Pappu" in page and "Shelter A" in page
    timeline = page[page.index('data-testid="timeline"') :]
    assert "Pappu" not in timeline[: timeline.index("</ol>")]  # the statement's words stay out of the timeline


def test_status_change(world, worker, worker_client):
    found = found_record(worker, hours_ago=1)
    worker_client.post(f"/intake/found/{found.reference}/status/", {"status": "traced"})
    found.refresh_from_db()
    assert found.status == "traced" and found.status_changed_at is not None
    refused = worker_client.post(f"/intake/found/{found.reference}/status/", {"status": "lost"})
    assert "status" in refused.context["status_form"].errors


def test_the_overdue_selector_lists_only_children_past_their_cwc_time(world):
    from picket.accounts.access import actor_for
    from picket.intake.selectors import cwc_overdue
    from picket.testing.factories import child_for

    worker = world.user(Role.CASE_WORKER, inside=True)
    now = timezone.now()
    rows = {}
    for label, hours_ago, journey in (("late", 30, 0), ("journey", 30, 10), ("fresh", 5, 0)):
        rows[label] = FoundChild.objects.create(
            child=child_for(worker), found_at=now - datetime.timedelta(hours=hours_ago), district=world.district_a,
            how="railway", journey_hours=journey, organisation=world.organisation_a, created_by=worker,
        )  # fmt: skip
    assert list(cwc_overdue(actor=actor_for(worker), now=now)) == [rows["late"]]
