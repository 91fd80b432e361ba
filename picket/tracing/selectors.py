"""Reads of tracing, scoped: a reviewer sees the candidates touching a district of their jurisdiction; a record on
the other side of a cross-district candidate stays closed (reference, district, organisation, score) until the
side that holds it approves an access request."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Q, QuerySet, Value, When

from picket.accounts.access import Actor
from picket.accounts.models import Organisation
from picket.accounts.permissions import Permission
from picket.geo.models import District
from picket.intake.models import FoundChild, MissingReport
from picket.tracing.models import (
    AccessRequest,
    AccessStatus,
    CandidateKind,
    CandidateStatus,
    Decision,
    MatchCandidate,
    Reunification,
)

SIDES = ("missing", "found", "other")


@dataclass(frozen=True)
class Side:
    """One record of a candidate: ``name`` is ``missing`` (the report), ``found`` or ``other`` (second report)."""

    name: str
    record: MissingReport | FoundChild

    @property
    def district(self) -> District:
        return self.record.district

    @property
    def reference(self) -> str:
        return self.record.reference

    @property
    def organisation(self) -> Organisation:
        return self.record.organisation

    @classmethod
    def of(cls, candidate: MatchCandidate, name: str) -> Side:
        record = {"missing": candidate.missing_report, "found": candidate.found_child, "other": candidate.other_report}
        value = record.get(name)
        if value is None:
            raise ValueError("no such side")
        return cls(name, value)

    @classmethod
    def all_of(cls, candidate: MatchCandidate) -> list[Side]:
        names = ["missing", "found" if candidate.kind == CandidateKind.LINK else "other"]
        return [cls.of(candidate, name) for name in names]


def _touching(actor: Actor) -> Q:
    """Candidates with at least one record in the actor's jurisdiction."""
    return (
        actor.district_filter("missing_report__district")
        | actor.district_filter("found_child__district")
        | actor.district_filter("other_report__district")
    )


def candidate_reviewable(*, actor: Actor) -> QuerySet[MatchCandidate]:
    """Candidates the actor may see in a queue (either record in the jurisdiction)."""
    if not actor.can(Permission.TRACING_REVIEW):
        return MatchCandidate.objects.none()
    rows = MatchCandidate.objects.select_related(
        "missing_report__district__state",
        "missing_report__organisation",
        "found_child__district__state",
        "found_child__organisation",
        "other_report__district__state",
        "other_report__organisation",
    )
    return rows if actor.is_national else rows.filter(_touching(actor))


def review_queue(*, actor: Actor, district: District | None = None) -> QuerySet[MatchCandidate]:
    """Pending candidates, likely matches first, then by score."""
    rows = candidate_reviewable(actor=actor).filter(status=CandidateStatus.PENDING)
    if district is not None:
        rows = rows.filter(
            Q(missing_report__district=district)
            | Q(found_child__district=district)
            | Q(other_report__district=district)
        )
    rank = Case(
        When(decision=Decision.MATCH, then=Value(0)),
        When(decision=Decision.POSSIBLE, then=Value(1)),
        default=Value(2),
    )
    return rows.order_by(rank, "-score", "pk")


def approved_sides(*, actor: Actor, candidate: MatchCandidate) -> set[str]:
    if actor.user is None:
        return set()
    return set(
        AccessRequest.objects.filter(
            candidate=candidate, requested_by=actor.user, status=AccessStatus.APPROVED
        ).values_list("side", flat=True)
    )


def sides_outside(*, actor: Actor, candidate: MatchCandidate, approved_count: bool) -> list[Side]:
    """The candidate's records outside the actor's jurisdiction; with ``approved_count``, those the actor has not
    been given access to."""
    approved = approved_sides(actor=actor, candidate=candidate) if approved_count else set()
    return [
        side for side in Side.all_of(candidate) if not actor.covers({side.district.pk}) and side.name not in approved
    ]


def access_requests_to_decide(*, actor: Actor) -> QuerySet[AccessRequest]:
    """Pending requests for records the actor's jurisdiction holds."""
    if not actor.can(Permission.TRACING_REVIEW):
        return AccessRequest.objects.none()
    rows = AccessRequest.objects.filter(status=AccessStatus.PENDING).select_related(
        "candidate__missing_report__district", "candidate__found_child__district", "candidate__other_report__district"
    )
    if actor.is_national:
        return rows
    return rows.filter(
        (Q(side="missing") & actor.district_filter("candidate__missing_report__district"))
        | (Q(side="found") & actor.district_filter("candidate__found_child__district"))
        | (Q(side="other") & actor.district_filter("candidate__other_report__district"))
    )


def reunification_list(*, actor: Actor) -> QuerySet[Reunification]:
    if not actor.can(Permission.TRACING_REVIEW):
        return Reunification.objects.none()
    rows = Reunification.objects.select_related(
        "missing_report__district", "found_child__district", "organisation", "candidate"
    )
    if actor.is_national:
        return rows
    return rows.filter(
        actor.district_filter("missing_report__district") | actor.district_filter("found_child__district")
    )
