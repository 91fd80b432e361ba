from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from picket.accounts.access import fetch_or_404
from picket.accounts.decorators import signed_in
from picket.notify.models import Notification
from picket.notify.services import notification_mark_read


@signed_in
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user)[:100]  # type: ignore[misc]
    return render(request, "notify/list.html", {"notifications": notifications})


@require_POST
@signed_in
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = fetch_or_404(Notification.objects.filter(recipient=request.user), pk=notification_id)  # type: ignore[misc]
    notification_mark_read(user=request.user, notification=notification)  # type: ignore[arg-type]
    target = notification.url or "/"
    return redirect(target if url_has_allowed_host_and_scheme(target, allowed_hosts=None) else "/")
