"""Ads into the database: re-captures recognised, identifiers encrypted and searchable, networks, alerts."""

from __future__ import annotations

import pytest
from django.db import connection

from picket.accounts.access import actor_for
from picket.monitoring import selectors
from picket.monitoring.models import (
    Ad,
    AdIdentifier,
    Alert,
    AlertKind,
    Capture,
    CustodyEvent,
    EstablishmentKind,
    Network,
    RegistrationStatus,
)
from picket.monitoring.services_establishments import establishment_create
from picket.monitoring.services_watch import watchlist_add, watchlist_sync_accused
from picket.monitoring.tests.storage_helpers import GENUINE, RISKY, analyst, ingest, local_source

pytestmark = pytest.mark.django_db


def test_a_new_ad_is_analysed_stored_encrypted_and_found_by_its_phone(world):
    actor, source = analyst(world), local_source(world)
    result = ingest(actor, source, RISKY, url="https://listing.example.invalid/ad/1")
    ad = result.ad
    assert result.created and ad.flagged and ad.risk_score > 0.5
    assert ad.district == world.district_a
    assert "minor_age" in [row["id"] for row in ad.indicators] and ad.reason_lines
    assert set(AdIdentifier.objects.filter(ad=ad).values_list("kind", flat=True)) >= {"phone"}
    assert list(selectors.ads_with_identifier(actor=actor, kind="phone", value="+91 90000 12345")) == [ad]
    capture = Capture.objects.get()
    assert len(capture.sha256) == 64 and capture.content.read() == RISKY.encode()
    assert CustodyEvent.objects.filter(capture=capture, kind="captured").count() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT text, url FROM monitoring_ad")
        stored_text, stored_url = cursor.fetchone()
        cursor.execute("SELECT value FROM monitoring_adidentifier")
        stored_values = [row[0] for row in cursor.fetchall()]
    assert "9000012345" not in stored_text and "Girls" not in stored_text and "listing" not in stored_url
    assert all("9000012345" not in value for value in stored_values)


def test_a_recapture_is_recognised_by_address_and_by_text(world):
    actor, source = analyst(world), local_source(world)
    first = ingest(actor, source, RISKY, url="https://listing.example.invalid/ad/1").ad
    by_url = ingest(actor, source, RISKY + " Hurry!", url="https://listing.example.invalid/ad/1")
    assert not by_url.created and by_url.recognised_by == "url" and by_url.ad.pk == first.pk
    by_text = ingest(actor, source, "  " + (RISKY + " Hurry!").upper().replace(" ", "   ") + " ")
    assert not by_text.created and by_text.recognised_by == "text" and by_text.ad.pk == first.pk
    first.refresh_from_db()
    assert first.sightings_count == 3 and first.sightings.count() == 3
    assert Ad.objects.count() == 1
    other = ingest(actor, source, GENUINE)
    assert other.created and Ad.objects.count() == 2


def test_ads_sharing_a_phone_form_a_network_and_networks_merge(world):
    actor, source = analyst(world), local_source(world)
    a = ingest(actor, source, "Spa therapist girls needed 24x7, call 9000011111").ad
    b = ingest(actor, source, "Hotel staff wanted, stay free, contact 9000022222").ad
    assert a.network is None and b.network is None
    c = ingest(actor, source, "New young girls for body massage, whatsapp 9000011111").ad
    a.refresh_from_db()
    assert c.network is not None and a.network == c.network
    d = ingest(actor, source, "Freshers needed urgently 9000022222 or 9000011111").ad
    b.refresh_from_db()
    network = d.network
    assert network is not None and b.network == network == Ad.objects.get(pk=a.pk).network
    network.refresh_from_db()
    assert network.ad_count == 4 and Network.objects.filter(merged_into__isnull=True, ad_count__gt=0).count() == 1


def test_a_watchlisted_phone_reappearing_raises_one_alert(world):
    actor, source = analyst(world), local_source(world)
    first = ingest(actor, source, RISKY).ad
    entry = watchlist_add(actor=actor, kind="phone", value="90000 12345", ad=first)
    assert entry.district == world.district_a
    assert not Alert.objects.exists()  # the watchlist looks forward: new ads and tips
    reappears = ingest(actor, source, "Need maids urgently, good pay. Contact nine0000 12345").ad
    alert = Alert.objects.get()
    assert alert.kind == AlertKind.WATCHLIST and alert.ad == reappears and alert.watchlist_entry == entry
    assert alert.district == world.district_a and alert.status == "new"
    ingest(actor, source, "Need maids urgently, good pay. Contact nine0000 12345")  # a re-capture
    assert Alert.objects.count() == 1


def test_an_accused_phone_from_a_case_is_watched(world):
    from picket.prosecution.services import accused_person_register
    from picket.prosecution.tests.factories import legal_officer

    officer = actor_for(legal_officer(world))
    accused_person_register(actor=officer, name="Bhola Prasad", district=world.district_a, phone="9000055555")
    assert watchlist_sync_accused() == 1
    assert watchlist_sync_accused() == 0
    ingest(analyst(world), local_source(world), "Girls for hotel work abroad, visa free, call 9000055555")
    entry = Alert.objects.get().watchlist_entry
    assert entry is not None and entry.origin == "accused" and entry.accused is not None


def test_an_unregistered_placement_agency_advertising_raises_an_alert(world):
    actor, source = analyst(world), local_source(world)
    agency = establishment_create(
        actor=actor, kind=EstablishmentKind.PLACEMENT_AGENCY, name="Sunrise Maid Services", district=world.district_a,
        registration_status=RegistrationStatus.UNREGISTERED, phones=["9000033333"],
    )  # fmt: skip
    ad = ingest(actor, source, "Domestic helpers available 24 hours, call 9000033333").ad
    alert = Alert.objects.get(kind=AlertKind.UNREGISTERED_AGENCY)
    assert alert.ad == ad and alert.establishment == agency
    assert agency.links.filter(ad=ad, linked_by="phone").exists()


def test_a_placement_ad_without_a_registered_agency_behind_it_raises_an_alert(world):
    actor, source = analyst(world), local_source(world)
    establishment_create(
        actor=actor, kind=EstablishmentKind.PLACEMENT_AGENCY, name="Trusted Home Care", district=world.district_a,
        registration_status=RegistrationStatus.REGISTERED, registration_number="PSARA-0042", phones=["9000044444"],
    )  # fmt: skip
    ingest(actor, source, "Placement agency: maids, nannies, cooks for families. Call 9000044444")
    assert not Alert.objects.exists()
    ingest(actor, source, "Placement services for girls, any age, same day joining. Call 9000066666")
    assert Alert.objects.filter(kind=AlertKind.UNREGISTERED_AGENCY, establishment__isnull=True).count() == 1


def test_ads_without_a_district_are_seen_by_national_roles_only(world):
    from picket.accounts.roles import JurisdictionKind, Role
    from picket.testing.factories import UserFactory

    actor = analyst(world)
    source = local_source(world)
    source.district = None
    source.save()
    ad = ingest(actor, source, GENUINE).ad
    assert ad.district is None
    assert not selectors.ad_list(actor=actor).exists()
    national = UserFactory.create(role=Role.MONITORING_ANALYST, jurisdiction_kind=JurisdictionKind.NATIONAL,
                                  organisation=world.organisation_a)  # fmt: skip
    assert list(selectors.ad_list(actor=actor_for(national))) == [ad]


def test_an_ad_without_a_city_field_takes_the_first_indian_place_its_text_names(world):
    """Feeds and pages rarely carry a city: without one, the network page's cities over time showed nothing."""
    actor, source = analyst(world), local_source(world)
    ad = ingest(actor, source, "Girls 15 yrs for Dubai hotel job, interview in Patna, call 9000012345").ad
    assert ad.city == "Patna"
    plain = ingest(actor, source, GENUINE).ad
    assert plain.city == ""


def test_the_network_index_is_built_again_once_the_stored_ads_have_doubled(world, monkeypatch):
    """The boilerplate is learnt when the index is built: what a new installation learnt from its first ads must
    not stay for good. Rebuilt at doubling, so the total cost stays linear."""
    from picket.monitoring import stored_index

    monkeypatch.setattr(stored_index, "REBUILD_FROM", 4)
    actor, source = analyst(world), local_source(world)
    built: list[tuple[object, object]] = []
    for number in range(9):
        ingest(actor, source, f"{GENUINE} Office number {number} in Gaya, posting {number * 7}.")
        index = stored_index._state["index"]
        if not built or built[-1][0] is not index:
            built.append((index, stored_index._state["built_with"]))
    # Built before the first ad (from none stored), then again from 4 and from 8 stored ads.
    assert [size for _, size in built] == [0, 4, 8]
