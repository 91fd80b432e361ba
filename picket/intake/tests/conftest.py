"""Records in district A for intake tests, written through the real services."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from picket.accounts.access import actor_for
from picket.accounts.roles import OrganisationKind, Role
from picket.intake import services
from picket.testing.auth import login_verified
from picket.testing.factories import OrganisationFactory, child_for

WHAT_SEEN = "Three girls were taken onto a bus at night by a contractor"


def local_input(moment: datetime.datetime) -> str:
    """A time as a phone's datetime-local input sends it (local time, minutes)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def worker(world):
    return world.user(Role.CASE_WORKER, inside=True)


@pytest.fixture
def worker_client(worker):
    return login_verified(Client(), worker)


@pytest.fixture
def tip(world, worker):
    return services.tip_record(
        actor=actor_for(worker), source="childline_1098", district=world.district_a, what_seen=WHAT_SEEN
    )


@pytest.fixture
def missing(world, worker):
    child = child_for(worker, name="Guddi Kumari")
    return services.missing_report_create(
        actor=actor_for(worker), child=child, reporter_name="Sita Devi", reporter_relation="mother",
        last_seen_on=timezone.localdate() - datetime.timedelta(days=3), district=world.district_a,
    )  # fmt: skip


@pytest.fixture
def cwc(world):
    return OrganisationFactory.create(name="CWC District A", kind=OrganisationKind.CWC, districts=[world.district_a])


def found_record(worker, *, hours_ago: float, journey_hours: int = 0, produced_after_hours: float | None = None):
    found_at = timezone.now() - datetime.timedelta(hours=hours_ago)
    produced = None if produced_after_hours is None else found_at + datetime.timedelta(hours=produced_after_hours)
    child = child_for(worker, name="Munni Kumari")
    return services.found_child_register(
        actor=actor_for(worker), child=child, found_at=found_at, district=child.district, how="railway",
        journey_hours=journey_hours, produced_before_cwc_at=produced,
    )  # fmt: skip


@pytest.fixture
def found(worker):
    return found_record(worker, hours_ago=2)
