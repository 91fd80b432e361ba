"""Background tracing: creating a found child or a missing report looks for candidates nationally and stores them
with their explanation; reviewed candidates survive a refresh; withdrawn ones go."""

import json

import pytest

from picket.accounts.access import actor_for
from picket.intake.models import CaseStatus
from picket.notify.models import Notification
from picket.people.services import child_name_add
from picket.tracing.models import CandidateKind, CandidateStatus, MatchCandidate
from picket.tracing.services import refresh_for_found

from .conftest import register_found, report_missing

pytestmark = pytest.mark.django_db


def test_a_found_child_is_matched_to_a_report_in_another_script_and_district(
    world, reviewer_a, manager_a, reviewer_b, run_on_commit
):
    report = run_on_commit(report_missing, reviewer_a, district=world.district_a)
    distractor = run_on_commit(
        report_missing, manager_a, district=world.district_a2, name="Salma Khatun", father_name="Anwar Ali",
        age_estimate_years=7, home_district=world.district_a2,
    )  # fmt: skip
    found = run_on_commit(register_found, reviewer_b, district=world.district_b, home_district=world.district_a)

    stored = MatchCandidate.objects.filter(kind=CandidateKind.LINK, found_child=found)
    assert [c.missing_report for c in stored] == [report]  # the other girl scores below "possible"
    assert not MatchCandidate.objects.filter(missing_report=distractor).exists()
    candidate = stored.get()
    assert candidate.status == CandidateStatus.PENDING and candidate.decision == "match"
    fields = {row[0]: row for row in json.loads(candidate.explanation)}
    assert fields["child's name"][1] in {"agrees", "similar"}
    assert "रमेश" in fields["father's name"][2] and "Ramesh" in fields["father's name"][2]


def test_reviewers_of_both_districts_are_told_of_a_likely_match_by_reference_only(
    world, reviewer_a, reviewer_b, run_on_commit
):
    run_on_commit(report_missing, reviewer_a, district=world.district_a, mother_name="Sunita Devi")
    found = run_on_commit(
        register_found, reviewer_b, district=world.district_b, home_district=world.district_a, mother_name="सुनीता"
    )
    candidate = MatchCandidate.objects.get(found_child=found)
    assert candidate.decision == "match"
    notes = Notification.objects.filter(subject__contains=found.reference)
    assert {n.recipient for n in notes} >= {reviewer_a, reviewer_b}
    assert all("Pooja" not in n.subject and "पूजा" not in n.subject for n in notes)


def test_a_new_missing_report_finds_an_earlier_found_child_and_duplicate_reports(
    world, reviewer_a, manager_a, reviewer_b, run_on_commit
):
    found = run_on_commit(register_found, reviewer_b, district=world.district_b, home_district=world.district_a)
    first = run_on_commit(report_missing, reviewer_a, district=world.district_a)
    second = run_on_commit(report_missing, manager_a, district=world.district_a2, days_ago=198)

    assert MatchCandidate.objects.filter(kind=CandidateKind.LINK, found_child=found, missing_report=first).exists()
    duplicate = MatchCandidate.objects.get(kind=CandidateKind.DEDUPE)
    assert (duplicate.missing_report, duplicate.other_report) == (first, second)


def test_a_nickname_added_later_brings_the_report_forward(world, reviewer_a, reviewer_b, run_on_commit):
    report = run_on_commit(report_missing, reviewer_a, district=world.district_a, name="Munni", father_name="")
    found = run_on_commit(
        register_found, reviewer_b, district=world.district_b, name="Sunaina", father_name="", home_district=None
    )
    assert not MatchCandidate.objects.filter(found_child=found, missing_report=report).exists()
    run_on_commit(child_name_add, actor=actor_for(reviewer_a), child=report.child, name="Sunaina", kind="alias")
    assert MatchCandidate.objects.filter(found_child=found, missing_report=report).exists()


def test_a_refresh_keeps_reviewed_candidates_and_withdraws_pending_ones_no_longer_put_forward(
    world, reviewer_a, reviewer_b, run_on_commit
):
    report = run_on_commit(report_missing, reviewer_a, district=world.district_a)
    found = run_on_commit(register_found, reviewer_b, district=world.district_b, home_district=world.district_a)
    candidate = MatchCandidate.objects.get(found_child=found)
    candidate.status = CandidateStatus.REJECTED
    candidate.save()
    report.status = CaseStatus.CLOSED  # closed reports are no longer candidates
    report.save()
    assert refresh_for_found(found.pk) == []
    assert MatchCandidate.objects.get(pk=candidate.pk).status == CandidateStatus.REJECTED

    other = run_on_commit(report_missing, reviewer_a, district=world.district_a)
    pending = MatchCandidate.objects.get(found_child=found, missing_report=other)
    other.status = CaseStatus.CLOSED
    other.save()
    refresh_for_found(found.pk)
    assert not MatchCandidate.objects.filter(pk=pending.pk).exists()


def test_the_task_table_holds_no_name(world, reviewer_a, settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        report_missing(reviewer_a, district=world.district_a)
    rows = list(DBTaskResult.objects.values_list("args_kwargs", flat=True))
    assert rows and all("Pooja" not in json.dumps(r) and "Ramesh" not in json.dumps(r) for r in rows)


def test_refresh_command_looks_up_every_open_record_again(world, reviewer_a, reviewer_b, run_on_commit):
    from io import StringIO

    from django.core.management import call_command

    run_on_commit(report_missing, reviewer_a, district=world.district_a)
    run_on_commit(register_found, reviewer_b, district=world.district_b, home_district=world.district_a)
    MatchCandidate.objects.all().delete()  # e.g. weights changed: stored candidates are stale
    out = StringIO()
    call_command("tracing", "refresh", stdout=out)
    assert "1 open found record(s) looked up again" in out.getvalue()
    assert MatchCandidate.objects.filter(kind=CandidateKind.LINK).count() == 1
