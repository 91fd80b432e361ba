"""The daily job warns the case's legal team once per deadline per level, in the app and by email."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from picket.accounts.roles import Role
from picket.notify.models import Notification
from picket.prosecution.deadlines import IST
from picket.prosecution.escalation import deadlines_escalate
from picket.prosecution.models import Deadline, DeadlineEscalation
from picket.prosecution.tasks import deadlines_daily, next_daily_run
from picket.prosecution.tests.factories import accused_in, police_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world, officer):
    return {
        "officer": officer,
        "coordinator": world.user(Role.DISTRICT_COORDINATOR, inside=True),
        "outsider": world.user(Role.LEGAL_OFFICER, inside=False),
        "other_org": world.user(Role.LEGAL_OFFICER, inside=True, organisation=world.new_organisation_in_a()),
    }


def _case_due_in(world, officer, days_left):
    """A 60-day case whose last day is ``days_left`` days from today (IST)."""
    today = timezone.now().astimezone(IST).date()
    remand = today + datetime.timedelta(days=days_left) - datetime.timedelta(days=59)
    case = police_case(world, officer, fir_on=(remand - datetime.timedelta(days=3)).isoformat())
    accused_in(case, officer, arrested=(remand - datetime.timedelta(days=1)).isoformat(), remanded=remand.isoformat())
    return Deadline.objects.get(police_case=case, rule="chargesheet_default_bail")


def test_each_level_is_sent_once_to_the_legal_team(world, team, django_capture_on_commit_callbacks):
    deadline = _case_due_in(world, team["officer"], days_left=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_escalate()["due_7_days"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_escalate() == {"due_7_days": 0, "due_tomorrow": 0, "missed": 0}
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {team["officer"].username, team["coordinator"].username}
    assert len(mail.outbox) == 2
    assert deadline.police_case.reference in mail.outbox[0].subject
    assert f"/prosecution/cases/{deadline.police_case.reference}/" in mail.outbox[0].body
    assert "Kalu" not in mail.outbox[0].body and "FIR" not in mail.outbox[0].subject

    final = (deadline.due_at - datetime.timedelta(microseconds=1)).astimezone(IST).date()
    last_day = datetime.datetime.combine(final, datetime.time(9), tzinfo=IST)
    day_before = last_day - datetime.timedelta(days=1)
    assert deadlines_escalate(now=day_before)["due_tomorrow"] == 1
    assert deadlines_escalate(now=last_day)["due_tomorrow"] == 0
    after = last_day + datetime.timedelta(days=1)
    assert deadlines_escalate(now=after)["missed"] == 1
    assert deadlines_escalate(now=after + datetime.timedelta(days=1))["missed"] == 0
    deadline.refresh_from_db()
    assert deadline.computed_status == "missed"
    assert sorted(DeadlineEscalation.objects.values_list("level", flat=True)) == ["due_7_days", "due_tomorrow",
                                                                                    "missed"]  # fmt: skip
    assert Notification.objects.count() == 6


def test_far_and_met_deadlines_are_not_escalated(world, team):
    _case_due_in(world, team["officer"], days_left=20)
    assert sum(deadlines_escalate().values()) == 0


def test_an_override_to_not_applicable_stops_the_warnings(world, team):
    from picket.prosecution.services import deadline_override
    from picket.prosecution.tests.factories import actor

    deadline = _case_due_in(world, team["officer"], days_left=1)
    deadline_override(actor=actor(team["officer"]), deadline=deadline, status="not_applicable", reason="Bail")
    assert sum(deadlines_escalate().values()) == 0


def test_the_daily_job_runs_and_the_next_run_is_at_six_ist():
    assert str(deadlines_daily.enqueue().return_value).startswith("due_7_days")
    morning = datetime.datetime(2025, 3, 10, 5, 0, tzinfo=IST)
    assert next_daily_run(morning) == datetime.datetime(2025, 3, 10, 6, 0, tzinfo=IST)
    assert next_daily_run(morning.replace(hour=7)) == datetime.datetime(2025, 3, 11, 6, 0, tzinfo=IST)
