"""Alerts: a watchlisted phone, handle, e-mail, name or establishment seen in a new ad or tip, and a placement
agency advertising without a valid registration. At most one alert per ad (or tip) and watchlist entry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from django.db.models import Q

from picket.intake.models import Tip
from picket.monitoring.analysis import Analysis, analyse
from picket.monitoring.common import index_of
from picket.monitoring.linking import Link
from picket.monitoring.models import (
    Ad,
    Alert,
    AlertKind,
    EstablishmentKind,
    IdentifierKind,
    RegistrationStatus,
    WatchlistEntry,
)

# An ad offering placement services (maids, nannies, domestic help, "manpower"): if no registered placement
# agency stands behind it (linked by phone, handle or licence number), it is an unregistered agency advertising.
PLACEMENT: Final = re.compile(
    r"placement\s+(?:agency|agencies|services?|bureau|consultan\w*)|maid\s+(?:agency|bureau|services?)"
    r"|manpower\s+(?:agency|services?|consultan\w*|supply)|domestic\s+help\s+(?:agency|services?)"
    r"|प्लेसमेंट|प्लेसमेन्ट"
)
_NOT_REGISTERED = (RegistrationStatus.UNREGISTERED, RegistrationStatus.EXPIRED, RegistrationStatus.SUSPENDED)


def _identifier_keys(analysis: Analysis) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for kind, values in (
        (IdentifierKind.PHONE, analysis.phones),
        (IdentifierKind.HANDLE, analysis.handles),
        (IdentifierKind.EMAIL, analysis.emails),
        (IdentifierKind.NAME, analysis.names),
    ):
        found = {key for key in (index_of(kind, value) for value in values) if key}
        if found:
            keys[kind] = found
    return keys


def watchlist_matches(analysis: Analysis, establishment_ids: Sequence[int] = ()) -> list[WatchlistEntry]:
    condition = Q(pk__in=[])
    for kind, keys in _identifier_keys(analysis).items():
        condition |= Q(kind=kind, value_index__in=keys)
    if establishment_ids:
        condition |= Q(kind=WatchlistEntry.ESTABLISHMENT, establishment_id__in=list(establishment_ids))
    return list(WatchlistEntry.objects.filter(condition, is_active=True).order_by("pk"))


def alerts_for_ad(ad: Ad, analysis: Analysis, links: Sequence[Link]) -> list[int]:
    """Raise the alerts a new or changed ad calls for; returns the ids of those created."""
    created: list[int] = []
    for entry in watchlist_matches(analysis, [link.establishment.pk for link in links]):
        if Alert.objects.filter(ad=ad, watchlist_entry=entry).exists():
            continue
        alert = Alert.objects.create(
            kind=AlertKind.WATCHLIST, matched_kind=entry.kind, ad=ad, watchlist_entry=entry,
            establishment=entry.establishment, district_id=ad.district_id or entry.district_id,
        )  # fmt: skip
        created.append(alert.pk)
    agencies = [link.establishment for link in links if link.establishment.kind == EstablishmentKind.PLACEMENT_AGENCY]
    unregistered = [agency for agency in agencies if agency.registration_status in _NOT_REGISTERED]
    registered = [agency for agency in agencies if agency.registration_status == RegistrationStatus.REGISTERED]
    advertises_placement = bool(PLACEMENT.search(analysis.folded))
    if (unregistered or (advertises_placement and not registered)) and not Alert.objects.filter(
        ad=ad, kind=AlertKind.UNREGISTERED_AGENCY
    ).exists():
        agency = unregistered[0] if unregistered else None
        alert = Alert.objects.create(
            kind=AlertKind.UNREGISTERED_AGENCY, matched_kind="establishment" if agency else "", ad=ad,
            establishment=agency, district_id=ad.district_id or (agency.district_id if agency else None),
        )  # fmt: skip
        created.append(alert.pk)
    return created


def tip_text(tip: Tip) -> str:
    return "\n".join(part for part in (tip.what_seen, tip.establishment, tip.contact, tip.place) if part)


def alerts_for_tip(tip: Tip) -> list[int]:
    """Alerts for a tip that mentions a watchlisted phone, handle, e-mail or name (once per entry)."""
    analysis = analyse(tip_text(tip))
    created = []
    for entry in watchlist_matches(analysis):
        if Alert.objects.filter(tip=tip, watchlist_entry=entry).exists():
            continue
        alert = Alert.objects.create(
            kind=AlertKind.WATCHLIST, matched_kind=entry.kind, tip=tip, watchlist_entry=entry,
            establishment=entry.establishment, district_id=tip.district_id,
        )  # fmt: skip
        created.append(alert.pk)
    return created
