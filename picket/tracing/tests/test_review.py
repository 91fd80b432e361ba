"""Reviewing candidates: confirm closes the report and starts reunification; reject needs a reason; a record held by
another district stays closed until that district approves; reunification steps and follow-ups."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.audit.models import AuditEvent
from picket.intake.models import CaseStatus
from picket.testing.auth import login_verified
from picket.tracing import services
from picket.tracing.models import (
    AccessStatus,
    CandidateKind,
    CandidateStatus,
    MatchCandidate,
    Reunification,
    ReunificationStatus,
    StepKind,
)

from .conftest import register_found, report_missing

pytestmark = pytest.mark.django_db


def test_confirming_closes_both_records_as_traced_and_starts_reunification(pair, reviewer_a):
    candidate = pair
    services.candidate_confirm(actor=actor_for(reviewer_a), candidate=candidate, note="Mother recognised her")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.CONFIRMED and candidate.reviewed_by == reviewer_a
    candidate.missing_report.refresh_from_db()
    candidate.found_child.refresh_from_db()
    assert candidate.missing_report.status == CaseStatus.TRACED
    assert candidate.found_child.status == CaseStatus.TRACED
    reunification = Reunification.objects.get(candidate=candidate)
    today = timezone.localdate()
    due = {s.kind: (s.due_on - today).days for s in reunification.steps.all()}
    assert due == {StepKind.HOME_VERIFICATION: 15, StepKind.RESTORATION_ORDER: 30, StepKind.HANDOVER: 45}
    audited = AuditEvent.objects.filter(object_type="tracing.matchcandidate", object_id=str(candidate.pk))
    assert audited.filter(detail__kind="match_confirmed", actor=reviewer_a).exists()
    assert "Mother" not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_confirming_one_candidate_withdraws_the_other_pending_candidates_of_both_records(
    world, reviewer_a, run_on_commit
):
    report = run_on_commit(report_missing, reviewer_a, district=world.district_a)
    twin = run_on_commit(report_missing, reviewer_a, district=world.district_a)
    found = run_on_commit(register_found, reviewer_a, district=world.district_a, home_district=world.district_a)
    mine = MatchCandidate.objects.get(missing_report=report, found_child=found)
    assert MatchCandidate.objects.filter(missing_report=twin, found_child=found).exists()
    services.candidate_confirm(actor=actor_for(reviewer_a), candidate=mine)
    assert list(MatchCandidate.objects.filter(kind=CandidateKind.LINK)) == [mine]


def test_rejecting_needs_a_known_reason_and_a_note_for_other(pair, reviewer_a):
    actor = actor_for(reviewer_a)
    for reason, note in (("", ""), ("nonsense", ""), ("other", "  ")):
        with pytest.raises(ValidationError):
            services.candidate_reject(actor=actor, candidate=pair, reason=reason, note=note)
    pair.refresh_from_db()
    assert pair.status == CandidateStatus.PENDING
    services.candidate_reject(actor=actor, candidate=pair, reason="sibling")
    pair.refresh_from_db()
    assert (pair.status, pair.rejection_reason) == ("rejected", "sibling")
    with pytest.raises(ValidationError):
        services.candidate_confirm(actor=actor, candidate=pair)
    assert not Reunification.objects.exists()


def test_a_cross_district_record_opens_only_after_the_holding_side_approves(cross_pair, reviewer_a, reviewer_b):
    candidate = cross_pair
    found_side = actor_for(reviewer_b)  # holds the found child in district B; the report is in district A
    with pytest.raises(ValidationError):
        services.candidate_confirm(actor=found_side, candidate=candidate)

    (request,) = services.access_request(actor=found_side, candidate=candidate)
    assert request.side == "missing" and request.status == AccessStatus.PENDING
    # The requester cannot approve their own request; only a reviewer covering district A can.
    with pytest.raises(PermissionDenied):
        services.access_decide(actor=found_side, request=request, approve=True)
    services.access_decide(actor=actor_for(reviewer_a), request=request, approve=True)
    request.refresh_from_db()
    assert request.status == AccessStatus.APPROVED and request.decided_by == reviewer_a

    services.candidate_confirm(actor=found_side, candidate=candidate)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.CONFIRMED
    kinds = set(AuditEvent.objects.filter(object_type="tracing.accessrequest").values_list("detail__kind", flat=True))
    assert kinds == {"access_requested", "access_approved"}


def test_a_refused_request_keeps_the_record_closed(cross_pair, reviewer_a, reviewer_b):
    (request,) = services.access_request(actor=actor_for(reviewer_b), candidate=cross_pair)
    services.access_decide(actor=actor_for(reviewer_a), request=request, approve=False)
    with pytest.raises(ValidationError):
        services.candidate_confirm(actor=actor_for(reviewer_b), candidate=cross_pair)
    with pytest.raises(ValidationError):
        services.access_decide(actor=actor_for(reviewer_a), request=request, approve=True)  # decided once


def test_handover_schedules_follow_ups_and_the_last_one_completes(pair, reviewer_a):
    actor = actor_for(reviewer_a)
    services.candidate_confirm(actor=actor, candidate=pair)
    reunification = Reunification.objects.get()
    today = timezone.localdate()
    for kind in (StepKind.HOME_VERIFICATION, StepKind.RESTORATION_ORDER):
        services.step_complete(actor=actor, step=reunification.steps.get(kind=kind), done_on=today)
    with pytest.raises(ValidationError):
        services.step_complete(
            actor=actor, step=reunification.steps.get(kind=StepKind.HANDOVER), done_on=today + datetime.timedelta(1)
        )
    services.step_complete(actor=actor, step=reunification.steps.get(kind=StepKind.HANDOVER), done_on=today)
    reunification.refresh_from_db()
    assert reunification.status == ReunificationStatus.RESTORED
    follow_ups = list(reunification.steps.filter(kind=StepKind.FOLLOW_UP).order_by("due_on"))
    assert [(s.due_on - today).days for s in follow_ups] == [30, 90, 180, 365]
    for step in follow_ups:
        services.step_complete(actor=actor, step=step, done_on=today)
    reunification.refresh_from_db()
    assert reunification.status == ReunificationStatus.COMPLETED
    with pytest.raises(ValidationError):
        services.reunification_stop(actor=actor, reunification=reunification, note="late")


def test_stopping_needs_a_reason_and_closes_the_steps(pair, reviewer_a):
    actor = actor_for(reviewer_a)
    services.candidate_confirm(actor=actor, candidate=pair)
    reunification = Reunification.objects.get()
    with pytest.raises(ValidationError):
        services.reunification_stop(actor=actor, reunification=reunification, note="")
    services.reunification_stop(actor=actor, reunification=reunification, note="CWC: the home is not safe")
    reunification.refresh_from_db()
    assert reunification.status == ReunificationStatus.STOPPED
    with pytest.raises(ValidationError):
        services.step_complete(actor=actor, step=reunification.steps.all()[0], done_on=timezone.localdate())


def test_the_candidate_page_shows_the_other_districts_record_redacted_until_approved(
    world, cross_pair, reviewer_a, reviewer_b, client
):
    candidate = cross_pair
    login_verified(client, reviewer_b)
    page = client.get(f"/tracing/candidates/{candidate.pk}/").content.decode()
    # The found child (district B) is open; the report (district A) shows its reference, district and organisation.
    assert candidate.missing_report.reference in page and "District A" in page and "NGO A" in page
    assert "पूजा" in page
    assert "Pooja" not in page and "Ramesh" not in page and "explanation" not in page
    views = AuditEvent.objects.filter(action="view_identity", actor=reviewer_b)
    assert set(views.values_list("object_type", flat=True)) == {"intake.foundchild"}

    client.post(f"/tracing/candidates/{candidate.pk}/access/")
    request = candidate.access_requests.get()
    other = login_verified(type(client)(), reviewer_a)
    assert other.post(f"/tracing/access/{request.pk}/decide/", {"decision": "approve"}).status_code == 302
    page = client.get(f"/tracing/candidates/{candidate.pk}/").content.decode()
    assert "Pooja Kumari" in page and "Ramesh Prasad ≈ रमेश" in page
    assert views.filter(object_type="intake.missingreport", object_id=str(candidate.missing_report_id)).exists()


def test_a_legal_officer_has_no_tracing_queue(world, cross_pair):
    officer = world.user(Role.LEGAL_OFFICER, inside=True)
    with pytest.raises(PermissionDenied):
        services.candidate_confirm(actor=actor_for(officer), candidate=cross_pair)


def test_a_found_childs_page_lists_its_candidates_for_reviewers_only(world, pair, reviewer_a, client):
    found = pair.found_child
    login_verified(client, reviewer_a)
    page = client.get(f"/intake/found/{found.reference}/").content.decode()
    assert pair.missing_report.reference in page
    assert f"/tracing/candidates/{pair.pk}/" in page
    field_worker = login_verified(type(client)(), world.user(Role.FIELD_WORKER, inside=True))
    page = field_worker.get(f"/intake/found/{found.reference}/").content.decode()
    assert f"/tracing/candidates/{pair.pk}/" not in page


def test_the_home_page_counts_candidates_awaiting_review(world, pair, reviewer_a, client):
    login_verified(client, reviewer_a)

    def waiting():
        figures = client.get("/").context["figures"]
        return next(f.value for f in figures if f.url == "/tracing/")

    assert waiting() == 1
    services.candidate_reject(actor=actor_for(reviewer_a), candidate=pair, reason="different_child")
    assert waiting() == 0
