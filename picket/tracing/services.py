"""Writes of tracing: refreshing a record's candidates, reviewing them, cross-district access, reunification.

Every decision is audited with codes only (never a name or a note's text).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from picket.accounts.access import Actor
from picket.accounts.models import JurisdictionKind, User
from picket.accounts.permissions import ROLE_PERMISSIONS, Permission
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.geo.models import District
from picket.intake.models import CaseStatus, FoundChild, MissingReport
from picket.notify.services import notify
from picket.tracing import blockkeys
from picket.tracing import candidates as lookup
from picket.tracing.engine import MATCH, Candidate
from picket.tracing.models import (
    AccessRequest,
    AccessStatus,
    BlockKind,
    CandidateKind,
    CandidateStatus,
    Decision,
    MatchCandidate,
    RejectionReason,
    Reunification,
    ReunificationStatus,
    ReunificationStep,
    StepKind,
)
from picket.tracing.selectors import Side, candidate_reviewable, sides_outside

MAX_NOTE = 2000

# Rule 82 of the JJ Model Rules 2016 asks for a home verification before restoration and follow-up after it; the
# intervals below are the ones DCPUs commonly use (first visit within a month, then quarterly for a year).
HOME_VERIFICATION_DAYS = 15
RESTORATION_ORDER_DAYS = 30
HANDOVER_DAYS = 45
FOLLOW_UP_DAYS_AFTER_HANDOVER = (30, 90, 180, 365)


# --- refreshing candidates ---------------------------------------------------------------------------------------


def reviewers_of(district: District) -> list[User]:
    """Active users who review tracing candidates and cover ``district`` (by district or by state)."""
    roles = [role for role, permissions in ROLE_PERMISSIONS.items() if Permission.TRACING_REVIEW in permissions]
    by_district = User.objects.filter(
        role__in=roles, is_active=True, jurisdiction_kind=JurisdictionKind.DISTRICTS, jurisdiction_districts=district
    )
    by_state = User.objects.filter(
        role__in=roles,
        is_active=True,
        jurisdiction_kind=JurisdictionKind.STATE,
        jurisdiction_state_id=district.state_id,
    )
    return list((by_district | by_state).distinct())


def _store(kind: str, missing_pk: int, other_pk: int, candidate: Candidate) -> tuple[MatchCandidate, bool]:
    """Create or update the stored candidate for one pair; reviewed pairs keep their decision."""
    pair = {"missing_report_id": missing_pk}
    pair |= {"found_child_id": other_pk} if kind == CandidateKind.LINK else {"other_report_id": other_pk}
    existing = MatchCandidate.objects.filter(kind=kind, **pair).first()
    fields = {
        "score": round(candidate.score, 4),
        "decision": candidate.decision or Decision.LEAD,
        "explanation": lookup.explanation_json(candidate),
        "scored_at": timezone.now(),
    }
    if existing is None:
        return MatchCandidate.objects.create(kind=kind, **pair, **fields), True
    if existing.status == CandidateStatus.PENDING:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save(update_fields=list(fields))
    return existing, False


def _replace_pending(kind: str, subject: dict[str, int], kept: Iterable[int]) -> None:
    """Pending candidates of ``subject`` the engine no longer puts forward are withdrawn."""
    MatchCandidate.objects.filter(kind=kind, status=CandidateStatus.PENDING, **subject).exclude(pk__in=kept).delete()


def _announce(created: list[MatchCandidate]) -> None:
    """Tell reviewers of both districts about new likely matches (references only, no names)."""
    for candidate in created:
        if candidate.decision != MATCH:
            continue
        districts = {candidate.missing_report.district}
        record = candidate.found_child or candidate.other_report
        assert record is not None
        districts.add(record.district)
        reviewers = {user for district in districts for user in reviewers_of(district)}
        notify(
            recipients=reviewers,
            subject=_("Tracing: a likely match for %(reference)s awaits review") % {"reference": record.reference},
            url=reverse("tracing:candidate", args=[candidate.pk]),
        )


def refresh_for_found(found_id: int) -> list[MatchCandidate]:
    """Look nationally for open missing reports that may be this found child; store and announce them."""
    if not blockkeys.rebuild(BlockKind.FOUND, found_id):  # not open (or gone): no keys, no lookup
        return []
    found = FoundChild.objects.get(pk=found_id)
    results = lookup.for_found(found)
    with transaction.atomic():
        stored = [_store(CandidateKind.LINK, *lookup.ids_of(c), c) for c in results]
        _replace_pending(CandidateKind.LINK, {"found_child_id": found.pk}, [s.pk for s, _ in stored])
        _announce([s for s, created in stored if created])
    return [s for s, _ in stored]


def refresh_for_missing(report_id: int) -> list[MatchCandidate]:
    """Look nationally for open found children that may be this reported child, and for other reports of it."""
    if not blockkeys.rebuild(BlockKind.MISSING, report_id):  # not open (or gone): no keys, no lookup
        return []
    report = MissingReport.objects.get(pk=report_id)
    links, duplicates = lookup.for_missing(report)
    with transaction.atomic():
        stored = [_store(CandidateKind.LINK, *lookup.ids_of(c), c) for c in links]
        _replace_pending(CandidateKind.LINK, {"missing_report_id": report.pk}, [s.pk for s, _ in stored])
        pairs = []
        for c in duplicates:
            a, b = lookup.ids_of(c)
            pairs.append(_store(CandidateKind.DEDUPE, min(a, b), max(a, b), c))
        kept = [s.pk for s, _ in pairs]
        _replace_pending(CandidateKind.DEDUPE, {"missing_report_id": report.pk}, kept)
        _replace_pending(CandidateKind.DEDUPE, {"other_report_id": report.pk}, kept)
        stored += pairs
        _announce([s for s, created in stored if created])
    return [s for s, _ in stored]


# --- review ------------------------------------------------------------------------------------------------------


def _reviewable(actor: Actor, candidate: MatchCandidate) -> None:
    actor.require(Permission.TRACING_REVIEW)
    if not candidate_reviewable(actor=actor).filter(pk=candidate.pk).exists():
        raise PermissionDenied("candidate outside jurisdiction")
    if candidate.status != CandidateStatus.PENDING:
        raise ValidationError({"status": _("This candidate has already been reviewed.")})


def _note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Keep the note under %(limit)d characters.") % {"limit": MAX_NOTE}})
    return note


def candidate_confirm(*, actor: Actor, candidate: MatchCandidate, note: str = "") -> MatchCandidate:
    """Confirm a candidate. A found child confirmed as a missing child closes the report (traced), closes the other
    pending candidates of both records and starts a reunification. Two reports confirmed as one child are linked.

    Confirming needs both records open to the reviewer: within the jurisdiction, or by an approved request."""
    _reviewable(actor, candidate)
    if sides_outside(actor=actor, candidate=candidate, approved_count=True):
        raise ValidationError(
            {"candidate": _("Open the other district's record (ask for access) before confirming the match.")}
        )
    assert actor.user is not None
    text = _note(note)
    with transaction.atomic():
        candidate = MatchCandidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status != CandidateStatus.PENDING:
            raise ValidationError({"status": _("This candidate has already been reviewed.")})
        candidate.status = CandidateStatus.CONFIRMED
        candidate.review_note = text
        candidate.reviewed_by, candidate.reviewed_at = actor.user, timezone.now()
        candidate.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
        audit_record(
            user=actor.user,
            action=AuditAction.UPDATE,
            object_type="tracing.matchcandidate",
            object_id=candidate.pk,
            detail={"kind": "match_confirmed", "fields": ["status"]},
        )
        if candidate.kind == CandidateKind.LINK:
            _close_traced(actor, candidate)
    return candidate


def _close_traced(actor: Actor, candidate: MatchCandidate) -> Reunification:
    report, found = candidate.missing_report, candidate.found_child
    assert found is not None and actor.user is not None
    stamp = timezone.now()
    for record, object_type in ((report, "intake.missingreport"), (found, "intake.foundchild")):
        record.status, record.status_changed_at = CaseStatus.TRACED, stamp
        record.save(update_fields=["status", "status_changed_at", "updated_at"])
        audit_record(
            user=actor.user,
            action=AuditAction.UPDATE,
            object_type=object_type,
            object_id=record.pk,
            detail={"fields": ["status"], "kind": CaseStatus.TRACED},
        )
    # Neither record is a candidate of anyone any more.
    blockkeys.forget(BlockKind.MISSING, report.pk)
    blockkeys.forget(BlockKind.FOUND, found.pk)
    # The child is traced: the other pending candidates of either record are moot.
    MatchCandidate.objects.filter(status=CandidateStatus.PENDING, kind=CandidateKind.LINK).filter(
        Q(missing_report_id=report.pk) | Q(found_child_id=found.pk)
    ).exclude(pk=candidate.pk).delete()
    reunification = Reunification.objects.create(
        candidate=candidate,
        missing_report=report,
        found_child=found,
        organisation=found.organisation,
        started_by=actor.user,
    )
    today = timezone.localdate()
    steps = [
        (StepKind.HOME_VERIFICATION, HOME_VERIFICATION_DAYS),
        (StepKind.RESTORATION_ORDER, RESTORATION_ORDER_DAYS),
        (StepKind.HANDOVER, HANDOVER_DAYS),
    ]
    ReunificationStep.objects.bulk_create(
        ReunificationStep(reunification=reunification, kind=kind, sequence=i, due_on=today + datetime.timedelta(days))
        for i, (kind, days) in enumerate(steps)
    )
    audit_record(
        user=actor.user, action=AuditAction.CREATE, object_type="tracing.reunification", object_id=reunification.pk
    )
    transaction.on_commit(_reminders_ensure)
    return reunification


def _reminders_ensure() -> None:
    from picket.notify.daily import daily_ensure
    from picket.tracing.tasks import reunification_reminders_daily

    daily_ensure(reunification_reminders_daily)


def candidate_reject(*, actor: Actor, candidate: MatchCandidate, reason: str, note: str = "") -> MatchCandidate:
    _reviewable(actor, candidate)
    if reason not in RejectionReason.values:
        raise ValidationError({"reason": _("Choose why this is not the child.")})
    text = _note(note)
    if reason == RejectionReason.OTHER and not text:
        raise ValidationError({"note": _("Say why in the note.")})
    assert actor.user is not None
    with transaction.atomic():
        candidate.status = CandidateStatus.REJECTED
        candidate.rejection_reason, candidate.review_note = reason, text
        candidate.reviewed_by, candidate.reviewed_at = actor.user, timezone.now()
        candidate.save(update_fields=["status", "rejection_reason", "review_note", "reviewed_by", "reviewed_at"])
        audit_record(
            user=actor.user,
            action=AuditAction.UPDATE,
            object_type="tracing.matchcandidate",
            object_id=candidate.pk,
            detail={"kind": "match_rejected", "reason": reason, "fields": ["status"]},
        )
    return candidate


# --- cross-district access ---------------------------------------------------------------------------------------


def access_request(*, actor: Actor, candidate: MatchCandidate) -> list[AccessRequest]:
    """Ask the owning side(s) to open the records of ``candidate`` outside the actor's jurisdiction."""
    actor.require(Permission.TRACING_REVIEW)
    if not candidate_reviewable(actor=actor).filter(pk=candidate.pk).exists():
        raise PermissionDenied("candidate outside jurisdiction")
    assert actor.user is not None
    outside = sides_outside(actor=actor, candidate=candidate, approved_count=False)
    if not outside:
        raise ValidationError({"candidate": _("Both records are already within your jurisdiction.")})
    made = []
    with transaction.atomic():
        for side in outside:
            request, created = AccessRequest.objects.get_or_create(
                candidate=candidate, side=side.name, requested_by=actor.user
            )
            if created:
                audit_record(
                    user=actor.user,
                    action=AuditAction.CREATE,
                    object_type="tracing.accessrequest",
                    object_id=request.pk,
                    detail={"kind": "access_requested"},
                )
                notify(
                    recipients=reviewers_of(side.district),
                    subject=_("Tracing: another district asks to open %(reference)s for a possible match")
                    % {"reference": side.reference},
                    url=reverse("tracing:candidate", args=[candidate.pk]),
                )
            made.append(request)
    return made


def access_decide(*, actor: Actor, request: AccessRequest, approve: bool) -> AccessRequest:
    """The side that holds the record approves or refuses (a reviewer covering that record's district)."""
    actor.require(Permission.TRACING_REVIEW)
    side = Side.of(request.candidate, request.side)
    if not actor.covers({side.district.pk}):
        raise PermissionDenied("record outside jurisdiction")
    if request.status != AccessStatus.PENDING:
        raise ValidationError({"status": _("This request has already been decided.")})
    assert actor.user is not None
    with transaction.atomic():
        request.status = AccessStatus.APPROVED if approve else AccessStatus.REFUSED
        request.decided_by, request.decided_at = actor.user, timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(
            user=actor.user,
            action=AuditAction.UPDATE,
            object_type="tracing.accessrequest",
            object_id=request.pk,
            detail={"kind": "access_approved" if approve else "access_refused"},
        )
        notify(
            recipients=[request.requested_by],
            subject=(_("Tracing: access to %(reference)s approved") if approve else
                     _("Tracing: access to %(reference)s refused")) % {"reference": side.reference},
            url=reverse("tracing:candidate", args=[request.candidate_id]),
        )  # fmt: skip
    return request


# --- reunification -----------------------------------------------------------------------------------------------


def step_complete(*, actor: Actor, step: ReunificationStep, done_on: datetime.date, notes: str = "") -> None:
    """Record a step as done. The handover schedules the follow-up visits; the last visit completes the
    reunification."""
    from picket.tracing.selectors import reunification_list

    actor.require(Permission.TRACING_REVIEW)
    if not reunification_list(actor=actor).filter(pk=step.reunification_id).exists():
        raise PermissionDenied("reunification outside jurisdiction")
    reunification = step.reunification
    if reunification.status in (ReunificationStatus.STOPPED, ReunificationStatus.COMPLETED):
        raise ValidationError({"step": _("This reunification is closed.")})
    if step.done_on is not None:
        raise ValidationError({"step": _("This step is already recorded.")})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date is in the future.")})
    if done_on < timezone.localdate(reunification.started_at):
        raise ValidationError({"done_on": _("The date is before the match was confirmed.")})
    assert actor.user is not None
    with transaction.atomic():
        step.done_on, step.notes, step.done_by = done_on, _note(notes), actor.user
        step.save(update_fields=["done_on", "notes", "done_by"])
        audit_record(
            user=actor.user,
            action=AuditAction.UPDATE,
            object_type="tracing.reunificationstep",
            object_id=step.pk,
            detail={"kind": step.kind, "fields": ["done_on", "notes"]},
        )
        if step.kind == StepKind.HANDOVER:
            ReunificationStep.objects.bulk_create(
                ReunificationStep(
                    reunification=reunification,
                    kind=StepKind.FOLLOW_UP,
                    sequence=10 + i,
                    due_on=done_on + datetime.timedelta(days),
                )
                for i, days in enumerate(FOLLOW_UP_DAYS_AFTER_HANDOVER)
            )
            reunification.status = ReunificationStatus.RESTORED
            reunification.save(update_fields=["status"])
        elif step.kind == StepKind.FOLLOW_UP and not reunification.steps.filter(done_on__isnull=True).exists():
            reunification.status = ReunificationStatus.COMPLETED
            reunification.save(update_fields=["status"])


def reunification_stop(*, actor: Actor, reunification: Reunification, note: str) -> None:
    """Stop a reunification (the CWC found restoration not in the child's best interest)."""
    from picket.tracing.selectors import reunification_list

    actor.require(Permission.TRACING_REVIEW)
    if not reunification_list(actor=actor).filter(pk=reunification.pk).exists():
        raise PermissionDenied("reunification outside jurisdiction")
    if reunification.status in (ReunificationStatus.STOPPED, ReunificationStatus.COMPLETED):
        raise ValidationError({"status": _("This reunification is closed.")})
    if not note.strip():
        raise ValidationError({"note": _("Say why the reunification stops.")})
    with transaction.atomic():
        reunification.status, reunification.note = ReunificationStatus.STOPPED, _note(note)
        reunification.save(update_fields=["status", "note"])
        audit_record(
            user=actor.user,
            action=AuditAction.UPDATE,
            object_type="tracing.reunification",
            object_id=reunification.pk,
            detail={"kind": "stopped", "fields": ["status"]},
        )
