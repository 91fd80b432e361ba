"""Tracing pages: the review queue, a candidate with its explanation, cross-district access, reunification.

A candidate's record outside the reviewer's jurisdiction shows only its reference, district, organisation and
the score until the side that holds it approves an access request; opening a record is logged as a view of an
identity, like any other page showing one.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from picket.accounts.access import Actor, actor_for, fetch_or_404
from picket.accounts.decorators import requires
from picket.accounts.forms import add_service_errors
from picket.accounts.permissions import Permission
from picket.accounts.selectors import district_choices
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.intake.forms import int_or_none
from picket.intake.models import FoundChild
from picket.tracing import selectors, services
from picket.tracing.forms import ConfirmForm, RejectForm, StepForm, StopForm
from picket.tracing.models import AccessStatus, CandidateKind, CandidateStatus, MatchCandidate, ReunificationStatus
from picket.tracing.selectors import Side

REVIEW = Permission.TRACING_REVIEW
QUEUE_SIZE = 100


@requires(REVIEW)
def queue(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    districts = district_choices(actor=actor)
    district_id = int_or_none(request.GET.get("district"))
    district = districts.filter(pk=district_id).first() if district_id else None
    pending = selectors.review_queue(actor=actor, district=district)
    context = {
        "links": pending.filter(kind=CandidateKind.LINK)[:QUEUE_SIZE],
        "duplicates": pending.filter(kind=CandidateKind.DEDUPE)[:QUEUE_SIZE],
        "requests": selectors.access_requests_to_decide(actor=actor).select_related("requested_by__organisation"),
        "districts": districts,
        "district": district,
    }
    return render(request, "tracing/queue.html", context)


def _side_view(actor: Actor, side: Side, opened: bool) -> dict[str, Any]:
    view: dict[str, Any] = {"side": side, "opened": opened, "is_found": isinstance(side.record, FoundChild)}
    if opened:
        record = side.record
        child = record.child
        day = timezone.localtime(record.found_at).date() if isinstance(record, FoundChild) else record.last_seen_on
        view |= {"child": child, "age": child.age_on(day), "family": child.family.all()}
        object_type = "intake.foundchild" if isinstance(record, FoundChild) else "intake.missingreport"
        audit_record(action=AuditAction.VIEW_IDENTITY, object_type=object_type, object_id=record.pk)
    return view


def _candidate_page(request: HttpRequest, actor: Actor, candidate: MatchCandidate, **bound: forms.Form) -> HttpResponse:
    closed = {s.name for s in selectors.sides_outside(actor=actor, candidate=candidate, approved_count=True)}
    sides = [_side_view(actor, side, side.name not in closed) for side in Side.all_of(candidate)]
    mine = []
    if actor.user is not None:
        mine = list(candidate.access_requests.filter(requested_by=actor.user))
    to_decide = [
        r
        for r in candidate.access_requests.filter(status=AccessStatus.PENDING).select_related("requested_by")
        if actor.covers({Side.of(candidate, r.side).district.pk})
    ]
    pending = candidate.status == CandidateStatus.PENDING
    context = {
        "candidate": candidate,
        "sides": sides,
        "all_open": not closed,
        "explanation": json.loads(candidate.explanation or "[]") if not closed else [],
        "my_requests": mine,
        "can_request": pending and bool(closed) and not any(r.status == AccessStatus.PENDING for r in mine),
        "to_decide": to_decide,
        "confirm_form": bound.get("confirm_form") or ConfirmForm(),
        "reject_form": bound.get("reject_form") or RejectForm(),
        "pending": pending,
        "reunification": getattr(candidate, "reunification", None) if candidate.kind == CandidateKind.LINK else None,
    }
    return render(request, "tracing/candidate.html", context)


def _candidate(actor: Actor, pk: int) -> MatchCandidate:
    return fetch_or_404(selectors.candidate_reviewable(actor=actor), pk=pk)


@requires(REVIEW)
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    return _candidate_page(request, actor, _candidate(actor, pk))


@require_POST
@requires(REVIEW)
def candidate_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    candidate = _candidate(actor, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.candidate_confirm(actor=actor, candidate=candidate, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if candidate.kind == CandidateKind.LINK:
                messages.success(
                    request, _("Match confirmed: the report is closed as traced and reunification begins.")
                )
                return redirect("tracing:reunification", pk=candidate.reunification.pk)
            messages.success(request, _("The two reports are recorded as one child."))
            return redirect("tracing:candidate", pk=candidate.pk)
    return _candidate_page(request, actor, candidate, confirm_form=form)


@require_POST
@requires(REVIEW)
def candidate_reject(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    candidate = _candidate(actor, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.candidate_reject(
                actor=actor, candidate=candidate, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Candidate rejected."))
            return redirect("tracing:queue")
    return _candidate_page(request, actor, candidate, reject_form=form)


@require_POST
@requires(REVIEW)
def access_request(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    candidate = _candidate(actor, pk)
    try:
        services.access_request(actor=actor, candidate=candidate)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Access requested. The district that holds the record has been told."))
    return redirect("tracing:candidate", pk=candidate.pk)


@require_POST
@requires(REVIEW)
def access_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    rows = selectors.access_requests_to_decide(actor=actor)
    access = fetch_or_404(rows.select_related("candidate"), pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.access_decide(actor=actor, request=access, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Access approved.") if approve else _("Access refused."))
    return redirect("tracing:candidate", pk=access.candidate_id)


@requires(REVIEW)
def reunification_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    status = request.GET.get("status", ReunificationStatus.IN_PROGRESS)
    rows = selectors.reunification_list(actor=actor).prefetch_related("steps")
    if status in ReunificationStatus.values:
        rows = rows.filter(status=status)
    listed = list(rows[:200])
    context = {
        "rows": [(r, next((s for s in r.steps.all() if s.done_on is None), None)) for r in listed],
        "status": status,
        "statuses": ReunificationStatus.choices,
        "today": timezone.localdate(),
    }
    return render(request, "tracing/reunification_list.html", context)


def _reunification_page(request: HttpRequest, actor: Actor, pk: int, **bound: forms.Form) -> HttpResponse:
    reunification = fetch_or_404(selectors.reunification_list(actor=actor), pk=pk)
    audit_record(
        action=AuditAction.VIEW_IDENTITY, object_type="intake.foundchild", object_id=reunification.found_child_id
    )
    found = reunification.found_child
    steps = list(reunification.steps.select_related("done_by"))
    open_step = next((s for s in steps if s.done_on is None), None)
    closed = reunification.status in (ReunificationStatus.STOPPED, ReunificationStatus.COMPLETED)
    context = {
        "reunification": reunification,
        "child": found.child,
        "family": found.child.family.all(),
        "steps": steps,
        "open_step": None if closed else open_step,
        "step_form": bound.get("step_form") or StepForm(initial={"done_on": timezone.localdate()}),
        "stop_form": bound.get("stop_form") or StopForm(),
        "closed": closed,
        "today": timezone.localdate(),
    }
    return render(request, "tracing/reunification.html", context)


@requires(REVIEW)
def reunification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _reunification_page(request, actor_for(request.user), pk)


@require_POST
@requires(REVIEW)
def step_complete(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    actor = actor_for(request.user)
    reunification = fetch_or_404(selectors.reunification_list(actor=actor), pk=pk)
    target = fetch_or_404(reunification.steps.all(), pk=step)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.step_complete(
                actor=actor, step=target, done_on=form.cleaned_data["done_on"], notes=form.cleaned_data["notes"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Step recorded."))
            return redirect("tracing:reunification", pk=pk)
    return _reunification_page(request, actor, pk, step_form=form)


@require_POST
@requires(REVIEW)
def reunification_stop(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    reunification = fetch_or_404(selectors.reunification_list(actor=actor), pk=pk)
    form = StopForm(request.POST)
    if form.is_valid():
        try:
            services.reunification_stop(actor=actor, reunification=reunification, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Reunification stopped."))
            return redirect("tracing:reunification", pk=pk)
    return _reunification_page(request, actor, pk, stop_form=form)
