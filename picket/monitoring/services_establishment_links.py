"""Staff tying an ad to an establishment by hand, and removing a wrong tie (made by hand or by the linker).

Both need ``monitoring.manage`` over the establishment and sight of the ad. Audited with codes only, in the
same transaction as the change; a new link raises alerts as a link made on ingest does. An automatic link
removed here comes back only if the ad's text changes and the linker finds the same phone, licence number or
name again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from picket.accounts.access import Actor
from picket.monitoring import selectors
from picket.monitoring.alerts import alerts_for_ad
from picket.monitoring.analysis import analyse
from picket.monitoring.common import audit, require_in
from picket.monitoring.linking import Link
from picket.monitoring.models import Ad, Establishment, EstablishmentLink, LinkedBy


def establishment_link_ad(*, actor: Actor, establishment: Establishment, ad: Ad) -> EstablishmentLink:
    """Tie an ad to an establishment (linked by staff). Linking an ad already linked keeps the first reason.

    A new link raises the alerts an ingested link would: the establishment is watchlisted, or it is a placement
    agency without a valid registration (at most one such alert per ad, as on ingest).
    """
    require_in(selectors.establishment_manageable(actor=actor), establishment)
    require_in(selectors.ad_list(actor=actor), ad)
    with transaction.atomic():
        link, created = EstablishmentLink.objects.get_or_create(
            establishment=establishment, ad=ad, defaults={"linked_by": LinkedBy.MANUAL, "created_by": actor.user}
        )
        if created:
            raised = alerts_for_ad(ad, analyse(ad.text), [Link(establishment, LinkedBy.MANUAL)])
            audit("establishment", establishment.pk, fields=["ads"], kind="linked", count=len(raised))
    return link


def establishment_unlink_ad(*, actor: Actor, link: EstablishmentLink) -> None:
    """Remove an ad's tie to an establishment (a wrong name match, a phone that changed hands)."""
    require_in(selectors.establishment_manageable(actor=actor), link.establishment)
    if link.ad is None:
        raise ValidationError(_("This link is not to an ad."))
    require_in(selectors.ad_list(actor=actor), link.ad)
    with transaction.atomic():
        establishment_id, how = link.establishment_id, link.linked_by
        link.delete()
        audit("establishment", establishment_id, fields=["ads"], kind=f"unlinked_{how}")
