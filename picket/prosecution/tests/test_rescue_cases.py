"""A police case recorded from its rescue operation: the rescue is linked, its children become the victims, and the
rescue's CWC clocks (JJ Act s.31) show on the case page and follow a production recorded later in intake."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.accounts.services import api_token_create
from picket.intake import services as intake_services
from picket.intake.tests.conftest import found_record
from picket.prosecution import services
from picket.prosecution.models import Deadline, PoliceCase
from picket.prosecution.tests.factories import FIR_NUMBER, police_station
from picket.testing.auth import login_verified
from picket.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rescue(world, officer):
    worker = world.user(Role.CASE_WORKER, inside=True)
    found = found_record(worker, hours_ago=30)  # its 24 hours ran out: the clock is missed until production
    return services.rescue_operation_record(actor=actor_for(officer), rescued_at=found.found_at,
                                            district=world.district_a, lead_agency=world.organisation_a,
                                            children_rescued=[found])  # fmt: skip


def test_the_case_form_comes_prefilled_from_the_rescue_and_takes_its_children_as_victims(world, officer, rescue):
    client = login_verified(Client(), officer)
    page = client.get(f"/prosecution/rescues/{rescue.reference}/").content.decode()
    assert f"/prosecution/cases/new/?rescue={rescue.reference}" in page
    form = client.get(f"/prosecution/cases/new/?rescue={rescue.reference}").content.decode()
    assert f'value="{rescue.reference}" selected' in form
    response = client.post("/prosecution/cases/new/", {
        "fir_number": FIR_NUMBER, "fir_registered_on": timezone.localdate().isoformat(),
        "police_station": police_station(world).pk, "district": world.district_a.pk, "sections": "BNS 143",
        "rescue_operation": rescue.reference,
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-2000:]
    case = PoliceCase.objects.get()
    found = rescue.children_rescued.get()
    assert case.rescue_operation == rescue and list(case.victims.all()) == [found.child]
    page = client.get(response["Location"]).content.decode()
    assert 'data-rule="jj31_cwc_production" data-status="missed"' in page and "JJ Act 2015 s.31" in page

    # Production recorded later in intake: the rescue's clock follows it at once (a signal from intake).
    cwc = OrganisationFactory.create(name="CWC District A", kind="cwc", districts=[world.district_a])
    worker = world.user(Role.CASE_WORKER, inside=True)
    late = found.found_at + datetime.timedelta(hours=28)
    intake_services.found_child_record_production(actor=actor_for(worker), found=found, cwc=cwc, produced_at=late)
    clock = Deadline.objects.get(rescue_operation=rescue)
    assert clock.computed_status == "missed" and clock.met_at is not None  # produced, but after its 24 hours


def test_a_production_in_time_meets_the_rescue_clock_on_the_rescue_page(world, officer, rescue):
    found = rescue.children_rescued.get()
    found.produced_before_cwc_at = found.found_at + datetime.timedelta(hours=3)  # as intake records it
    found.save(update_fields=["produced_before_cwc_at"])
    page = login_verified(Client(), officer).get(f"/prosecution/rescues/{rescue.reference}/").content.decode()
    assert 'data-status="met"' in page
    assert Deadline.objects.get(rescue_operation=rescue).computed_status == "met"


def test_the_api_links_a_case_to_a_rescue_in_scope_only(world, officer, rescue):
    _row, token = api_token_create(actor=actor_for(officer), name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {"fir_number": FIR_NUMBER, "fir_registered_on": "2025-01-05", "police_station_id": police_station(world).pk,
            "district_code": world.district_a.lgd_code, "sections": ["BNS 143"]}  # fmt: skip
    response = api.post("/api/v1/prosecution/cases", body | {"rescue_reference": rescue.reference},
                        content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    assert json.loads(response.content)["rescue_reference"] == rescue.reference
    outsider = world.user(Role.LEGAL_OFFICER, inside=False)
    _row, token = api_token_create(actor=actor_for(outsider), name="t")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        "/api/v1/prosecution/cases",
        body | {"rescue_reference": rescue.reference, "fir_number": "FIR 9/2025"},
        content_type="application/json",
    )
    assert response.status_code in (400, 422) and PoliceCase.objects.count() == 1


def test_accused_apprehended_in_the_rescue_through_the_case_and_the_api(world, officer, rescue):
    from picket.people.models import AccusedPerson
    from picket.prosecution.tests.factories import police_case

    client = login_verified(Client(), officer)
    without_rescue = police_case(world, officer)
    body = {
        "accused-name": "Demo Accused",
        "accused-custody_status": "not_arrested",
        "accused-apprehended_in_rescue": "on",
    }
    response = client.post(f"/prosecution/cases/{without_rescue.reference}/event/accused/", body)
    assert response.status_code == 200 and "comes from no rescue operation" in response.content.decode()
    assert not AccusedPerson.objects.exists()  # refused: nothing saved

    with_rescue = police_case(world, officer, fir_number="FIR 2/2025", rescue_operation=rescue)
    response = client.post(f"/prosecution/cases/{with_rescue.reference}/event/accused/", body)
    assert response.status_code == 302
    person = AccusedPerson.objects.get()
    assert list(rescue.accused_apprehended.all()) == [person]

    _row, token = api_token_create(actor=actor_for(officer), name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api.post("/api/v1/prosecution/rescues", {
        "rescued_at": timezone.now().isoformat(), "district_code": world.district_a.lgd_code,
        "lead_agency_id": world.organisation_a.pk, "accused_references": [person.reference],
    }, content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    assert json.loads(response.content)["accused_references"] == [person.reference]
