"""``{% ad_images ad %}``: an ad's images on its page — their hashes, the other ads showing the same photo, and
(for the monitoring role) preserving and viewing the file. A template tag, so the ad page's view stays as it is."""

from __future__ import annotations

from typing import Any

from django import template

from picket.accounts.access import actor_for
from picket.accounts.permissions import Permission
from picket.monitoring import selectors
from picket.monitoring.evidence import exportable_ads
from picket.monitoring.images import shared_photos
from picket.monitoring.models import Ad

register = template.Library()


@register.inclusion_tag("monitoring/_images_panel.html", takes_context=True)
def ad_images(context: dict[str, Any], ad: Ad) -> dict[str, Any]:
    request = context.get("request")
    actor = actor_for(getattr(request, "user", None))
    can_manage = selectors.ad_manageable(actor=actor).filter(pk=ad.pk).exists()
    can_preserve = actor.can(Permission.EVIDENCE_PRESERVE) and exportable_ads(actor=actor).filter(pk=ad.pk).exists()
    return {
        "ad": ad,
        "photos": shared_photos(actor=actor, ad=ad),
        "can_manage": can_manage,
        "can_preserve": can_preserve,
        "csrf_token": context.get("csrf_token"),
    }
