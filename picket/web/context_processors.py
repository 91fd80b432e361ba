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
    section = request.path.strip("/").split("/", 1)[0]
    items = [
        {"label": item.label, "url": reverse(item.url_name), "current": item.section == section}
        for item in NAVIGATION
        if any(actor.can(p) for p in item.permissions)
    ]
    return {"navigation": items, "actor": actor, "devanagari_web_font": font}
