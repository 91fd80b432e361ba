"""Rate limits on sign-in and on every public form, counted in the database.

django-ratelimit needs an atomic shared cache (memcached or Redis); Picket's embedded default has neither, so
counters live in the database, where one ``UPDATE … SET count = count + 1`` is atomic on SQLite and
PostgreSQL alike and every host shares them (docs/adr/0008-rate-limits.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from picket.audit.middleware import client_ip
from picket.privacy.crypto import blind_index
from picket.web.models import RateCounter

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def client_address(request: HttpRequest) -> str:
    # The same resolution as the audit log's, so that a TLS proxy in front does not merge every client.
    return client_ip(request) or ""


def hit(*, scope: str, subject: str, limit: int, window_seconds: int) -> bool:
    """Count one request of ``subject`` in ``scope``; True while within ``limit`` per window."""
    window = int(time.time()) // window_seconds * window_seconds
    key = blind_index(f"{scope}|{subject}", purpose="rate-limit") or blind_index(scope, purpose="rate-limit")
    with transaction.atomic():
        updated = RateCounter.objects.filter(key=key, window_start=window).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window_start=window, count=1)
            except IntegrityError:  # another process created the row first
                RateCounter.objects.filter(key=key, window_start=window).update(count=F("count") + 1)
            else:
                prune()  # a new window began: drop yesterday's counters (indexed, cheap)
        count = RateCounter.objects.filter(key=key, window_start=window).values_list("count", flat=True).first() or 0
    return count <= limit


def prune(*, older_than_seconds: int = 24 * 3600) -> int:
    return RateCounter.objects.filter(window_start__lt=int(time.time()) - older_than_seconds).delete()[0]


def limit_posts(scope: str, *, per_address: int, window_seconds: int = 300) -> Callable[[View], View]:
    """Refuse POSTs beyond ``per_address`` per window from one client address with a 429 page."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST" and not hit(
                scope=scope, subject=client_address(request), limit=per_address, window_seconds=window_seconds
            ):
                return too_many(request)
            return view(request, *args, **kwargs)

        wrapper.required_permission = getattr(view, "required_permission", None)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "web/error.html", {"status": 429}, status=429)
    response["Retry-After"] = "300"
    return response
