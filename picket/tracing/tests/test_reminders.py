"""Reunification reminders: steps due within three days or overdue are announced once per level, to both
districts' reviewers, by reference only; the daily job queues its next run at 06:00 IST."""

import datetime

import pytest
from django.utils import timezone

from picket.accounts.access import actor_for
from picket.notify.daily import next_daily_run
from picket.notify.models import Notification
from picket.tracing import services
from picket.tracing.models import Reunification, StepKind
from picket.tracing.reminders import reunification_reminders

from .conftest import register_found, report_missing

pytestmark = pytest.mark.django_db


@pytest.fixture
def reunification(world, reviewer_a, reviewer_b, run_on_commit):
    run_on_commit(report_missing, reviewer_a, district=world.district_a)
    found = run_on_commit(register_found, reviewer_b, district=world.district_b, home_district=world.district_a)
    candidate = found.match_candidates.get()
    (request,) = services.access_request(actor=actor_for(reviewer_b), candidate=candidate)
    services.access_decide(actor=actor_for(reviewer_a), request=request, approve=True)
    services.candidate_confirm(actor=actor_for(reviewer_b), candidate=candidate)
    Notification.objects.all().delete()
    return Reunification.objects.get()


def test_a_step_due_soon_then_overdue_is_announced_once_per_level(reunification, reviewer_a, reviewer_b):
    verification = reunification.steps.get(kind=StepKind.HOME_VERIFICATION)
    today = timezone.localdate()
    assert reunification_reminders(today) == {"soon": 0, "overdue": 0}  # 15 days ahead

    soon = verification.due_on - datetime.timedelta(days=2)
    assert reunification_reminders(soon) == {"soon": 1, "overdue": 0}
    assert reunification_reminders(soon) == {"soon": 0, "overdue": 0}
    late = verification.due_on + datetime.timedelta(days=1)
    counts = reunification_reminders(late)
    assert counts["overdue"] == 1
    notes = Notification.objects.filter(subject__contains="Home verification")
    assert {n.recipient for n in notes} == {reviewer_a, reviewer_b}
    assert notes.filter(is_urgent=True).count() == 2
    assert all(reunification.found_child.reference in n.subject and "Pooja" not in n.subject for n in notes)


def test_done_and_stopped_steps_are_not_announced(reunification, reviewer_b):
    actor = actor_for(reviewer_b)
    verification = reunification.steps.get(kind=StepKind.HOME_VERIFICATION)
    services.step_complete(actor=actor, step=verification, done_on=timezone.localdate())
    late = verification.due_on + datetime.timedelta(days=1)
    assert reunification_reminders(late) == {"soon": 0, "overdue": 0}
    services.reunification_stop(actor=actor, reunification=reunification, note="CWC order")
    assert reunification_reminders(late + datetime.timedelta(days=60)) == {"soon": 0, "overdue": 0}


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # 05:59 IST runs the same morning; 06:00 IST and later, the next morning.
        (datetime.datetime(2026, 3, 1, 0, 29, tzinfo=datetime.UTC), datetime.datetime(2026, 3, 1, 0, 30)),
        (datetime.datetime(2026, 3, 1, 0, 30, tzinfo=datetime.UTC), datetime.datetime(2026, 3, 2, 0, 30)),
        (datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC), datetime.datetime(2026, 3, 2, 0, 30)),
    ],
)
def test_the_daily_run_is_at_six_in_the_morning_india_time(now, expected):
    assert next_daily_run(now).astimezone(datetime.UTC).replace(tzinfo=None) == expected


def test_starting_a_reunification_queues_the_daily_reminders(
    world, reviewer_a, settings, run_on_commit, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    run_on_commit(report_missing, reviewer_a, district=world.district_a)
    found = run_on_commit(register_found, reviewer_a, district=world.district_a, home_district=world.district_a)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_confirm(actor=actor_for(reviewer_a), candidate=found.match_candidates.get())
    from picket.notify.daily import daily_ensure
    from picket.tracing.tasks import reunification_reminders_daily

    assert daily_ensure(reunification_reminders_daily) is False  # one run waits already: no second chain
    waiting = DBTaskResult.objects.filter(task_path__endswith="reunification_reminders_daily", status="READY")
    assert waiting.count() == 1
    ist = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
    assert timezone.localtime(waiting.get().run_after, ist).time() == datetime.time(6, 0)
