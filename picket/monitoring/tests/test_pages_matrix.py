"""Role matrix over every monitoring page and form: every role, inside and outside district A. Readers covering
the record see it; a denied write changes nothing; search results are scoped. Expected role sets are written out
(storage_helpers), not derived from the permission table."""

from __future__ import annotations

import pytest

from picket.accounts.roles import Role
from picket.intake.models import Tip
from picket.monitoring.models import Ad, AdIdentifier, Alert, WatchlistEntry
from picket.monitoring.services_watch import watchlist_add
from picket.monitoring.tests.storage_helpers import (
    MONITORING_MANAGERS,
    MONITORING_VIEWERS,
    RISKY,
    analyst,
    ingest,
    local_source,
)
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)
PHONE = "9000012345"
OTHER_PHONE = "9000054321"
TIP_MAKERS = {Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}
CASE_MANAGERS = {Role.LEGAL_OFFICER, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}


class Scene:
    def __init__(self, world):
        actor = analyst(world)
        source = local_source(world)
        self.first = ingest(actor, source, RISKY).ad
        watchlist_add(actor=actor, kind="phone", value=PHONE, ad=self.first)
        self.second = ingest(actor, source, "Maids wanted, girls 15 yrs, no documents, call 9000012345 today").ad
        self.third = ingest(actor, source, f"New young girls in spa 24x7 full service, whatsapp {OTHER_PHONE}").ad
        self.alert = Alert.objects.get(ad=self.second)
        for ad in (self.first, self.second, self.third):
            ad.refresh_from_db()
        assert self.first.network_id and self.first.network_id == self.second.network_id


@pytest.fixture
def scene(world):
    return Scene(world)


def _everything():
    return snapshot(
        Ad.objects.all(), AdIdentifier.objects.all(), WatchlistEntry.objects.all(), Alert.objects.all(),
        Tip.objects.all(),
    )  # fmt: skip


def _viewer(seat):
    return seat.role in MONITORING_VIEWERS


@matrix
def test_desk(world, scene, seat):
    response = world.client_for(seat).get("/monitoring/")
    assert_access(response, allowed=_viewer(seat))
    page = response.content.decode()
    shown = seat.inside and _viewer(seat)
    assert (scene.first.reference in page) == shown
    assert (scene.alert.reference in page) == shown
    assert (scene.second.network.reference in page) == shown


@matrix
def test_ad_page(world, scene, seat):
    response = world.client_for(seat).get(f"/monitoring/ads/{scene.first.pk}/")
    allowed = seat.inside and _viewer(seat)
    assert_access(response, allowed=allowed)
    if allowed:
        page = response.content.decode()
        assert PHONE in page and "minor_age" in page and scene.first.sightings.get().capture.sha256 in page
        assert f"/monitoring/networks/{scene.first.network_id}/" in page
        assert ('data-testid="watch-form"' in page) == (seat.role in MONITORING_MANAGERS)


@matrix
def test_network_page(world, scene, seat):
    response = world.client_for(seat).get(f"/monitoring/networks/{scene.second.network_id}/")
    allowed = seat.inside and _viewer(seat)
    assert_access(response, allowed=allowed)
    if allowed:
        page = response.content.decode()
        assert scene.first.reference in page and scene.second.reference in page and PHONE in page
        assert "<mark" in page  # the template, its varying words highlighted


@matrix
def test_adding_an_ads_phone_to_the_watchlist(world, scene, seat):
    identifier = scene.third.identifiers.get(kind="phone")
    before = _everything()
    response = world.client_for(seat).post(
        f"/monitoring/ads/{scene.third.pk}/watch/", {"identifier": identifier.pk, "note": "same operator"}
    )
    allowed = seat.inside and seat.role in MONITORING_MANAGERS
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    watched = WatchlistEntry.objects.filter(ad=scene.third, value_index=identifier.value_index).exists()
    assert watched == allowed


@matrix
def test_alert_pages(world, scene, seat):
    client = world.client_for(seat)
    listed = client.get("/monitoring/alerts/")
    assert_access(listed, allowed=_viewer(seat))
    assert (scene.alert.reference in listed.content.decode()) == (seat.inside and _viewer(seat))
    page = client.get(f"/monitoring/alerts/{scene.alert.pk}/")
    assert_access(page, allowed=seat.inside and _viewer(seat))


@matrix
def test_assigning_an_alert(world, scene, seat):
    coordinator = world.user(Role.DISTRICT_COORDINATOR, inside=True)
    before = _everything()
    response = world.client_for(seat).post(f"/monitoring/alerts/{scene.alert.pk}/assign/", {"assignee": coordinator.pk})
    allowed = seat.inside and seat.role in MONITORING_MANAGERS
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    scene.alert.refresh_from_db()
    assert (scene.alert.assignee_id == coordinator.pk) == allowed


@matrix
def test_dismissing_an_alert(world, scene, seat):
    before = _everything()
    response = world.client_for(seat).post(
        f"/monitoring/alerts/{scene.alert.pk}/dismiss/", {"reason": "false_match", "note": "another shop"}
    )
    allowed = seat.inside and seat.role in MONITORING_MANAGERS
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    scene.alert.refresh_from_db()
    assert (scene.alert.status == "dismissed") == allowed


@matrix
def test_turning_an_alert_into_a_tip(world, scene, seat):
    before = _everything()
    response = world.client_for(seat).post(f"/monitoring/alerts/{scene.alert.pk}/tip/", {"district": ""})
    allowed = seat.inside and seat.role in TIP_MAKERS
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    scene.alert.refresh_from_db()
    assert (scene.alert.status == "tip_created") == allowed
    assert Tip.objects.filter(caller_reference=scene.alert.reference).exists() == allowed


@matrix
def test_attaching_an_alert_to_a_case(world, scene, seat):
    from picket.prosecution.tests.factories import legal_officer, police_case

    case = police_case(world, legal_officer(world))
    before = _everything()
    response = world.client_for(seat).post(f"/monitoring/alerts/{scene.alert.pk}/attach/", {"police_case": case.pk})
    allowed = seat.inside and seat.role in CASE_MANAGERS
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    scene.alert.refresh_from_db()
    assert (scene.alert.police_case_id == case.pk) == allowed


@matrix
def test_search_by_phone_is_posted_and_scoped(world, scene, seat):
    """An ad in district B carries the same phone: each seat finds only the ads of its own districts."""
    ad_b = ingest(analyst(world, inside=False), local_source(world, inside=False), f"Hotel jobs, call {PHONE}").ad
    client = world.client_for(seat)
    response = client.post("/monitoring/search/", {"kind": "phone", "value": f"+91 {PHONE[:5]} {PHONE[5:]}"})
    assert_access(response, allowed=_viewer(seat))
    if not _viewer(seat):
        return
    assert response.status_code == 302 and PHONE[-5:] not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert (scene.first.reference in page) == seat.inside
    assert (scene.second.reference in page) == seat.inside
    assert (ad_b.reference in page) == (not seat.inside)
    assert scene.third.reference not in page
