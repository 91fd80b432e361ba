"""Pages for legal teams: the docket, the dashboard, police cases with every event, rescue operations.

Thin: parse a form, call a service, render. URLs carry references (P-, K-, R-), never FIR numbers or names.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from picket.accounts.access import Actor, actor_for, fetch_or_404
from picket.accounts.decorators import requires
from picket.accounts.permissions import Permission
from picket.accounts.selectors import district_choices
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.intake.selectors import found_list
from picket.people.selectors import child_list
from picket.prosecution import forms_case as f
from picket.prosecution import selectors, services, services_court
from picket.prosecution.dashboard import DEFINITIONS, STAGE_LABELS, prosecution_figures
from picket.prosecution.deadlines import last_day_of, rescue_clocks_refresh
from picket.prosecution.docket import CUSTODY_WARNING_DAY, QUIET_DAYS, docket_for
from picket.prosecution.documents import document_read, document_upload, document_verify
from picket.prosecution.models import CaseAccused, Deadline, PoliceCase
from picket.prosecution.repeat_offenders import repeat_offender_candidates
from picket.prosecution.rules import RULES
from picket.prosecution.timeline import case_timeline

VIEW, MANAGE = Permission.PROSECUTION_VIEW, Permission.PROSECUTION_MANAGE


def _today() -> datetime.date:
    return timezone.localdate()


def _service_errors(form: forms.Form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
        form.add_error(field if field in form.fields else None, errors)


@requires(VIEW)
def docket(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    today = _today()
    found = docket_for(actor=actor, today=today)
    rows = [(d, RULES[d.rule], last_day_of(d.due_at)) for d in found.deadlines]
    return render(request, "prosecution/docket.html", {
        "docket": found, "deadline_rows": rows, "today": today,
        "custody_day": CUSTODY_WARNING_DAY, "quiet_days": QUIET_DAYS, "can_manage": actor.can(MANAGE),
    })  # fmt: skip


@requires(VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    cases = selectors.police_case_list(actor=actor)
    districts = district_choices(actor=actor)
    district = request.GET.get("district", "")
    if district.isdigit():
        cases = cases.filter(district_id=int(district))
        audit_record(action=AuditAction.SEARCH, object_type="prosecution.policecase", detail={"filters": ["district"]})
    figures = prosecution_figures(cases, today=_today())
    stages = [(STAGE_LABELS[key], count) for key, count in figures.stages.items()]
    return render(request, "prosecution/dashboard.html", {
        "figures": figures, "stages": stages, "definitions": DEFINITIONS, "districts": districts,
        "district": int(district) if district.isdigit() else None,
    })  # fmt: skip


@requires(VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    cases = selectors.police_case_list(actor=actor).order_by("-fir_registered_on")[:200]
    return render(request, "prosecution/case_list.html", {"cases": cases, "can_manage": actor.can(MANAGE)})


@requires(MANAGE)
def case_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    rescue = selectors.rescue_list(actor=actor).filter(reference=request.GET.get("rescue", "")).first()
    initial = {"rescue_operation": rescue.reference, "district": rescue.district_id} if rescue else {}
    form = f.PoliceCaseForm(request.POST or None, actor=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        references = {r.upper() for r in f.citations(data["victim_references"])}
        victims = list(child_list(actor=actor).filter(reference__in=references))
        if len(victims) != len(references):
            form.add_error("victim_references", _("A child reference is unknown or outside your jurisdiction."))
        else:
            if data["rescue_operation"] is not None:  # the rescued children are the case's victims
                rescued = child_list(actor=actor).filter(found_records__rescue_operations=data["rescue_operation"])
                victims += [child for child in rescued.distinct() if child.reference not in references]
            try:
                case = services.police_case_register(
                    actor=actor, fir_number=data["fir_number"], fir_registered_on=data["fir_registered_on"],
                    offence_on=data["offence_on"], police_station=data["police_station"], district=data["district"],
                    sections=f.citations(data["sections"]), victims=victims,
                    investigating_officer_name=data["investigating_officer_name"],
                    investigating_officer_rank=data["investigating_officer_rank"],
                    rescue_operation=data["rescue_operation"],
                )  # fmt: skip
            except ValidationError as error:
                _service_errors(form, error)
            else:
                messages.success(request, _("Case %(ref)s recorded.") % {"ref": case.reference})
                return redirect("prosecution-case", reference=case.reference)
    return render(request, "prosecution/case_form.html", {"form": form, "title": _("Record a police case")})


# --- the case page and its events ----------------------------------------------------------------------------------

Handler = Callable[[Actor, PoliceCase, dict[str, Any], HttpRequest], Any]


def _accused(actor: Actor, case: PoliceCase, data: dict[str, Any], request: HttpRequest) -> Any:
    with transaction.atomic():
        person = services.accused_person_register(
            actor=actor, name=data["name"], district=case.district, aliases=data["aliases"],
            father_name=data["father_name"], gender=data["gender"],
            age_estimate_years=data["age_estimate_years"], phone=data["phone"], address=data["address"],
        )  # fmt: skip
        row = services.case_accused_add(actor=actor, police_case=case, accused=person,
                                        arrested_on=data["arrested_on"], first_remand_on=data["first_remand_on"],
                                        custody_status=data["custody_status"])  # fmt: skip
        if data["apprehended_in_rescue"]:
            if case.rescue_operation is None:
                raise ValidationError({"apprehended_in_rescue": _("This case comes from no rescue operation.")})
            services.rescue_accused_apprehended_add(actor=actor, rescue=case.rescue_operation, accused=person)
        return row


def _document(actor: Actor, case: PoliceCase, data: dict[str, Any], request: HttpRequest) -> Any:
    upload = data["file"]
    return document_upload(actor=actor, police_case=case, kind=data["kind"], data=upload.read())


def _trial_dates(actor: Actor, case: PoliceCase, data: dict[str, Any], request: HttpRequest) -> Any:
    court = data.pop("court_case")
    extended = data.pop("judgment_time_extended")
    return services_court.court_case_update(actor=actor, court_case=court, judgment_time_extended=extended, **data)


EVENTS: dict[str, tuple[type[f.CaseEventForm], Handler]] = {
    "sections": (f.SectionsForm, lambda a, c, d, r: services.case_sections_change(
        actor=a, police_case=c, changed_on=d["changed_on"], add=f.citations(d["add"]),
        remove=f.citations(d["remove"]), reason=d["reason"])),
    "accused": (f.AccusedForm, _accused),
    "custody": (f.CustodyForm, lambda a, c, d, r: services.case_accused_update(actor=a, **d)),
    "bail": (f.BailForm, lambda a, c, d, r: services.bail_hearing_record(actor=a, **d)),
    "chargesheet": (f.ChargesheetForm, lambda a, c, d, r: services.chargesheet_file(
        actor=a, police_case=c, kind=d["kind"], filed_on=d["filed_on"], sections=f.citations(d["sections"]),
        accused=list(d["accused"]))),
    "closure": (f.ClosureForm, lambda a, c, d, r: services.closure_report_file(actor=a, police_case=c, **d)),
    "court": (f.CourtCaseForm, lambda a, c, d, r: services_court.court_case_register(actor=a, police_case=c, **d)),
    "trial": (f.TrialDatesForm, _trial_dates),
    "hearing": (f.HearingForm, lambda a, c, d, r: services_court.hearing_record(actor=a, **d)),
    "witness": (f.WitnessForm, lambda a, c, d, r: services_court.witness_record(actor=a, **d)),
    "judgment": (f.JudgmentForm, lambda a, c, d, r: services_court.judgment_record(actor=a, **d)),
    "compensation": (f.CompensationForm, lambda a, c, d, r: services_court.compensation_order_record(actor=a, **d)),
    "paid": (f.CompensationPaidForm, lambda a, c, d, r: services_court.compensation_paid(actor=a, **d)),
    "appeal": (f.AppealForm, lambda a, c, d, r: services_court.appeal_record(actor=a, **d)),
    "document": (f.DocumentForm, _document),
    "override": (f.OverrideForm, lambda a, c, d, r: services.deadline_override(actor=a, **d)),
}  # fmt: skip

EVENT_TITLES = {
    "sections": _("Add or drop sections"), "accused": _("Add an accused"), "custody": _("Arrest, remand, custody"),
    "bail": _("Bail hearing"), "chargesheet": _("File a chargesheet"), "closure": _("Closure report"),
    "court": _("Court case (committal, cognizance)"), "trial": _("Trial milestones"), "hearing": _("Hearing"),
    "witness": _("Witness"), "judgment": _("Judgment (per accused, per section)"),
    "compensation": _("Compensation ordered"), "paid": _("Compensation paid"), "appeal": _("Appeal"),
    "document": _("Upload a document (FIR copy, chargesheet, judgment)"), "override": _("Set a deadline by hand"),
}  # fmt: skip


def _case_page(request: HttpRequest, actor: Actor, case: PoliceCase, bound: f.CaseEventForm | None = None,
               action: str = "") -> HttpResponse:  # fmt: skip
    can_manage = selectors.police_case_manageable(actor=actor).filter(pk=case.pk).exists()
    event_forms = []
    if can_manage:
        for name, (form_class, _handler) in EVENTS.items():
            form = bound if name == action and bound is not None else form_class(case=case, prefix=name)
            event_forms.append((name, EVENT_TITLES[name], form))
    rescue_clocks = Q(rescue_operation_id=case.rescue_operation_id) if case.rescue_operation_id else Q(pk__in=[])
    rows = Deadline.objects.filter(Q(police_case=case) | rescue_clocks, is_current=True)
    rows = rows.select_related("court_case").order_by("due_at")
    deadlines = [(d, RULES[d.rule], last_day_of(d.due_at)) for d in rows]
    return render(request, "prosecution/case_detail.html", {
        "case": case, "deadlines": deadlines, "timeline": case_timeline(case), "event_forms": event_forms,
        "open_action": action, "sections": case.sections.select_related("offence__act").order_by("added_on", "pk"),
        "accused": case.accused.select_related("accused").prefetch_related("bail_hearings"),
        "court_cases": case.court_cases.prefetch_related("hearings", "witnesses", "judgments__offence__act",
                                                          "compensation_orders", "appeals"),
        "documents": case.documents.all(), "victims": case.victims.all(),
    })  # fmt: skip


@requires(VIEW)
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    actor = actor_for(request.user)
    case = fetch_or_404(selectors.police_case_list(actor=actor), reference=reference)
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="prosecution.policecase", object_id=case.pk)
    if case.rescue_operation is not None:
        rescue_clocks_refresh(rescue=case.rescue_operation)
    return _case_page(request, actor, case)


@require_POST
@requires(MANAGE)
def case_event(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    actor = actor_for(request.user)
    case = fetch_or_404(selectors.police_case_manageable(actor=actor), reference=reference)
    if action not in EVENTS:
        return redirect("prosecution-case", reference=case.reference)
    form_class, handler = EVENTS[action]
    form = form_class(request.POST, request.FILES, case=case, prefix=action)
    if form.is_valid():
        try:
            handler(actor, case, dict(form.cleaned_data), request)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Saved: %(what)s.") % {"what": EVENT_TITLES[action]})
            return redirect("prosecution-case", reference=case.reference)
    case.refresh_from_db()
    return _case_page(request, actor, case, bound=form, action=action)


@requires(VIEW)
def case_document(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    case = fetch_or_404(selectors.police_case_list(actor=actor), reference=reference)
    document = fetch_or_404(case.documents.all(), pk=document_id)
    if not document_verify(document):
        messages.error(request, _("This document does not match the digest taken at upload: it was altered."))
        return redirect("prosecution-case", reference=case.reference)
    audit_record(action=AuditAction.EXPORT, object_type="prosecution.policecase", object_id=case.pk,
                 detail={"kind": document.kind, "format": document.content_type})  # fmt: skip
    response = HttpResponse(document_read(document), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.kind}-{document.pk}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- rescue operations ---------------------------------------------------------------------------------------------


@requires(MANAGE)
def rescue_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = f.RescueForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        references = [r.upper() for r in f.citations(data.pop("found_references"))]
        found = list(found_list(actor=actor).filter(reference__in=references))
        accused_references = {r.upper() for r in f.citations(data.pop("accused_references"))}
        accused = list(selectors.accused_list(actor=actor).filter(reference__in=accused_references))
        if len(found) != len(set(references)):
            form.add_error("found_references", _("A found-child reference is unknown or outside your jurisdiction."))
        elif len(accused) != len(accused_references):
            form.add_error("accused_references", _("An accused reference is unknown or outside your jurisdiction."))
        else:
            try:
                rescue = services.rescue_operation_record(actor=actor, children_rescued=found,
                                                          accused_apprehended=accused, **data)  # fmt: skip
            except ValidationError as error:
                _service_errors(form, error)
            else:
                messages.success(request, _("Rescue operation %(ref)s recorded.") % {"ref": rescue.reference})
                return redirect("prosecution-rescue", reference=rescue.reference)
    return render(request, "prosecution/case_form.html", {"form": form, "title": _("Record a rescue operation")})


@requires(VIEW)
def rescue_detail(request: HttpRequest, reference: str) -> HttpResponse:
    actor = actor_for(request.user)
    rescue = fetch_or_404(selectors.rescue_list(actor=actor), reference=reference)
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="prosecution.rescueoperation", object_id=rescue.pk)
    rescue_clocks_refresh(rescue=rescue)
    deadlines = [(d, RULES[d.rule], last_day_of(d.due_at)) for d in rescue.deadlines.filter(is_current=True)]
    return render(request, "prosecution/rescue_detail.html", {
        "rescue": rescue, "deadlines": deadlines, "found": rescue.children_rescued.all(),
        "accused": rescue.accused_apprehended.all(),
        "organisations": rescue.participating_organisations.all(), "cases": rescue.police_cases.all(),
        "can_manage": selectors.rescue_manageable(actor=actor).filter(pk=rescue.pk).exists(),
    })  # fmt: skip


# --- accused persons: their cases and possible repeat offences ------------------------------------------------------


@requires(VIEW)
def accused_detail(request: HttpRequest, reference: str) -> HttpResponse:
    actor = actor_for(request.user)
    person = fetch_or_404(selectors.accused_list(actor=actor), reference=reference)
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="people.accusedperson", object_id=person.pk)
    rows = CaseAccused.objects.filter(accused=person, police_case__in=selectors.police_case_list(actor=actor))
    return render(request, "prosecution/accused_detail.html", {
        "person": person, "rows": rows.select_related("police_case"),
        "candidates": repeat_offender_candidates(actor=actor, person=person),
    })  # fmt: skip
