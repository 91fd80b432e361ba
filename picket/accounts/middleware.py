"""Per-user interface language, applied after authentication."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


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
