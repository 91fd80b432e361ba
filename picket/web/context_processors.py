from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from picket.accounts.access import actor_for
from picket.web.navigation import NAVIGATION


def navigation(request: HttpRequest) -> dict[str, Any]:
    actor = actor_for(getattr(request, "user", None))
    font = settings.DEVANAGARI_WEB_FONT
    if not actor.is_authenticated:
        return {"navigation": [], "actor": actor, "devanagari_web_font": font}
    items = []
    for item in NAVIGATION:
        if not any(actor.can(p) for p in item.permissions):
            continue
        url = reverse(item.url_name)
        current = request.path == "/" if url == "/" else request.path.startswith(url)
        items.append({"label": item.label, "url": url, "current": current})
    return {"navigation": items, "actor": actor, "devanagari_web_font": font}
