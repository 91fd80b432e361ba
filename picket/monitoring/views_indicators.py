"""Indicator pages under ``/monitoring/indicators/`` (ADR 18): the list, a rule with its history and a box to try
it on a text, and for administrators (``monitoring_indicators.manage``) the edit and new forms, deactivate and
reactivate, loading the shipped file and rescoring the ads seen since a date. Monitoring readers see and try
the rules; every write goes through ``services_indicators``. A text tried is never kept nor logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from picket.accounts.access import actor_for
from picket.accounts.decorators import requires, requires_any
from picket.accounts.forms import add_service_errors
from picket.monitoring.forms_indicators import ActiveForm, IndicatorForm, RescoreForm, TryTextForm
from picket.monitoring.indicator_catalogue import row_values
from picket.monitoring.models import IndicatorRescore, IndicatorRevision, IndicatorRule, IndicatorSetVersion
from picket.monitoring.services_indicators import (
    MANAGE,
    READERS,
    Trial,
    indicator_save,
    indicator_set_active,
    indicator_try,
    indicators_load,
    rescore_request,
)

RECENT_RESCORES = 5


def _can_manage(request: HttpRequest) -> bool:
    return actor_for(request.user).can(MANAGE)


@requires_any(*READERS)
def indicator_list(request: HttpRequest) -> HttpResponse:
    return _list(request)


def _list(request: HttpRequest, *, rescore_form: RescoreForm | None = None, status: int = 200) -> HttpResponse:
    latest = IndicatorRevision.objects.select_related("changed_by").order_by("-changed_at", "-pk")
    rules = list(IndicatorRule.objects.prefetch_related(Prefetch("revisions", queryset=latest)))
    for rule in rules:
        revisions = list(rule.revisions.all())
        rule.last_revision = revisions[0] if revisions else None  # type: ignore[attr-defined]
    manager = _can_manage(request)
    return render(request, "monitoring/indicator_list.html", {
        "rules": rules, "can_manage": manager, "monitoring_reader": actor_for(request.user).can(READERS[0]),
        "version": IndicatorSetVersion.objects.filter(pk=1).first(),
        "rescore_form": (rescore_form or RescoreForm()) if manager else None,
        "rescores": IndicatorRescore.objects.select_related("requested_by")[:RECENT_RESCORES] if manager else [],
    }, status=status)  # fmt: skip


def _detail(
    request: HttpRequest, rule: IndicatorRule, *, try_form: TryTextForm | None = None, trial: Trial | None = None,
    active_form: ActiveForm | None = None, status: int = 200,
) -> HttpResponse:  # fmt: skip
    manager = _can_manage(request)
    return render(request, "monitoring/indicator_detail.html", {
        "rule": rule, "revisions": rule.revisions.select_related("changed_by"), "can_manage": manager,
        "try_form": try_form or TryTextForm(), "trial": trial,
        "active_form": (active_form or ActiveForm()) if manager else None,
    }, status=status)  # fmt: skip


@requires_any(*READERS)
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(IndicatorRule, pk=pk))


@require_POST
@requires_any(*READERS)
def indicator_try_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Try the stored rule on a text (writes nothing)."""
    rule = get_object_or_404(IndicatorRule, pk=pk)
    form = TryTextForm(request.POST)
    trial = None
    if form.is_valid():
        try:
            trial = indicator_try(code=rule.code, values=row_values(rule), text=form.cleaned_data["try_text"])
        except ValidationError as error:
            add_service_errors(form, error)
    return _detail(request, rule, try_form=form, trial=trial)


@require_POST
@requires(MANAGE)
def indicator_active_view(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(IndicatorRule, pk=pk)
    form = ActiveForm(request.POST)
    if form.is_valid():
        active = request.POST.get("action") == "reactivate"
        try:
            revision = indicator_set_active(
                actor=actor_for(request.user), rule=rule, active=active, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if revision is None:
                messages.info(request, _("Nothing was changed."))
            elif active:
                messages.success(request, _("%(rule)s is active again; new ads are scored with it.") % {"rule": rule})
            else:
                messages.success(request, _("%(rule)s is deactivated; new ads are scored without it.") % {"rule": rule})
            return redirect("monitoring:indicator", pk=rule.pk)
    return _detail(request, rule, active_form=form)


def _edit(request: HttpRequest, rule: IndicatorRule | None) -> HttpResponse:
    trial = None
    if request.method != "POST":
        form = IndicatorForm(rule=rule)
    else:
        form = IndicatorForm(request.POST, rule=rule)
        if form.is_valid():
            code = rule.code if rule is not None else form.cleaned_data.get("code", "").strip()
            try:
                if request.POST.get("action") == "try":
                    trial = indicator_try(code=code or "new_rule", values=form.values(),
                                          text=form.cleaned_data["try_text"])  # fmt: skip
                else:
                    revision = indicator_save(actor=actor_for(request.user), rule=rule, values=form.values(),
                                              reason=form.cleaned_data["reason"], code=code)  # fmt: skip
                    if revision is None:
                        messages.info(request, _("Nothing was changed."))
                    else:
                        messages.success(request, _("%(rule)s saved; new ads are scored with it.") % {"rule": code})
                    saved = rule or IndicatorRule.objects.get(code=code)
                    return redirect("monitoring:indicator", pk=saved.pk)
            except ValidationError as error:
                _add_errors(form, error)
    return render(request, "monitoring/indicator_form.html", {"form": form, "rule": rule, "trial": trial})


def _add_errors(form: IndicatorForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict") and "text" in error.error_dict:
        form.add_error("try_text", error.error_dict.pop("text"))
        if not error.error_dict:
            return
    add_service_errors(form, error)


@requires(MANAGE)
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(IndicatorRule, pk=pk))


@requires(MANAGE)
def indicator_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require_POST
@requires(MANAGE)
def indicators_load_view(request: HttpRequest) -> HttpResponse:
    report = indicators_load(actor=actor_for(request.user))
    counts = {"created": len(report.created), "updated": len(report.updated), "unchanged": len(report.unchanged)}
    messages.info(
        request, _("Indicators file loaded: %(created)d added, %(updated)d updated, %(unchanged)d unchanged.") % counts
    )
    for code, name in report.conflicts:
        messages.warning(request, _(
            "%(rule)s: %(field)s was edited here and changed differently in the file; the edit is kept."
        ) % {"rule": code, "field": name})  # fmt: skip
    for code, problem in report.invalid:
        messages.error(request, _("%(rule)s: the file's change would break the rule (%(problem)s); left as it was.")
                       % {"rule": code, "problem": problem})  # fmt: skip
    if report.not_in_file:
        messages.info(request, _("Not in the file (kept): %(rules)s.") % {"rules": ", ".join(report.not_in_file)})
    return redirect("monitoring:indicators")


@require_POST
@requires(MANAGE)
def indicators_rescore_view(request: HttpRequest) -> HttpResponse:
    form = RescoreForm(request.POST)
    if form.is_valid():
        try:
            rescore_request(actor=actor_for(request.user), since=form.cleaned_data["since"],
                            reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rescoring queued: the ads seen since %(day)s are scored again in the "
                                        "background.") % {"day": form.cleaned_data["since"].isoformat()})  # fmt: skip
            return redirect("monitoring:indicators")
    return _list(request, rescore_form=form)
