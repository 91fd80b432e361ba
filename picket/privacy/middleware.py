"""Turn key problems into a clear page instead of a bare server error (and never a crash loop)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from picket.privacy.crypto import DecryptionError
from picket.privacy.keyring import KeyringError

logger = logging.getLogger("picket.privacy")


class KeyProblemMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, KeyringError | DecryptionError):
            return None
        # The messages name key ids and column names only, never data: safe to log and to show.
        logger.error("encryption key problem at %s: %s", request.path, exception)
        return render(request, "web/error.html", {"status": 500, "key_problem": str(exception)}, status=500)
