"""Tracing over the API: the review queue, a candidate (redacted across districts exactly like the page), review
decisions, cross-district access requests and reunification steps. Scoped and audited like the pages."""

import datetime
import json
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from picket.accounts.access import fetch_or_404
from picket.accounts.permissions import Permission
from picket.api.pagination import LimitOffset
from picket.api.security import api_requires, current_actor
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.intake.models import FoundChild
from picket.tracing import selectors, services
from picket.tracing.models import (
    AccessStatus,
    CandidateKind,
    CandidateStatus,
    Decision,
    MatchCandidate,
    RejectionReason,
    Reunification,
    ReunificationStatus,
    StepKind,
)
from picket.tracing.selectors import Side

router = Router(tags=["tracing"])
REVIEW = Permission.TRACING_REVIEW


class SideOut(Schema):
    side: str
    reference: str
    district_code: int
    organisation_id: int
    opened: bool
    # Only when opened (within the jurisdiction, or approved by the holding side):
    name: str | None = None
    father_name: str | None = None
    mother_name: str | None = None
    gender: str | None = None
    age: int | None = None


class EvidenceOut(Schema):
    field: str
    verdict: str
    text: str
    weight: float


class CandidateSummaryOut(Schema):
    id: int
    kind: CandidateKind
    score: float
    decision: Decision
    status: CandidateStatus
    missing_reference: str
    other_reference: str

    @staticmethod
    def resolve_missing_reference(obj: MatchCandidate) -> str:
        return obj.missing_report.reference

    @staticmethod
    def resolve_other_reference(obj: MatchCandidate) -> str:
        record = obj.found_child or obj.other_report
        return record.reference if record else ""


class CandidateOut(Schema):
    id: int
    kind: CandidateKind
    score: float
    decision: Decision
    status: CandidateStatus
    missing_reference: str
    other_reference: str
    sides: list[SideOut]
    explanation: list[EvidenceOut] | None = Field(None, description="Only when both records are open to you.")
    rejection_reason: str
    reviewed_at: datetime.datetime | None


class ConfirmIn(Schema):
    note: str = Field("", max_length=services.MAX_NOTE)


class RejectIn(Schema):
    reason: RejectionReason
    note: str = Field("", max_length=services.MAX_NOTE)


class AccessRequestOut(Schema):
    id: int
    candidate_id: int
    side: str
    status: AccessStatus
    requested_at: datetime.datetime


class DecideIn(Schema):
    approve: bool


class StepOut(Schema):
    id: int
    kind: StepKind
    due_on: datetime.date
    done_on: datetime.date | None


class ReunificationOut(Schema):
    id: int
    candidate_id: int
    found_reference: str
    missing_reference: str
    status: ReunificationStatus
    started_at: datetime.datetime
    steps: list[StepOut]

    @staticmethod
    def resolve_found_reference(obj: Reunification) -> str:
        return obj.found_child.reference

    @staticmethod
    def resolve_missing_reference(obj: Reunification) -> str:
        return obj.missing_report.reference

    @staticmethod
    def resolve_steps(obj: Reunification) -> list[Any]:
        return list(obj.steps.all())


class StepIn(Schema):
    done_on: datetime.date
    notes: str = Field("", max_length=services.MAX_NOTE)


def _side_out(side: Side, opened: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "side": side.name,
        "reference": side.reference,
        "district_code": side.district.lgd_code,
        "organisation_id": side.organisation.pk,
        "opened": opened,
    }
    if opened:
        record = side.record
        child = record.child
        day = timezone.localtime(record.found_at).date() if isinstance(record, FoundChild) else record.last_seen_on
        family = {m.relation: m.name for m in reversed(list(child.family.all()))}
        out |= {
            "name": child.name,
            "father_name": family.get("father", ""),
            "mother_name": family.get("mother", ""),
            "gender": child.gender,
            "age": child.age_on(day),
        }
        object_type = "intake.foundchild" if isinstance(record, FoundChild) else "intake.missingreport"
        audit_record(action=AuditAction.VIEW_IDENTITY, object_type=object_type, object_id=record.pk)
    return out


@router.get("/tracing/candidates", response=list[CandidateSummaryOut])
@paginate(LimitOffset)
@api_requires(REVIEW)
def list_candidates(request: HttpRequest, kind: CandidateKind | None = None) -> Any:
    """Pending candidates touching your districts, likely matches first."""
    rows = selectors.review_queue(actor=current_actor(request))
    return rows.filter(kind=kind) if kind else rows


@router.get("/tracing/candidates/{candidate_id}", response=CandidateOut)
@api_requires(REVIEW)
def get_candidate(request: HttpRequest, candidate_id: int) -> dict[str, Any]:
    actor = current_actor(request)
    candidate = fetch_or_404(selectors.candidate_reviewable(actor=actor), pk=candidate_id)
    closed = {s.name for s in selectors.sides_outside(actor=actor, candidate=candidate, approved_count=True)}
    explanation = None
    if not closed:
        rows = json.loads(candidate.explanation or "[]")
        explanation = [{"field": f, "verdict": v, "text": t, "weight": w} for f, v, t, w in rows]
    record = candidate.found_child or candidate.other_report
    return {
        "id": candidate.pk,
        "kind": candidate.kind,
        "score": candidate.score,
        "decision": candidate.decision,
        "status": candidate.status,
        "missing_reference": candidate.missing_report.reference,
        "other_reference": record.reference if record else "",
        "sides": [_side_out(side, side.name not in closed) for side in Side.all_of(candidate)],
        "explanation": explanation,
        "rejection_reason": candidate.rejection_reason,
        "reviewed_at": candidate.reviewed_at,
    }


@router.post("/tracing/candidates/{candidate_id}/confirm", response=CandidateSummaryOut)
@api_requires(REVIEW)
def confirm_candidate(request: HttpRequest, candidate_id: int, payload: ConfirmIn) -> MatchCandidate:
    actor = current_actor(request)
    candidate = fetch_or_404(selectors.candidate_reviewable(actor=actor), pk=candidate_id)
    return services.candidate_confirm(actor=actor, candidate=candidate, note=payload.note)


@router.post("/tracing/candidates/{candidate_id}/reject", response=CandidateSummaryOut)
@api_requires(REVIEW)
def reject_candidate(request: HttpRequest, candidate_id: int, payload: RejectIn) -> MatchCandidate:
    actor = current_actor(request)
    candidate = fetch_or_404(selectors.candidate_reviewable(actor=actor), pk=candidate_id)
    return services.candidate_reject(actor=actor, candidate=candidate, reason=payload.reason, note=payload.note)


@router.post("/tracing/candidates/{candidate_id}/access", response={201: list[AccessRequestOut]})
@api_requires(REVIEW)
def request_access(request: HttpRequest, candidate_id: int) -> Status[Any]:
    actor = current_actor(request)
    candidate = fetch_or_404(selectors.candidate_reviewable(actor=actor), pk=candidate_id)
    return Status(201, services.access_request(actor=actor, candidate=candidate))


@router.get("/tracing/access-requests", response=list[AccessRequestOut])
@paginate(LimitOffset)
@api_requires(REVIEW)
def list_access_requests(request: HttpRequest) -> Any:
    """Pending requests from other districts to open records your jurisdiction holds."""
    return selectors.access_requests_to_decide(actor=current_actor(request))


@router.post("/tracing/access-requests/{request_id}/decide", response=AccessRequestOut)
@api_requires(REVIEW)
def decide_access(request: HttpRequest, request_id: int, payload: DecideIn) -> Any:
    actor = current_actor(request)
    access = fetch_or_404(selectors.access_requests_to_decide(actor=actor), pk=request_id)
    return services.access_decide(actor=actor, request=access, approve=payload.approve)


@router.get("/tracing/reunifications", response=list[ReunificationOut])
@paginate(LimitOffset)
@api_requires(REVIEW)
def list_reunifications(request: HttpRequest, status: ReunificationStatus | None = None) -> Any:
    rows = selectors.reunification_list(actor=current_actor(request)).prefetch_related("steps")
    return rows.filter(status=status) if status else rows


@router.post("/tracing/reunifications/{reunification_id}/steps/{step_id}", response=ReunificationOut)
@api_requires(REVIEW)
def complete_step(request: HttpRequest, reunification_id: int, step_id: int, payload: StepIn) -> Reunification:
    actor = current_actor(request)
    reunification = fetch_or_404(selectors.reunification_list(actor=actor), pk=reunification_id)
    step = fetch_or_404(reunification.steps.all(), pk=step_id)
    services.step_complete(actor=actor, step=step, done_on=payload.done_on, notes=payload.notes)
    return fetch_or_404(selectors.reunification_list(actor=actor), pk=reunification_id)
