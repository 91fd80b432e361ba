"""Source pages under ``/monitoring/sources/``: the registry with each source's state (ok, failing, backing off,
paused), its last run, last error in words and next run; a source's page; create and edit; pause, resume and
"collect now"; an ad brought in by hand (an address fetched by the collectors' code, or a screenshot).

Sources are configuration seen by every monitoring role; changing them needs ``monitoring.manage``. The captures
and ads listed on a source's page are only those in the reader's districts. URLs carry ids only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from picket.accounts.access import Actor, actor_for, fetch_or_404
from picket.accounts.decorators import requires
from picket.accounts.forms import add_service_errors
from picket.accounts.permissions import Permission
from picket.accounts.selectors import district_choices
from picket.monitoring import selectors
from picket.monitoring.forms_sources import SourceForm, SubmitScreenshotForm, SubmitUrlForm
from picket.monitoring.models import Source, SourceStatus
from picket.monitoring.services_sources import (
    SCREENSHOT_MAX_BYTES,
    Submitted,
    capture_submit_screenshot,
    capture_submit_url,
    error_message,
    source_collect_now,
    source_create,
    source_pause,
    source_resume,
    source_update,
)

VIEW, MANAGE = Permission.MONITORING_VIEW, Permission.MONITORING_MANAGE
RECENT_CAPTURES = 20


@dataclass(frozen=True)
class SourceState:
    code: str  # ok, failing, backing_off, paused, never_run, by_hand
    label: str
    next_run: datetime.datetime | None
    error: str


def state_of(source: Source, now: datetime.datetime) -> SourceState:
    """How a source stands, in words: whether it is collected, failing or waiting, and when it runs next."""
    error = error_message(source.last_error, selectors=source.selectors) if source.last_error else ""
    if source.status == SourceStatus.PAUSED:
        return SourceState("paused", _("Paused"), None, error)
    if not source.is_collected:
        return SourceState("by_hand", _("Not collected (file import or by hand)"), None, "")
    if source.status == SourceStatus.FAILING:
        if source.backoff_until is not None and source.backoff_until > now:
            return SourceState("backing_off", _("Failing, backing off"), source.backoff_until, error)
        return SourceState("failing", _("Failing, retried at the next round"), None, error)
    if source.last_run_at is None:
        return SourceState("never_run", _("Not collected yet"), source.next_run_at, "")
    return SourceState("ok", _("OK"), source.next_run_at, "")


# --- the registry and a source -------------------------------------------------------------------------------


@requires(VIEW)
def source_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    now = timezone.now()
    sources = selectors.source_list(actor=actor).select_related("district").order_by("name", "pk")
    rows = [(source, state_of(source, now)) for source in sources]
    return render(request, "monitoring/source_list.html", {"rows": rows, "can_manage": actor.can(MANAGE)})


def _source(actor: Actor, pk: int) -> Source:
    return fetch_or_404(selectors.source_list(actor=actor).select_related("district"), pk=pk)


def _manageable(actor: Actor, pk: int) -> Source:
    return fetch_or_404(selectors.source_manageable(actor=actor), pk=pk)


@requires(VIEW)
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    source = _source(actor, pk)
    captures = selectors.capture_list(actor=actor).filter(source=source).order_by("-fetched_at", "-pk")
    context = {
        "source": source,
        "state": state_of(source, timezone.now()),
        "captures": captures[:RECENT_CAPTURES],
        "ads_in_scope": selectors.ad_list(actor=actor).filter(source=source).count(),
        "can_manage": actor.can(MANAGE),
    }
    return render(request, "monitoring/source.html", context)


# --- create and edit -----------------------------------------------------------------------------------------


@requires(MANAGE)
def source_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = SourceForm(request.POST or None, districts=district_choices(actor=actor))
    if request.method == "POST" and form.is_valid():
        try:
            source = source_create(actor=actor, values=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Source %(ref)s added.") % {"ref": source.reference})
            return redirect("monitoring:source", pk=source.pk)
    return render(request, "monitoring/source_form.html", {"form": form, "source": None})


@requires(MANAGE)
def source_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    source = _manageable(actor, pk)
    form = SourceForm(
        request.POST or None, initial=SourceForm.initial_for(source), districts=district_choices(actor=actor)
    )
    if request.method == "POST" and form.is_valid():
        try:
            source_update(actor=actor, source=source, values=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Source updated."))
            return redirect("monitoring:source", pk=source.pk)
    return render(request, "monitoring/source_form.html", {"form": form, "source": source})


# --- pause, resume, collect now ------------------------------------------------------------------------------


@require_POST
@requires(MANAGE)
def source_pause_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    source_pause(actor=actor, source=_manageable(actor, pk))
    messages.success(request, _("Source paused: it is not collected until resumed."))
    return redirect("monitoring:source", pk=pk)


@require_POST
@requires(MANAGE)
def source_resume_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    source_resume(actor=actor, source=_manageable(actor, pk))
    messages.success(request, _("Source resumed."))
    return redirect("monitoring:source", pk=pk)


@require_POST
@requires(MANAGE)
def source_collect_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    try:
        source_collect_now(actor=actor, source=_manageable(actor, pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Collection queued; this page shows the result once it has run."))
    return redirect("monitoring:source", pk=pk)


# --- an ad brought in by hand --------------------------------------------------------------------------------


def _submit_page(request: HttpRequest, actor: Actor, **bound: forms.Form) -> HttpResponse:
    sources = selectors.source_list(actor=actor).order_by("name", "pk")
    districts = district_choices(actor=actor)
    context = {
        "url_form": bound.get("url_form") or SubmitUrlForm(sources=sources, districts=districts, auto_id="byurl_%s"),
        "screenshot_form": bound.get("screenshot_form")
        or SubmitScreenshotForm(sources=sources, districts=districts, auto_id="shot_%s"),
        "max_megabytes": SCREENSHOT_MAX_BYTES // (1024 * 1024),
    }
    return render(request, "monitoring/source_submit.html", context)


def _submitted(request: HttpRequest, actor: Actor, submitted: Submitted) -> HttpResponse:
    ads = [result.ad for result in submitted.results]
    new = sum(result.created for result in submitted.results)
    kept = _("Capture %(capture)s kept, SHA-256 %(digest)s.") % {
        "capture": submitted.capture.reference, "digest": submitted.capture.sha256,
    }  # fmt: skip
    read = ngettext("%(n)d ad read, %(new)d new.", "%(n)d ads read, %(new)d new.", len(ads)) % {
        "n": len(ads), "new": new,
    }  # fmt: skip
    messages.success(request, f"{kept} {read}")
    visible = selectors.ad_list(actor=actor).filter(pk__in=[ad.pk for ad in ads])
    if len(ads) == 1 and visible.exists():
        return redirect("monitoring:ad", pk=ads[0].pk)
    if not visible.exists():
        messages.warning(
            request,
            _("The ad is placed outside your districts (by the place it names), so you cannot open it here."),
        )
        return redirect("monitoring:source-submit")
    return redirect("monitoring:desk")


@requires(MANAGE)
def submit_view(request: HttpRequest) -> HttpResponse:
    return _submit_page(request, actor_for(request.user))


@require_POST
@requires(MANAGE)
def submit_url_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = SubmitUrlForm(
        request.POST,
        sources=selectors.source_list(actor=actor),
        districts=district_choices(actor=actor),
        auto_id="byurl_%s",
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            submitted = capture_submit_url(
                actor=actor, url=data["url"], source=data["source"], text=data["text"], district=data["district"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _submitted(request, actor, submitted)
    return _submit_page(request, actor, url_form=form)


@require_POST
@requires(MANAGE)
def submit_screenshot_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = SubmitScreenshotForm(
        request.POST,
        request.FILES,
        sources=selectors.source_list(actor=actor),
        districts=district_choices(actor=actor),
        auto_id="shot_%s",
    )
    if form.is_valid():
        data = form.cleaned_data
        upload = data["screenshot"]
        if upload.size > SCREENSHOT_MAX_BYTES:
            form.add_error("screenshot", _("The screenshot is larger than 10 MB."))
        else:
            try:
                submitted = capture_submit_screenshot(
                    actor=actor,
                    data=upload.read(),
                    text=data["text"],
                    source=data["source"],
                    url=data["url"],
                    district=data["district"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _submitted(request, actor, submitted)
    return _submit_page(request, actor, screenshot_form=form)
