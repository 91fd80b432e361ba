"""Sets the audit context (acting user, client address, path) for the length of each request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from picket.audit.chain import normalise_ip
from picket.audit.context import AuditContext, activate, deactivate


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or — behind N trusted proxies — the Nth address from the right of
    X-Forwarded-For (each proxy appends the address it received the request from; what a client writes
    into the header itself lies further left and is ignored)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = int(getattr(settings, "PICKET_TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return normalise_ip(forwarded[-proxies])
    return normalise_ip(remote)


class AuditContextMiddleware:
    """Place right after AuthenticationMiddleware. The user is read from the request when an event is written."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = AuditContext(
            ip_address=client_ip(request),
            path=request.path[:200],
            method=request.method or "",
            user_source=lambda: getattr(request, "user", None),
        )
        token = activate(context)
        try:
            return self.get_response(request)
        finally:
            deactivate(token)
