"""Stored records for tracing tests, written through the real intake and people services so that the background
lookup runs exactly as it does for users (signals, on-commit scheduling, the immediate task backend)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from picket.accounts.access import actor_for
from picket.accounts.models import User
from picket.accounts.roles import Role
from picket.geo.models import District
from picket.intake.models import FoundChild, MissingReport
from picket.intake.services import found_child_register, missing_report_create
from picket.people.services import child_register_with_family
from picket.tracing.models import CandidateKind, MatchCandidate


def report_missing(user: User, *, district: District, days_ago: int = 200, **child: Any) -> MissingReport:
    actor = actor_for(user)
    fields: dict[str, Any] = {"name": "Pooja Kumari", "gender": "F", "age_estimate_years": 12}
    fields |= {"father_name": "Ramesh Prasad"} | child
    fields.setdefault("home_district", district)
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    record = child_register_with_family(actor=actor, district=district, **fields)
    return missing_report_create(
        actor=actor,
        child=record,
        reporter_name="Sunita Devi",
        reporter_relation="mother",
        last_seen_on=day,
        district=district,
    )


def register_found(user: User, *, district: District, **child: Any) -> FoundChild:
    actor = actor_for(user)
    fields: dict[str, Any] = {"name": "पूजा", "gender": "F", "age_estimate_years": 13, "father_name": "रमेश"} | child
    record = child_register_with_family(actor=actor, district=district, **fields)
    return found_child_register(
        actor=actor,
        child=record,
        found_at=timezone.now() - datetime.timedelta(hours=2),
        district=district,
        how="railway",
    )


@pytest.fixture
def reviewer_a(world):
    return world.user(Role.CASE_WORKER, inside=True)


@pytest.fixture
def manager_a(world):
    """Covers state A: districts A and A2."""
    return world.user(Role.STATE_PROGRAMME_MANAGER, inside=True)


@pytest.fixture
def reviewer_b(world):
    return world.user(Role.CASE_WORKER, inside=False)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the background lookup) as a committed transaction would."""

    def run(function: Any, *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def pair(world, reviewer_a, run_on_commit):
    """A candidate with both records in district A."""
    report = run_on_commit(report_missing, reviewer_a, district=world.district_a)
    found = run_on_commit(register_found, reviewer_a, district=world.district_a, home_district=world.district_a)
    return MatchCandidate.objects.get(kind=CandidateKind.LINK, missing_report=report, found_child=found)


@pytest.fixture
def cross_pair(world, reviewer_a, reviewer_b, run_on_commit):
    """A candidate with the report in district A and the found child in district B."""
    report = run_on_commit(report_missing, reviewer_a, district=world.district_a)
    found = run_on_commit(register_found, reviewer_b, district=world.district_b, home_district=world.district_a)
    return MatchCandidate.objects.get(kind=CandidateKind.LINK, missing_report=report, found_child=found)
