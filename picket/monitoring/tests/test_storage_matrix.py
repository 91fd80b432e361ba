"""Every role, inside and outside district A, against monitoring's reads and writes. A denied write changes
nothing. Expected role sets are written out (storage_helpers), not derived from the permission table."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.monitoring import selectors
from picket.monitoring.importing import ads_import
from picket.monitoring.models import Ad, Alert, Establishment, EstablishmentKind, WatchlistEntry
from picket.monitoring.services_establishments import establishment_create, inspection_record
from picket.monitoring.services_watch import (
    alert_assign,
    alert_attach_case,
    alert_dismiss,
    alert_to_tip,
    watchlist_add,
)
from picket.monitoring.tests.storage_helpers import (
    MONITORING_MANAGERS,
    MONITORING_VIEWERS,
    RISKY,
    analyst,
    ingest,
    local_source,
)
from picket.testing.rolematrix import SEATS, seat_id, snapshot

pytestmark = pytest.mark.django_db
DENIED = (PermissionDenied, ValidationError, Http404)


@pytest.fixture
def alert(world):
    actor = analyst(world)
    source = local_source(world)
    first = ingest(actor, source, RISKY).ad
    watchlist_add(actor=actor, kind="phone", value="9000012345", ad=first)
    ingest(actor, source, "Maids wanted, call 9000012345 today")
    return Alert.objects.get()


def _attempt(call, *, allowed: bool, unchanged) -> None:
    if allowed:
        call()
        return
    with pytest.raises(DENIED):
        call()
    assert unchanged()


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_reading_ads_alerts_networks_and_watchlists(world, alert, seat):
    actor = actor_for(world.user(seat.role, inside=seat.inside))
    visible = seat.inside and seat.role in MONITORING_VIEWERS
    assert selectors.ad_list(actor=actor).exists() is visible
    assert selectors.alert_list(actor=actor).exists() is visible
    assert selectors.network_list(actor=actor).exists() is visible
    assert selectors.watchlist_list(actor=actor).exists() is visible
    assert selectors.capture_list(actor=actor).exists() is visible
    assert selectors.ads_with_identifier(actor=actor, kind="phone", value="9000012345").exists() is visible
    assert selectors.source_list(actor=actor).exists() is (seat.role in MONITORING_VIEWERS)


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_adding_to_the_watchlist(world, alert, seat):
    actor = actor_for(world.user(seat.role, inside=seat.inside))
    before = snapshot(WatchlistEntry.objects.all())
    _attempt(
        lambda: watchlist_add(actor=actor, kind="phone", value="9000077777", ad=alert.ad),
        allowed=seat.inside and seat.role in MONITORING_MANAGERS,
        unchanged=lambda: snapshot(WatchlistEntry.objects.all()) == before,
    )


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_dismissing_an_alert(world, alert, seat):
    actor = actor_for(world.user(seat.role, inside=seat.inside))
    before = snapshot(Alert.objects.all())
    _attempt(
        lambda: alert_dismiss(actor=actor, alert=alert, reason="false_match"),
        allowed=seat.inside and seat.role in MONITORING_MANAGERS,
        unchanged=lambda: snapshot(Alert.objects.all()) == before,
    )


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_assigning_an_alert_to_someone_who_can_see_it(world, alert, seat):
    actor = actor_for(world.user(seat.role, inside=seat.inside))
    coordinator = world.user(Role.DISTRICT_COORDINATOR, inside=True)
    before = snapshot(Alert.objects.all())
    _attempt(
        lambda: alert_assign(actor=actor, alert=alert, assignee=coordinator),
        allowed=seat.inside and seat.role in MONITORING_MANAGERS,
        unchanged=lambda: snapshot(Alert.objects.all()) == before,
    )


def test_an_alert_cannot_go_to_someone_who_cannot_see_it(world, alert):
    with pytest.raises(ValidationError):
        alert_assign(actor=analyst(world), alert=alert, assignee=world.user(Role.CASE_WORKER, inside=True))
    with pytest.raises(ValidationError):
        alert_assign(actor=analyst(world), alert=alert, assignee=world.user(Role.MONITORING_ANALYST, inside=False))


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_turning_an_alert_into_a_tip(world, alert, seat):
    from picket.intake.models import Tip

    actor = actor_for(world.user(seat.role, inside=seat.inside))
    before = snapshot(Alert.objects.all(), Tip.objects.all())
    allowed = seat.inside and seat.role in {Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}
    _attempt(
        lambda: alert_to_tip(actor=actor, alert=alert),
        allowed=allowed,
        unchanged=lambda: snapshot(Alert.objects.all(), Tip.objects.all()) == before,
    )
    if allowed:
        alert.refresh_from_db()
        assert alert.status == "tip_created" and alert.created_tip.caller_reference == alert.reference
        assert alert.created_tip.source == "monitoring"  # the tip says where it came from


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_attaching_an_alert_to_a_case(world, alert, seat):
    from picket.prosecution.tests.factories import legal_officer, police_case

    case = police_case(world, legal_officer(world))
    actor = actor_for(world.user(seat.role, inside=seat.inside))
    before = snapshot(Alert.objects.all())
    _attempt(
        lambda: alert_attach_case(actor=actor, alert=alert, police_case=case),
        allowed=seat.inside
        and seat.role in {Role.LEGAL_OFFICER, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER},
        unchanged=lambda: snapshot(Alert.objects.all()) == before,
    )


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_recording_establishments_and_inspections(world, seat):
    actor = actor_for(world.user(seat.role, inside=seat.inside))
    before = snapshot(Establishment.objects.all())
    allowed = seat.inside and seat.role in MONITORING_MANAGERS
    _attempt(
        lambda: establishment_create(
            actor=actor, kind=EstablishmentKind.SPA, name="Lotus Wellness Spa", district=world.district_a
        ),
        allowed=allowed,
        unchanged=lambda: snapshot(Establishment.objects.all()) == before,
    )
    existing = establishment_create(
        actor=analyst(world), kind=EstablishmentKind.BRICK_KILN, name="Kiln number four", district=world.district_a
    )
    before = snapshot(Establishment.objects.all())
    _attempt(
        lambda: inspection_record(
            actor=actor, establishment=existing, inspected_on=datetime.date(2025, 1, 2), outcome="violation"
        ),
        allowed=allowed,
        unchanged=lambda: snapshot(Establishment.objects.all()) == before and not existing.inspections.exists(),
    )


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_importing_a_file_of_ads(world, seat):
    actor = actor_for(world.user(seat.role, inside=seat.inside))
    data = b"id,source,posted_at,city,text\na1,Site,2025-01-02,,Girls 14-16 yrs wanted call 9000012345\n"
    _attempt(
        lambda: ads_import(actor=actor, data=data),
        allowed=seat.role in MONITORING_MANAGERS,
        unchanged=lambda: not Ad.objects.exists(),
    )
