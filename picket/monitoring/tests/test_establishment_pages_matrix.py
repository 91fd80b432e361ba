"""Role matrix over every establishment page and form: every role, inside and outside district A. Readers
covering the establishment see it; a denied write changes nothing. Expected role sets are written out."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.intake.services import tip_record
from picket.monitoring.models import (
    Establishment,
    EstablishmentIdentifier,
    EstablishmentLink,
    Inspection,
    LinkedBy,
)
from picket.monitoring.services_establishments import establishment_create
from picket.monitoring.tests.storage_helpers import (
    MONITORING_MANAGERS,
    MONITORING_VIEWERS,
    RISKY,
    analyst,
    ingest,
    local_source,
)
from picket.prosecution.services import rescue_operation_record
from picket.prosecution.tests.factories import police_station
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)
PHONE = "9000012345"
# monitoring.view + identity.view (tips) and monitoring.view + prosecution.manage (rescue operations)
LINKERS = {Role.LEGAL_OFFICER, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}


class Scene:
    def __init__(self, world):
        actor = analyst(world)
        self.establishment = establishment_create(
            actor=actor, kind="placement_agency", name="Shree Ganesh Placement", district=world.district_a,
            registration_status="unregistered", phones=[PHONE],
        )  # fmt: skip
        self.ad = ingest(actor, local_source(world), RISKY).ad  # carries PHONE: linked by phone
        self.other_ad = ingest(actor, local_source(world), "Cook wanted for a family, salary to bank account").ad
        coordinator = actor_for(world.user(Role.DISTRICT_COORDINATOR, inside=True))
        self.tip = tip_record(
            actor=coordinator, source="childline_1098", district=world.district_a,
            what_seen="Girls kept at the agency office at night",
        )  # fmt: skip
        self.rescue = rescue_operation_record(
            actor=coordinator, rescued_at=timezone.now() - datetime.timedelta(days=2), district=world.district_a,
            lead_agency=police_station(world),
        )  # fmt: skip


@pytest.fixture
def scene(world):
    return Scene(world)


def _everything():
    return snapshot(
        Establishment.objects.all(), EstablishmentIdentifier.objects.all(), EstablishmentLink.objects.all(),
        Inspection.objects.all(),
    )  # fmt: skip


def _viewer(seat):
    return seat.role in MONITORING_VIEWERS


def _manager(seat):
    return seat.inside and seat.role in MONITORING_MANAGERS


@matrix
def test_list(world, scene, seat):
    response = world.client_for(seat).get("/monitoring/establishments/")
    assert_access(response, allowed=_viewer(seat))
    if _viewer(seat):
        assert (scene.establishment.reference in response.content.decode()) == seat.inside


@matrix
def test_detail(world, scene, seat):
    response = world.client_for(seat).get(f"/monitoring/establishments/{scene.establishment.pk}/")
    allowed = seat.inside and _viewer(seat)
    assert_access(response, allowed=allowed)
    if allowed:
        page = response.content.decode()
        assert scene.ad.reference in page and PHONE in page and "Shree Ganesh Placement" in page
        assert ('data-testid="inspection-form"' in page) == _manager(seat)
        assert ('data-testid="tip-form"' in page) == (seat.role in LINKERS)
        assert ('data-testid="rescue-form"' in page) == (seat.role in LINKERS)


@matrix
def test_the_ads_establishments(world, scene, seat):
    response = world.client_for(seat).get(f"/monitoring/ads/{scene.ad.pk}/establishments/")
    allowed = seat.inside and _viewer(seat)
    assert_access(response, allowed=allowed)
    if allowed:
        assert scene.establishment.reference in response.content.decode()


@matrix
def test_create(world, scene, seat):
    before = _everything()
    response = world.client_for(seat).post(
        "/monitoring/establishments/new/",
        {"kind": "spa", "name": "Lotus Spa", "district": world.district_a.pk, "registration_status": "unknown"},
    )
    created = Establishment.objects.filter(kind="spa").exists()
    if seat.role in MONITORING_MANAGERS and not seat.inside:
        # may use the page, but district A is not among their districts: a field error, nothing written
        assert response.status_code == 200 and "district" in response.context["form"].errors
        assert _everything() == before
        return
    assert_access(response, allowed=_manager(seat), unchanged=lambda: _everything() == before)
    assert created == _manager(seat)


@matrix
def test_edit(world, scene, seat):
    before = _everything()
    response = world.client_for(seat).post(
        f"/monitoring/establishments/{scene.establishment.pk}/edit/",
        {"registration_status": "registered", "registration_number": "RPA/2024/117", "phones": "", "handles": ""},
    )
    assert_access(response, allowed=_manager(seat), unchanged=lambda: _everything() == before)
    scene.establishment.refresh_from_db()
    assert (scene.establishment.registration_status == "registered") == _manager(seat)


@matrix
def test_recording_an_inspection(world, scene, seat):
    before = _everything()
    response = world.client_for(seat).post(
        f"/monitoring/establishments/{scene.establishment.pk}/inspections/",
        {"inspected_on": "2025-02-01", "outcome": "violation", "notes": "no register of workers"},
    )
    assert_access(response, allowed=_manager(seat), unchanged=lambda: _everything() == before)
    assert Inspection.objects.filter(establishment=scene.establishment).exists() == _manager(seat)


@matrix
def test_linking_a_tip(world, scene, seat):
    before = _everything()
    response = world.client_for(seat).post(
        f"/monitoring/establishments/{scene.establishment.pk}/tips/", {"reference": scene.tip.reference.lower()}
    )
    allowed = seat.inside and seat.role in LINKERS
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    assert EstablishmentLink.objects.filter(tip=scene.tip).exists() == allowed


@matrix
def test_linking_a_rescue_operation(world, scene, seat):
    before = _everything()
    response = world.client_for(seat).post(
        f"/monitoring/establishments/{scene.establishment.pk}/rescues/", {"reference": scene.rescue.reference}
    )
    allowed = seat.inside and seat.role in LINKERS
    assert_access(response, allowed=allowed, unchanged=lambda: _everything() == before)
    assert EstablishmentLink.objects.filter(rescue_operation=scene.rescue).exists() == allowed


@matrix
def test_linking_an_ad(world, scene, seat):
    before = _everything()
    response = world.client_for(seat).post(
        f"/monitoring/establishments/{scene.establishment.pk}/ads/", {"reference": scene.other_ad.reference}
    )
    assert_access(response, allowed=_manager(seat), unchanged=lambda: _everything() == before)
    linked = EstablishmentLink.objects.filter(ad=scene.other_ad, linked_by=LinkedBy.MANUAL).exists()
    assert linked == _manager(seat)


@matrix
def test_unlinking_an_ad(world, scene, seat):
    link = EstablishmentLink.objects.get(establishment=scene.establishment, ad=scene.ad)
    before = _everything()
    response = world.client_for(seat).post(f"/monitoring/establishments/{scene.establishment.pk}/ads/{link.pk}/unlink/")
    assert_access(response, allowed=_manager(seat), unchanged=lambda: _everything() == before)
    assert EstablishmentLink.objects.filter(pk=link.pk).exists() != _manager(seat)
