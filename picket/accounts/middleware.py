"""Per-request account rules: idle expiry, the compulsory second factor, and the user's language."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from picket.accounts.access import actor_for

LAST_SEEN_KEY = "picket_last_seen"


class IdleSessionMiddleware:
    """Sign out a session left idle longer than ``IDLE_SESSION_SECONDS`` (a shared office computer)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - int(last_seen) > settings.IDLE_SESSION_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(f"{reverse('login')}?expired=1")
            # Write at most once a minute: the session store is the database.
            if last_seen is None or now - int(last_seen) >= 60:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


# Paths a signed-in user may reach before completing the second factor.
_BEFORE_SECOND_FACTOR = ("/account/two-factor/", "/logout/", "/language/", "/static/", "/health/")


class TwoFactorRequiredMiddleware:
    """Nothing but the second-factor pages for a user whose role needs it until the session is verified.

    A middleware rather than a decorator, so that no page or endpoint added later can forget the rule.
    API calls with a bearer token are not sessions: tokens can only be created from a verified session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]  # added by django-otp middleware
            and not request.path.startswith(_BEFORE_SECOND_FACTOR)
            and actor_for(user).needs_second_factor
        ):
            if request.path.startswith("/api/"):
                if request.headers.get("Authorization", "").startswith("Bearer "):
                    return self.get_response(request)
                body = {
                    "error": {
                        "status": 401,
                        "code": "second_factor_required",
                        "message": "Complete sign-in with your second factor.",
                        "fields": [],
                    }
                }
                return JsonResponse(body, status=401)
            return redirect(f"{reverse('two-factor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the browser's; anonymous pages keep LocaleMiddleware's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user is not None and user.is_authenticated else ""
        if language in self.languages:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
