"""Staff pages for tips, missing-child reports and found children. URLs carry references (T-, M-, F-), never names.

Thin: parse, call a selector or service, render. A child and its report are written in one transaction, so a
refusal by either service saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from picket.accounts.access import Actor, actor_for, fetch_or_404
from picket.accounts.decorators import requires
from picket.accounts.forms import add_service_errors
from picket.accounts.permissions import Permission
from picket.accounts.selectors import district_choices
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.intake import selectors, services
from picket.intake.forms import (
    CaseStatusForm,
    ChildFieldsMixin,
    FoundChildForm,
    MissingReportForm,
    PlacementForm,
    ProductionForm,
    StaffTipForm,
    StatementForm,
    TriageForm,
    int_or_none,
)
from picket.intake.models import CaseStatus, FoundChild, MissingReport, Tip, TipStatus, Urgency
from picket.intake.timeline import clock_view, found_timeline, missing_timeline, tip_timeline
from picket.people.models import Child, Relation
from picket.people.search import children_matching_name
from picket.people.services import child_register, family_member_add
from picket.web.searches import redirect_to_search, search_text

VIEW, MANAGE = Permission.IDENTITY_VIEW, Permission.CHILD_MANAGE
PAGE_SIZE = 50


# --- shared --------------------------------------------------------------------------------------------------------


def _choice(request: HttpRequest, name: str, choices: Iterable[str]) -> str:
    value = request.GET.get(name, "")
    return value if value in choices else ""


def _filtered(
    request: HttpRequest, actor: Actor, rows: QuerySet[Any], *, object_type: str
) -> tuple[QuerySet[Any], dict[str, Any]]:
    """Apply the filters every list shares (status, district, reference) and say which were used."""
    status = _choice(request, "status", CaseStatus.values if object_type != "intake.tip" else TipStatus.values)
    district = int_or_none(request.GET.get("district"))
    reference = request.GET.get("q", "").strip().upper()[:20]
    if status:
        rows = rows.filter(status=status)
    if district:
        rows = rows.filter(district_id=district)
    if reference:
        rows = rows.filter(reference__icontains=reference)
    filters = {"status": status, "district": district, "q": reference}
    return rows, {**filters, "districts": district_choices(actor=actor)}


def _audit_search(object_type: str, used: dict[str, Any]) -> None:
    names = [name for name, value in used.items() if value]
    if names:
        audit_record(action=AuditAction.SEARCH, object_type=object_type, detail={"filters": names})


def _page(request: HttpRequest, rows: QuerySet[Any]) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _sections(form: forms.Form, *groups: tuple[Any, Iterable[str]]) -> list[tuple[Any, list[Any]]]:
    return [(title, [form[name] for name in names]) for title, names in groups]


def _possible_duplicates(actor: Actor, form: ChildFieldsMixin) -> list[Child]:
    """Children in scope who may already be this one (empty while the name search is not installed)."""
    data = form.cleaned_data
    try:
        from picket.people.selectors import child_possible_duplicates

        return child_possible_duplicates(
            actor=actor, name=data["name"], district_id=data["district"].pk, father_name=data["father_name"]
        )
    except ImportError:
        return []


def _add_parents(actor: Actor, child: Child, form: ChildFieldsMixin, *, already: Iterable[str] = ()) -> None:
    for relation, field in ((Relation.FATHER, "father_name"), (Relation.MOTHER, "mother_name")):
        name = form.cleaned_data[field]
        if name.strip() and relation not in already:
            try:
                family_member_add(actor=actor, child=child, relation=relation, name=name)
            except ValidationError as error:  # the service names its own field "name"
                raise ValidationError({field: error.messages}) from error


def _create_with_child(
    request: HttpRequest, actor: Actor, form: ChildFieldsMixin, write: Callable[[Child], Any]
) -> tuple[Any, list[Child]]:
    """Check for duplicates, then write the child and its record in one transaction. Returns (record, duplicates)."""
    if not (request.method == "POST" and form.is_valid()):
        return None, []
    duplicates = _possible_duplicates(actor, form)
    if duplicates and not form.cleaned_data["save_anyway"]:
        form.add_error("save_anyway", _("This child may already be registered. Check the records below first."))
        return None, duplicates
    try:
        with transaction.atomic():
            child = child_register(actor=actor, district=form.cleaned_data["district"], **form.child_data())
            return write(child), duplicates
    except ValidationError as error:
        add_service_errors(form, error)
    return None, duplicates


# --- tips ----------------------------------------------------------------------------------------------------------


@requires(VIEW)
def tip_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    tips, filters = _filtered(request, actor, selectors.tip_list(actor=actor), object_type="intake.tip")
    urgency = _choice(request, "urgency", Urgency.values)
    if urgency:
        tips = tips.filter(urgency=urgency)
    _audit_search("intake.tip", {**{k: filters[k] for k in ("status", "district", "q")}, "urgency": urgency})
    imminent_first = Case(When(urgency=Urgency.IMMINENT, then=Value(0)), default=Value(1), output_field=IntegerField())
    tips = tips.select_related("district", "assignee").order_by(imminent_first, "-created_at")
    return render(request, "intake/tip_list.html", {
        "page": _page(request, tips), **filters, "urgency": urgency, "statuses": TipStatus.choices,
        "urgencies": Urgency.choices, "can_manage": actor.can(MANAGE),
    })  # fmt: skip


@requires(MANAGE)
@sensitive_post_parameters()
def tip_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = StaffTipForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            tip = services.tip_record(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tip %(ref)s recorded.") % {"ref": tip.reference})
            return redirect("tip-detail", reference=tip.reference)
    return render(request, "intake/tip_form.html", {"form": form})


def _tip_page(request: HttpRequest, actor: Actor, tip: Tip, form: TriageForm | None = None) -> HttpResponse:
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="intake.tip", object_id=tip.pk)
    can_manage = selectors.tip_manageable(actor=actor).filter(pk=tip.pk).exists()
    return render(request, "intake/tip_detail.html", {
        "tip": tip, "timeline": tip_timeline(tip), "can_manage": can_manage,
        "triage_form": (form or TriageForm(tip=tip)) if can_manage else None,
    })  # fmt: skip


@requires(VIEW)
def tip_detail(request: HttpRequest, reference: str) -> HttpResponse:
    actor = actor_for(request.user)
    tip = fetch_or_404(selectors.tip_list(actor=actor).select_related("district__state"), reference=reference)
    return _tip_page(request, actor, tip)


@require_POST
@requires(MANAGE)
@sensitive_post_parameters()
def tip_triage(request: HttpRequest, reference: str) -> HttpResponse:
    actor = actor_for(request.user)
    tip = fetch_or_404(selectors.tip_manageable(actor=actor), reference=reference)
    form = TriageForm(request.POST, tip=tip)
    if form.is_valid():
        try:
            services.tip_triage(actor=actor, tip=tip, **form.cleaned_data)
        except ValidationError as error:
            tip.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tip updated."))
            return redirect("tip-detail", reference=tip.reference)
    return _tip_page(request, actor, tip, form)


# --- missing-child reports -----------------------------------------------------------------------------------------


@requires(VIEW)
def missing_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":  # a name search: the name goes into the session, never into the URL
        safe = {key: request.POST.get(key, "") for key in ("status", "district", "q")}
        return redirect_to_search(request, "name", **safe)
    actor = actor_for(request.user)
    reports, filters = _filtered(
        request, actor, selectors.missing_list(actor=actor), object_type="intake.missingreport"
    )
    name = search_text(request)
    if name:
        matches = children_matching_name(children=Child.objects.filter(pk__in=reports.values("child_id")), name=name)
        reports = reports.filter(child_id__in=[child.pk for child in matches])
    _audit_search("intake.missingreport", {**{k: filters[k] for k in ("status", "district", "q")}, "name": name})
    return render(request, "intake/missing_list.html", {
        "page": _page(request, reports), **filters, "name": name, "name_search": True,
        "statuses": CaseStatus.choices, "can_manage": actor.can(MANAGE),
    })  # fmt: skip


@requires(MANAGE)
@sensitive_post_parameters()
def missing_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = MissingReportForm(request.POST or None, actor=actor)

    def write(child: Child) -> MissingReport:
        report = services.missing_report_create(actor=actor, child=child, **form.report_data())
        # The service records a parent who reports with a phone number; the other names are added here.
        already = {report.reporter_relation} if report.reporter_phone else set()
        _add_parents(actor, child, form, already=already)
        return report

    report, duplicates = _create_with_child(request, actor, form, write)
    if report is not None:
        messages.success(request, _("Missing report %(ref)s recorded.") % {"ref": report.reference})
        return redirect("missing-detail", reference=report.reference)
    sections = _sections(
        form, (gettext_lazy("The child"), form.CHILD_FIELDS), (gettext_lazy("Parents"), ("father_name", "mother_name")),
        (gettext_lazy("Who reports"), form.REPORT_FIELDS[:3]), (gettext_lazy("Last seen"), form.REPORT_FIELDS[3:7]),
        (gettext_lazy("Police"), form.REPORT_FIELDS[7:]),
    )  # fmt: skip
    return render(request, "intake/child_record_form.html", {
        "form": form, "sections": sections, "duplicates": duplicates, "title": gettext_lazy("Report a missing child"),
    })  # fmt: skip


def _missing_page(request: HttpRequest, actor: Actor, report: MissingReport, form: Any = None) -> HttpResponse:
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="intake.missingreport", object_id=report.pk)
    can_manage = selectors.missing_manageable(actor=actor).filter(pk=report.pk).exists()
    return render(request, "intake/missing_detail.html", {
        "report": report, "child": report.child, "age": report.child.age_on(timezone.localdate()),
        "family": report.child.family.all(), "timeline": missing_timeline(report), "can_manage": can_manage,
        "status_form": (form or CaseStatusForm(initial={"status": report.status})) if can_manage else None,
    })  # fmt: skip


@requires(VIEW)
def missing_detail(request: HttpRequest, reference: str) -> HttpResponse:
    actor = actor_for(request.user)
    reports = selectors.missing_list(actor=actor).select_related("police_station", "organisation", "district__state")
    return _missing_page(request, actor, fetch_or_404(reports, reference=reference))


@require_POST
@requires(MANAGE)
@sensitive_post_parameters()
def missing_status(request: HttpRequest, reference: str) -> HttpResponse:
    actor = actor_for(request.user)
    report = fetch_or_404(selectors.missing_manageable(actor=actor), reference=reference)
    form = CaseStatusForm(request.POST)
    if form.is_valid():
        try:
            services.missing_report_set_status(actor=actor, report=report, status=form.cleaned_data["status"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Status changed."))
            return redirect("missing-detail", reference=report.reference)
    return _missing_page(request, actor, report, form)


# --- found and rescued children ------------------------------------------------------------------------------------


@requires(VIEW)
def found_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    records, filters = _filtered(request, actor, selectors.found_list(actor=actor), object_type="intake.foundchild")
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        records = records.filter(pk__in=selectors.cwc_overdue(actor=actor).values("pk"))
    _audit_search("intake.foundchild", {**{k: filters[k] for k in ("status", "district", "q")}, "overdue": overdue})
    page = _page(request, records)
    now = timezone.now()
    return render(request, "intake/found_list.html", {
        "page": page, "rows": [(found, clock_view(found, now=now)) for found in page], **filters, "overdue": overdue,
        "statuses": CaseStatus.choices, "can_manage": actor.can(MANAGE),
    })  # fmt: skip


@requires(MANAGE)
@sensitive_post_parameters()
def found_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = FoundChildForm(request.POST or None, actor=actor)

    def write(child: Child) -> FoundChild:
        found = services.found_child_register(actor=actor, child=child, **form.found_data())
        _add_parents(actor, child, form)
        return found

    found, duplicates = _create_with_child(request, actor, form, write)
    if found is not None:
        messages.success(request, _("Found child %(ref)s recorded.") % {"ref": found.reference})
        return redirect("found-detail", reference=found.reference)
    sections = _sections(
        form, (gettext_lazy("Found or rescued"), form.FOUND_FIELDS), (gettext_lazy("The child"), form.CHILD_FIELDS),
        (gettext_lazy("Parents"), ("father_name", "mother_name")),
    )  # fmt: skip
    return render(request, "intake/child_record_form.html", {
        "form": form, "sections": sections, "duplicates": duplicates, "title": gettext_lazy("Record a found child"),
    })  # fmt: skip


def _found_page(request: HttpRequest, actor: Actor, found: FoundChild, **bound: forms.Form) -> HttpResponse:
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="intake.foundchild", object_id=found.pk)
    can_manage = selectors.found_manageable(actor=actor).filter(pk=found.pk).exists()
    today = timezone.localdate()
    context: dict[str, Any] = {
        "found": found, "child": found.child, "age": found.child.age_on(today), "family": found.child.family.all(),
        "clock": clock_view(found), "timeline": found_timeline(found), "can_manage": can_manage,
        "placements": found.placements.select_related("institution"), "statements": found.statements.all(),
    }  # fmt: skip
    if can_manage:
        context |= {
            "production_form": ProductionForm(initial={"cwc": found.cwc_id}, found=found),
            "placement_form": PlacementForm(initial={"placed_on": today}, found=found),
            "statement_form": StatementForm(initial={"recorded_on": today}),
            "status_form": CaseStatusForm(initial={"status": found.status}),
            **bound,
        }
    return render(request, "intake/found_detail.html", context)


@requires(VIEW)
def found_detail(request: HttpRequest, reference: str) -> HttpResponse:
    actor = actor_for(request.user)
    records = selectors.found_list(actor=actor).select_related("agency", "cwc", "organisation", "district__state")
    return _found_page(request, actor, fetch_or_404(records, reference=reference))


def _found_action(
    request: HttpRequest, reference: str, name: str, make: Callable[[FoundChild], forms.Form],
    act: Callable[[Actor, FoundChild, dict[str, Any]], Any], done: str,
) -> HttpResponse:  # fmt: skip
    """One of the found child's forms: on success back to the page, else the page with the form's errors."""
    actor = actor_for(request.user)
    found = fetch_or_404(selectors.found_manageable(actor=actor), reference=reference)
    form = make(found)
    if form.is_valid():
        try:
            act(actor, found, form.cleaned_data)
        except ValidationError as error:
            found.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("found-detail", reference=found.reference)
    return _found_page(request, actor, found, **{name: form})


@require_POST
@requires(MANAGE)
@sensitive_post_parameters()
def found_production(request: HttpRequest, reference: str) -> HttpResponse:
    return _found_action(
        request, reference, "production_form", lambda found: ProductionForm(request.POST, found=found),
        lambda actor, found, data: services.found_child_record_production(
            actor=actor, found=found, produced_at=data["produced_before_cwc_at"], cwc=data["cwc"]
        ),
        _("Production before the CWC recorded."),
    )  # fmt: skip


@require_POST
@requires(MANAGE)
@sensitive_post_parameters()
def found_placement(request: HttpRequest, reference: str) -> HttpResponse:
    return _found_action(
        request, reference, "placement_form", lambda found: PlacementForm(request.POST, found=found),
        lambda actor, found, data: services.placement_add(actor=actor, found=found, **data), _("Placement added."),
    )  # fmt: skip


@require_POST
@requires(MANAGE)
@sensitive_post_parameters()
def found_statement(request: HttpRequest, reference: str) -> HttpResponse:
    return _found_action(
        request, reference, "statement_form", lambda found: StatementForm(request.POST),
        lambda actor, found, data: services.statement_add(actor=actor, found=found, **data), _("Statement recorded."),
    )  # fmt: skip


@require_POST
@requires(MANAGE)
@sensitive_post_parameters()
def found_status(request: HttpRequest, reference: str) -> HttpResponse:
    return _found_action(
        request, reference, "status_form", lambda found: CaseStatusForm(request.POST),
        lambda actor, found, data: services.found_child_set_status(actor=actor, found=found, status=data["status"]),
        _("Status changed."),
    )  # fmt: skip
