"""Alert pages under ``/monitoring/alerts/``: the list and triage through ``services_watch``.

Assigning and dismissing need ``monitoring.manage``; turning an alert into a tip and attaching it to a police
case need sight of the alert plus the other module's right (the services check it: ``child.manage`` and
``prosecution.manage``), so those pages ask for ``monitoring.view`` here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from picket.accounts.access import Actor, actor_for, fetch_or_404
from picket.accounts.decorators import requires
from picket.accounts.forms import add_service_errors
from picket.accounts.models import User
from picket.accounts.permissions import ROLE_PERMISSIONS, Permission
from picket.accounts.selectors import district_choices
from picket.monitoring import selectors
from picket.monitoring.forms import AssignForm, AttachForm, DismissForm, TipForm
from picket.monitoring.models import Alert, AlertStatus
from picket.monitoring.models.watch import OPEN_ALERT_STATUSES
from picket.monitoring.services_watch import alert_assign, alert_attach_case, alert_dismiss, alert_to_tip
from picket.monitoring.views import labelled, matched_label
from picket.prosecution.selectors import police_case_manageable

VIEW, MANAGE = Permission.MONITORING_VIEW, Permission.MONITORING_MANAGE
OPEN = "open"
MAX_ASSIGNEES = 200


@requires(VIEW)
def alert_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    status = request.GET.get("status", OPEN)
    rows = selectors.alert_list(actor=actor).select_related("district", "assignee", "ad")
    if status == OPEN:
        rows = rows.filter(status__in=OPEN_ALERT_STATUSES)
    elif status in AlertStatus.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    context = {"alerts": labelled(rows[:200]), "status": status, "statuses": [(OPEN, _("Open")), *AlertStatus.choices]}
    return render(request, "monitoring/alert_list.html", context)


def _assignees(alert: Alert) -> Any:
    """Active users who can see the alert (a monitoring role covering its district)."""
    roles = [role for role, permissions in ROLE_PERMISSIONS.items() if VIEW in permissions]
    candidates = User.objects.filter(is_active=True, role__in=roles).order_by("username")[:MAX_ASSIGNEES]
    ids = [u.pk for u in candidates if selectors.alert_list(actor=actor_for(u)).filter(pk=alert.pk).exists()]
    return User.objects.filter(pk__in=ids).order_by("username")


def _alert_page(request: HttpRequest, actor: Actor, alert: Alert, **bound: forms.Form) -> HttpResponse:
    is_open = alert.status in OPEN_ALERT_STATUSES
    can_manage = is_open and selectors.alert_manageable(actor=actor).filter(pk=alert.pk).exists()
    can_tip = is_open and actor.can(Permission.CHILD_MANAGE)
    cases = police_case_manageable(actor=actor).order_by("-fir_registered_on")
    can_attach = is_open and actor.can(Permission.PROSECUTION_MANAGE)
    ad_visible = alert.ad_id is not None and selectors.ad_list(actor=actor).filter(pk=alert.ad_id).exists()
    alert.matched_label = matched_label(alert.matched_kind)  # type: ignore[attr-defined]
    context = {
        "alert": alert,
        "ad_visible": ad_visible,
        "is_open": is_open,
        "assign_form": (bound.get("assign_form") or AssignForm(assignees=_assignees(alert))) if can_manage else None,
        "dismiss_form": (bound.get("dismiss_form") or DismissForm()) if can_manage else None,
        "tip_form": (bound.get("tip_form") or TipForm(districts=district_choices(actor=actor))) if can_tip else None,
        "attach_form": (bound.get("attach_form") or AttachForm(cases=cases)) if can_attach else None,
    }
    return render(request, "monitoring/alert.html", context)


def _alert(actor: Actor, pk: int) -> Alert:
    rows = selectors.alert_list(actor=actor).select_related("district", "assignee", "ad", "watchlist_entry")
    return fetch_or_404(rows, pk=pk)


@requires(VIEW)
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    return _alert_page(request, actor, _alert(actor, pk))


@require_POST
@requires(MANAGE)
def alert_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    alert = fetch_or_404(selectors.alert_manageable(actor=actor), pk=pk)
    form = AssignForm(request.POST, assignees=_assignees(alert))
    if form.is_valid():
        try:
            alert_assign(actor=actor, alert=alert, assignee=form.cleaned_data["assignee"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Alert assigned."))
            return redirect("monitoring:alert", pk=alert.pk)
    return _alert_page(request, actor, alert, assign_form=form)


@require_POST
@requires(MANAGE)
def alert_dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    alert = fetch_or_404(selectors.alert_manageable(actor=actor), pk=pk)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            alert_dismiss(actor=actor, alert=alert, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Alert dismissed."))
            return redirect("monitoring:alert", pk=alert.pk)
    return _alert_page(request, actor, alert, dismiss_form=form)


@require_POST
@requires(VIEW)
def alert_tip_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    alert = _alert(actor, pk)
    if not actor.can(Permission.CHILD_MANAGE):
        raise PermissionDenied(Permission.CHILD_MANAGE.value)
    form = TipForm(request.POST, districts=district_choices(actor=actor))
    if form.is_valid():
        try:
            tip = alert_to_tip(actor=actor, alert=alert, district=form.cleaned_data["district"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tip %(ref)s registered from the alert.") % {"ref": tip.reference})
            return redirect("monitoring:alert", pk=alert.pk)
    return _alert_page(request, actor, alert, tip_form=form)


@require_POST
@requires(VIEW)
def alert_attach_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    alert = _alert(actor, pk)
    if not actor.can(Permission.PROSECUTION_MANAGE):
        raise PermissionDenied(Permission.PROSECUTION_MANAGE.value)
    form = AttachForm(request.POST, cases=police_case_manageable(actor=actor))
    if form.is_valid():
        try:
            alert_attach_case(actor=actor, alert=alert, police_case=form.cleaned_data["police_case"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Alert attached to the case."))
            return redirect("monitoring:alert", pk=alert.pk)
    return _alert_page(request, actor, alert, attach_form=form)
