"""Establishment pages under ``/monitoring/establishments/``: the list (by kind, registration and district), an
establishment with its registration, identifiers, inspections, ads, tips, rescue operations and alerts; create and
edit, record an inspection, link a tip, a rescue operation or an ad by its reference, unlink an ad.

Reads go through the selectors (an establishment out of scope is a 404), writes through the services. Linking a
tip needs sight of tips (``identity.view``), a rescue operation ``prosecution.manage``; the services check scope.
URLs carry ids only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from picket.accounts.access import Actor, actor_for, fetch_or_404
from picket.accounts.decorators import requires
from picket.accounts.forms import add_service_errors
from picket.accounts.permissions import Permission
from picket.accounts.selectors import district_choices, organisation_list
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.intake.selectors import tip_list
from picket.monitoring import selectors
from picket.monitoring.forms_establishments import (
    EstablishmentEditForm,
    EstablishmentFilterForm,
    EstablishmentForm,
    InspectionForm,
    ReferenceForm,
)
from picket.monitoring.models import Establishment, EstablishmentLink, IdentifierKind
from picket.monitoring.services_establishment_links import establishment_link_ad, establishment_unlink_ad
from picket.monitoring.services_establishments import (
    establishment_create,
    establishment_link_rescue,
    establishment_link_tip,
    establishment_update,
    inspection_record,
)
from picket.prosecution.selectors import rescue_list, rescue_manageable

VIEW, MANAGE = Permission.MONITORING_VIEW, Permission.MONITORING_MANAGE
PAGE_SIZE = 50
LINKED_ROWS = 200


def _organisations(actor: Actor) -> Any:
    return organisation_list(actor=actor).filter(is_active=True).order_by("name")


# --- the list ------------------------------------------------------------------------------------------------


@requires(VIEW)
def establishment_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = EstablishmentFilterForm(request.GET or None, districts=district_choices(actor=actor))
    rows = selectors.establishment_list(actor=actor).select_related("district")
    filters: list[str] = []
    if form.is_valid():
        data = form.cleaned_data
        for name in ("kind", "registration_status", "district"):
            if data[name]:
                rows = rows.filter(**{name: data[name]})
                filters.append(name)
        if data["ad"]:
            rows = rows.filter(links__ad_id=data["ad"], links__ad__in=selectors.ad_list(actor=actor)).distinct()
            filters.append("ad")
    page = Paginator(rows.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    if filters:
        audit_record(action=AuditAction.SEARCH, object_type="monitoring.establishment", detail={"filters": filters})
    context = {"form": form, "page": page, "can_manage": actor.can(MANAGE)}
    return render(request, "monitoring/establishment_list.html", context)


# --- one establishment ---------------------------------------------------------------------------------------


def _establishment(actor: Actor, pk: int) -> Establishment:
    return fetch_or_404(selectors.establishment_list(actor=actor).select_related("district__state"), pk=pk)


def _manageable(actor: Actor, pk: int) -> Establishment:
    return fetch_or_404(selectors.establishment_manageable(actor=actor).select_related("district__state"), pk=pk)


def _links(establishment: Establishment, visible: QuerySet[Any], field: str) -> tuple[list[EstablishmentLink], int]:
    """The establishment's links of one kind whose target the actor may see, and how many others there are."""
    links = establishment.links.filter(**{f"{field}__isnull": False})
    shown = list(links.filter(**{f"{field}__in": visible}).select_related(field, f"{field}__district")[:LINKED_ROWS])
    return shown, links.count() - len(shown)


def _page(request: HttpRequest, actor: Actor, establishment: Establishment, **bound: forms.Form) -> HttpResponse:
    can_manage = selectors.establishment_manageable(actor=actor).filter(pk=establishment.pk).exists()
    can_link_tip = actor.can(Permission.IDENTITY_VIEW)
    can_link_rescue = actor.can(Permission.PROSECUTION_MANAGE)
    ads, hidden_ads = _links(establishment, selectors.ad_list(actor=actor), "ad")
    tips, hidden_tips = _links(establishment, tip_list(actor=actor), "tip")
    rescues, hidden_rescues = _links(establishment, rescue_list(actor=actor), "rescue_operation")
    identifiers = list(establishment.identifiers.order_by("kind", "pk"))
    alerts = selectors.alert_list(actor=actor).filter(establishment=establishment).select_related("ad", "district")
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="monitoring.establishment", object_id=establishment.pk)
    context = {
        "establishment": establishment,
        "phones": [row.value for row in identifiers if row.kind == IdentifierKind.PHONE],
        "handles": [row.value for row in identifiers if row.kind != IdentifierKind.PHONE],
        "inspections": establishment.inspections.select_related("organisation"),
        "ad_links": ads,
        "hidden_ads": hidden_ads,
        "tip_links": tips,
        "hidden_tips": hidden_tips,
        "rescue_links": rescues,
        "hidden_rescues": hidden_rescues,
        "alerts": alerts[:LINKED_ROWS],
        "can_manage": can_manage,
        "inspection_form": (bound.get("inspection_form") or InspectionForm(organisations=_organisations(actor)))
        if can_manage
        else None,
        "ad_form": (bound.get("ad_form") or ReferenceForm(label=_("Ad reference"), auto_id="ad_%s"))
        if can_manage
        else None,
        "tip_form": (bound.get("tip_form") or ReferenceForm(label=_("Tip reference"), auto_id="tip_%s"))
        if can_link_tip
        else None,
        "rescue_form": (
            bound.get("rescue_form") or ReferenceForm(label=_("Rescue operation reference"), auto_id="rescue_%s")
        )
        if can_link_rescue
        else None,
    }
    return render(request, "monitoring/establishment.html", context)


@requires(VIEW)
def establishment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    return _page(request, actor, _establishment(actor, pk))


# --- create and edit -----------------------------------------------------------------------------------------


@requires(MANAGE)
def establishment_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = EstablishmentForm(request.POST or None, districts=district_choices(actor=actor))
    if request.method == "POST" and form.is_valid():
        try:
            establishment = establishment_create(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Establishment %(ref)s recorded.") % {"ref": establishment.reference})
            return redirect("monitoring:establishment", pk=establishment.pk)
    return render(request, "monitoring/establishment_form.html", {"form": form, "establishment": None})


@requires(MANAGE)
def establishment_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    establishment = _manageable(actor, pk)
    initial = {
        "address": establishment.address, "registration_number": establishment.registration_number,
        "registration_status": establishment.registration_status,
        "registration_valid_until": establishment.registration_valid_until, "notes": establishment.notes,
    }  # fmt: skip
    form = EstablishmentEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            establishment_update(actor=actor, establishment=establishment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Establishment updated."))
            return redirect("monitoring:establishment", pk=establishment.pk)
    return render(request, "monitoring/establishment_form.html", {"form": form, "establishment": establishment})


# --- inspections and links -----------------------------------------------------------------------------------


@require_POST
@requires(MANAGE)
def inspection_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    establishment = _manageable(actor, pk)
    form = InspectionForm(request.POST, organisations=_organisations(actor))
    if form.is_valid():
        try:
            inspection_record(actor=actor, establishment=establishment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Inspection recorded."))
            return redirect("monitoring:establishment", pk=establishment.pk)
    return _page(request, actor, establishment, inspection_form=form)


def _link(
    request: HttpRequest,
    actor: Actor,
    establishment: Establishment,
    *,
    form: ReferenceForm,
    rows: QuerySet[Any],
    not_found: str,
    link: Any,
    linked: str,
    form_name: str,
) -> HttpResponse:
    """Link the record whose reference the form gives, looked up among ``rows`` (what the user may see or manage),
    with ``link(record)``; the page again with the form's errors otherwise."""
    if form.is_valid():
        record = rows.filter(reference=form.cleaned_data["reference"]).first()
        if record is None:
            form.add_error("reference", not_found)
        else:
            try:
                link(record)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, linked % {"ref": record.reference})
                return redirect("monitoring:establishment", pk=establishment.pk)
    return _page(request, actor, establishment, **{form_name: form})


@require_POST
@requires(VIEW)
def link_tip_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    establishment = _establishment(actor, pk)
    if not actor.can(Permission.IDENTITY_VIEW):
        raise PermissionDenied(Permission.IDENTITY_VIEW.value)
    return _link(
        request, actor, establishment,
        form=ReferenceForm(request.POST, label=_("Tip reference"), auto_id="tip_%s"), rows=tip_list(actor=actor),
        not_found=_("No tip with this reference among the tips you may see."),
        link=lambda tip: establishment_link_tip(actor=actor, establishment=establishment, tip=tip),
        linked=_("Tip %(ref)s linked."), form_name="tip_form",
    )  # fmt: skip


@require_POST
@requires(VIEW)
def link_rescue_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    establishment = _establishment(actor, pk)
    if not actor.can(Permission.PROSECUTION_MANAGE):
        raise PermissionDenied(Permission.PROSECUTION_MANAGE.value)
    return _link(
        request, actor, establishment,
        form=ReferenceForm(request.POST, label=_("Rescue operation reference"), auto_id="rescue_%s"),
        rows=rescue_manageable(actor=actor),
        not_found=_("No rescue operation with this reference among those you may manage."),
        link=lambda rescue: establishment_link_rescue(actor=actor, establishment=establishment, rescue=rescue),
        linked=_("Rescue operation %(ref)s linked."), form_name="rescue_form",
    )  # fmt: skip


@require_POST
@requires(MANAGE)
def link_ad_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    establishment = _manageable(actor, pk)
    return _link(
        request, actor, establishment,
        form=ReferenceForm(request.POST, label=_("Ad reference"), auto_id="ad_%s"), rows=selectors.ad_list(actor=actor),
        not_found=_("No ad with this reference among the ads you may see."),
        link=lambda ad: establishment_link_ad(actor=actor, establishment=establishment, ad=ad),
        linked=_("Ad %(ref)s linked."), form_name="ad_form",
    )  # fmt: skip


@require_POST
@requires(MANAGE)
def unlink_ad_view(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    establishment = _manageable(actor, pk)
    visible_ads = selectors.ad_list(actor=actor)
    link = fetch_or_404(
        establishment.links.filter(ad__in=visible_ads).select_related("ad", "establishment"), pk=link_pk
    )
    try:
        establishment_unlink_ad(actor=actor, link=link)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Ad %(ref)s unlinked.") % {"ref": link.ad.reference if link.ad else ""})
    return redirect("monitoring:establishment", pk=establishment.pk)


# --- the establishments of an ad (a fragment of the ad page) -------------------------------------------------


@requires(VIEW)
def ad_establishments(request: HttpRequest, pk: int) -> HttpResponse:
    """The establishments an ad is linked to that the actor may see (loaded into the ad page)."""
    actor = actor_for(request.user)
    ad = fetch_or_404(selectors.ad_list(actor=actor), pk=pk)
    links = (
        EstablishmentLink.objects.filter(ad=ad, establishment__in=selectors.establishment_list(actor=actor))
        .select_related("establishment__district")
        .order_by("establishment__reference")
    )
    return render(request, "monitoring/establishment_ad_links_rows.html", {"ad": ad, "links": links})
