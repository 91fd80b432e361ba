"""Supervisors' pages: the audit log, and "who has seen this record". Thin: parse, select, render."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from picket.accounts.access import actor_for
from picket.accounts.decorators import requires
from picket.audit import selectors
from picket.audit.detail import displayable_detail
from picket.audit.forms import AuditFilterForm
from picket.audit.models import AuditEvent

PAGE_SIZE = 50


def _rows(page: object) -> list[tuple[AuditEvent, list[tuple[str, str]]]]:
    # Only allow-listed detail keys are ever shown, whatever a row holds.
    return [(event, displayable_detail(event.detail)) for event in page]  # type: ignore[attr-defined]


@requires(selectors.AUDIT_VIEW_PERMISSION)
def event_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = AuditFilterForm(request.GET or None)
    events = selectors.audit_event_list(actor=actor, **form.filters())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"form": form, "page": page, "rows": _rows(page)})


@requires(selectors.AUDIT_VIEW_PERMISSION)
def record_history(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    actor = actor_for(request.user)
    events = selectors.record_history(actor=actor, object_type=object_type, object_id=object_id)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/record_history.html",
        {"object_type": object_type, "object_id": object_id, "page": page, "rows": _rows(page)},
    )
