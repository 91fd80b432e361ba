"""Establishment pages beyond the role matrix: bad input is a field error (never a 500), filters and pages, what
the detail page shows and hides, linking by reference only within sight, manual links audited, and no phone or
name in a URL."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.audit.models import AuditEvent
from picket.intake.services import tip_record
from picket.monitoring.models import Establishment, EstablishmentLink, Inspection, LinkedBy
from picket.monitoring.services_establishments import establishment_create
from picket.monitoring.tests.storage_helpers import RISKY, analyst, ingest, local_source
from picket.testing.auth import login_verified

pytestmark = pytest.mark.django_db
PHONE = "9000012345"
NAME = "Shree Ganesh Placement"
LINKS = re.compile(r"""(?:href|action|src|hx-get)=["']([^"']*)["']""")


@pytest.fixture
def actor(world):
    return analyst(world)


@pytest.fixture
def client(actor):
    return login_verified(Client(), actor.user)


@pytest.fixture
def agency(world, actor):
    return establishment_create(
        actor=actor, kind="placement_agency", name=NAME, district=world.district_a,
        registration_status="unregistered", phones=[PHONE], address="Shop 4, Station Road",
    )  # fmt: skip


def test_bad_input_is_a_field_error(world, client, agency):
    base = {"kind": "spa", "name": "Lotus Spa", "district": world.district_a.pk, "registration_status": "unknown"}
    cases = [
        ({"name": ""}, "name"),
        ({"kind": "casino"}, "kind"),
        ({"district": world.district_b.pk}, "district"),
        ({"district": "not-a-number"}, "district"),
        ({"registration_status": "unregistered", "registration_valid_until": "2030-01-01"}, "registration_valid_until"),
        ({"registration_valid_until": "31/02/2025"}, "registration_valid_until"),
        ({"phones": "12345"}, "phones"),
        ({"phones": "\n".join(f"90000{n:05d}" for n in range(25))}, "phones"),
    ]
    for values, field in cases:
        response = client.post("/monitoring/establishments/new/", {**base, **values})
        assert response.status_code == 200, values
        assert field in response.context["form"].errors, (values, response.context["form"].errors)
    assert Establishment.objects.count() == 1
    inspection = client.post(
        f"/monitoring/establishments/{agency.pk}/inspections/", {"inspected_on": "2999-01-01", "outcome": "violation"}
    )
    assert inspection.status_code == 200 and "inspected_on" in inspection.context["inspection_form"].errors
    assert not Inspection.objects.exists()
    for path in ("ads", "tips", "rescues"):
        response = client.post(f"/monitoring/establishments/{agency.pk}/{path}/", {"reference": "X-NOPE"})
        assert response.status_code in (200, 403)
    assert client.post(f"/monitoring/establishments/{agency.pk}/ads/", {"reference": ""}).status_code == 200
    assert client.get("/monitoring/establishments/?kind=casino&district=abc&page=zz").status_code == 200
    assert client.get("/monitoring/establishments/999999/").status_code == 404


def test_create_and_edit(world, client, agency):
    response = client.post(
        "/monitoring/establishments/new/",
        {"kind": "spa", "name": "Lotus Spa", "district": world.district_a.pk, "registration_status": "registered",
         "registration_number": "SPA/77", "registration_valid_until": "2027-03-31", "phones": "90000 11111\n",
         "handles": "@lotus_spa"},
    )  # fmt: skip
    spa = Establishment.objects.get(kind="spa")
    assert response["Location"] == f"/monitoring/establishments/{spa.pk}/"
    assert sorted(spa.identifiers.values_list("kind", flat=True)) == ["handle", "phone"]
    edit = client.get(f"/monitoring/establishments/{spa.pk}/edit/").content.decode()
    assert 'value="SPA/77"' in edit and 'value="2027-03-31"' in edit
    client.post(
        f"/monitoring/establishments/{spa.pk}/edit/",
        {"registration_status": "expired", "registration_number": "SPA/77", "registration_valid_until": "2024-03-31",
         "phones": "9000022222", "address": "Plot 9"},
    )  # fmt: skip
    spa.refresh_from_db()
    assert spa.registration_status == "expired" and spa.address == "Plot 9" and spa.identifiers.count() == 3
    page = client.get(f"/monitoring/establishments/{spa.pk}/").content.decode()
    assert "Registration expired" in page and "9000022222" in page and "2024-03-31" in page


def test_list_filters_and_pages(world, actor, client, agency):
    for n in range(55):
        establishment_create(actor=actor, kind="dhaba", name=f"Dhaba {n}", district=world.district_a)
    first = client.get("/monitoring/establishments/?kind=dhaba").content.decode()
    assert "Page 1 of 2" in first and agency.reference not in first
    registered = client.get("/monitoring/establishments/?registration_status=unregistered").content.decode()
    assert agency.reference in registered and "Dhaba 1" not in registered
    other = client.get(f"/monitoring/establishments/?district={world.district_a2.pk}").content.decode()
    assert agency.reference not in other


def test_the_page_shows_links_within_sight_and_the_ad_page_names_its_establishments(world, actor, client, agency):
    ad = ingest(actor, local_source(world), RISKY).ad  # PHONE: linked by phone, and an unregistered-agency alert
    outside = ingest(analyst(world, inside=False), local_source(world, inside=False), "Hotel jobs, call 9000012345").ad
    assert EstablishmentLink.objects.filter(establishment=agency).count() == 2
    page = client.get(f"/monitoring/establishments/{agency.pk}/").content.decode()
    assert ad.reference in page and outside.reference not in page and "1 more ad outside your districts" in page
    assert "Same phone" in page and "Not registered" in page and "Shop 4, Station Road" in page
    assert ad.alerts.get(kind="unregistered_agency").reference in page
    ad_page = client.get(f"/monitoring/ads/{ad.pk}/").content.decode()
    assert f'hx-get="/monitoring/ads/{ad.pk}/establishments/"' in ad_page
    fragment = client.get(f"/monitoring/ads/{ad.pk}/establishments/").content.decode()
    assert agency.reference in fragment and NAME in fragment and "Same phone" in fragment
    listed = client.get(f"/monitoring/establishments/?ad={ad.pk}").content.decode()
    assert agency.reference in listed


def test_linking_and_unlinking_by_hand_is_audited(world, actor, client, agency):
    ad = ingest(actor, local_source(world), "Cook wanted for a family, salary to bank account").ad
    assert not EstablishmentLink.objects.filter(ad=ad).exists()
    client.post(f"/monitoring/establishments/{agency.pk}/ads/", {"reference": f" {ad.reference.lower()} "})
    link = EstablishmentLink.objects.get(ad=ad)
    assert link.linked_by == LinkedBy.MANUAL and link.created_by == actor.user
    client.post(f"/monitoring/establishments/{agency.pk}/ads/{link.pk}/unlink/")
    assert not EstablishmentLink.objects.filter(ad=ad).exists()
    kinds = list(
        AuditEvent.objects.filter(object_type="monitoring.establishment", object_id=str(agency.pk)).values_list(
            "detail", flat=True
        )
    )
    assert {"fields": ["ads"], "kind": "linked", "count": 1} in kinds  # the agency is unregistered: an alert
    assert {"fields": ["ads"], "kind": "unlinked_manual"} in kinds


def test_a_tip_is_linked_only_when_the_user_may_see_it(world, agency):
    coordinator = world.user(Role.DISTRICT_COORDINATOR, inside=True)
    other = actor_for(world.user(Role.DISTRICT_COORDINATOR, inside=False))
    tip_b = tip_record(actor=other, source="childline_1098", district=world.district_b, what_seen="Girls at a shop")
    client = login_verified(Client(), coordinator)
    response = client.post(f"/monitoring/establishments/{agency.pk}/tips/", {"reference": tip_b.reference})
    assert response.status_code == 200
    assert response.context["tip_form"].errors["reference"] == [
        "No tip with this reference among the tips you may see."
    ]
    assert not EstablishmentLink.objects.filter(tip=tip_b).exists()


def test_no_phone_or_name_in_a_url_or_the_audit_log(world, actor, client, agency):
    ad = ingest(actor, local_source(world), RISKY).ad
    urls: list[str] = []
    for path in (
        "/monitoring/establishments/",
        f"/monitoring/establishments/{agency.pk}/",
        f"/monitoring/establishments/{agency.pk}/edit/",
        f"/monitoring/ads/{ad.pk}/",
        f"/monitoring/ads/{ad.pk}/establishments/",
    ):
        urls.extend(LINKS.findall(client.get(path).content.decode()))
    created = client.post(
        "/monitoring/establishments/new/",
        {"kind": "home", "name": "Ramesh Kumar", "district": world.district_a.pk, "registration_status": "unknown",
         "phones": "9000054321"},
    )  # fmt: skip
    urls.append(created["Location"])
    for secret in (PHONE, PHONE[5:], "9000054321", "Ramesh", "Ganesh"):
        assert not [url for url in urls if secret in url], secret
        assert not [e for e in AuditEvent.objects.all() if secret in json.dumps(e.detail)], secret


def test_a_private_homes_name_is_shown_only_on_its_page_and_the_opening_recorded(world, actor, client):
    home = establishment_create(actor=actor, kind="home", name="Ramesh Kumar", district=world.district_a)
    assert "Ramesh Kumar" not in client.get("/monitoring/establishments/").content.decode()
    assert "Ramesh Kumar" in client.get(f"/monitoring/establishments/{home.pk}/").content.decode()
    assert AuditEvent.objects.filter(
        action="view_identity", object_type="monitoring.establishment", object_id=str(home.pk)
    ).exists()


def test_the_list_costs_the_same_few_queries_however_many_rows(world, actor, client, django_assert_max_num_queries):
    for n in range(30):
        establishment_create(actor=actor, kind="spa", name=f"Spa number {n}", district=world.district_a)
    client.get("/monitoring/establishments/")  # warm the session and the actor
    with django_assert_max_num_queries(15):
        assert client.get("/monitoring/establishments/?kind=spa").status_code == 200


def test_linking_an_ad_by_hand_to_an_unregistered_agency_raises_the_alert(world, actor, client, agency):
    ad = ingest(actor, local_source(world), "House maids and cooks for Delhi families, call Sunita ji").ad
    assert not ad.alerts.exists()
    client.post(f"/monitoring/establishments/{agency.pk}/ads/", {"reference": ad.reference})
    alert = ad.alerts.get()
    assert alert.kind == "unregistered_agency" and alert.establishment == agency
    client.post(f"/monitoring/establishments/{agency.pk}/ads/", {"reference": ad.reference})  # again: no second
    assert ad.alerts.count() == 1
