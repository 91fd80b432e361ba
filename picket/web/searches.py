"""Searches by name without the name in the URL.

A name typed into a search box is personal data; in a query string it would reach access logs, browser
history and Referer headers. So a name search is POSTed; the text is kept in the session under a random token,
and the results page (with its pagination) is an ordinary GET on ``?s=<token>``.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect

SESSION_KEY = "picket_searches"
KEEP = 20  # a session keeps the last few searches only


def search_store(request: HttpRequest, text: str) -> str:
    searches: dict[str, str] = request.session.get(SESSION_KEY, {})
    token = secrets.token_urlsafe(9)
    searches[token] = text.strip()[:200]
    request.session[SESSION_KEY] = dict(list(searches.items())[-KEEP:])
    return token


def search_text(request: HttpRequest) -> str:
    """The text behind ``?s=`` (empty when unknown or expired: the page then shows an unfiltered list)."""
    token = request.GET.get("s", "")
    searches: dict[str, str] = request.session.get(SESSION_KEY, {})
    return searches.get(token, "") if token else ""


def redirect_to_search(request: HttpRequest, field: str, **other: str) -> HttpResponseRedirect:
    """After a POSTed search: remember the text, go to the GET results page with only a token and safe filters."""
    params = {key: value for key, value in other.items() if value}
    text = request.POST.get(field, "").strip()
    if text:
        params["s"] = search_store(request, text)
    return HttpResponseRedirect(f"{request.path}?{urlencode(params)}" if params else request.path)
