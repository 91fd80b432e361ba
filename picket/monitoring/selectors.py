"""Reads of monitoring records, scoped through ``accounts/access.py``.

Ads, alerts, watchlist entries and establishments are scoped by their district (an ad's matched district, an
establishment's); records without a district are seen by national roles only. Networks are seen when any of
their ads is. Sources are configuration (a website, not a person) and seen by every monitoring role.
"""

from __future__ import annotations

from django.db.models import QuerySet

from picket.accounts.access import Actor, scope_by_district
from picket.accounts.permissions import Permission
from picket.monitoring.common import index_of
from picket.monitoring.models import (
    Ad,
    Alert,
    Capture,
    Establishment,
    IdentifierKind,
    Network,
    Source,
    WatchlistEntry,
)

VIEW, MANAGE = Permission.MONITORING_VIEW, Permission.MONITORING_MANAGE


def source_list(*, actor: Actor) -> QuerySet[Source]:
    return Source.objects.all() if actor.can(VIEW) else Source.objects.none()


def source_manageable(*, actor: Actor) -> QuerySet[Source]:
    return Source.objects.all() if actor.can(MANAGE) else Source.objects.none()


def ad_list(*, actor: Actor) -> QuerySet[Ad]:
    return scope_by_district(actor, Ad.objects.all(), path="district", permission=VIEW)


def ad_manageable(*, actor: Actor) -> QuerySet[Ad]:
    return scope_by_district(actor, Ad.objects.all(), path="district", permission=MANAGE)


def ads_with_identifier(*, actor: Actor, kind: str, value: str) -> QuerySet[Ad]:
    """Ads in scope carrying a phone, handle, e-mail, name or licence number (by its blind index)."""
    if kind not in IdentifierKind.values:
        return Ad.objects.none()
    key = index_of(kind, value)
    if not key:
        return Ad.objects.none()
    return ad_list(actor=actor).filter(identifiers__kind=kind, identifiers__value_index=key).distinct()


def network_list(*, actor: Actor) -> QuerySet[Network]:
    live = Network.objects.filter(merged_into__isnull=True)
    return scope_by_district(actor, live, path="ads__district", permission=VIEW)


def capture_list(*, actor: Actor) -> QuerySet[Capture]:
    return scope_by_district(actor, Capture.objects.all(), path="sightings__ad__district", permission=VIEW)


def establishment_list(*, actor: Actor) -> QuerySet[Establishment]:
    return scope_by_district(actor, Establishment.objects.all(), path="district", permission=VIEW)


def establishment_manageable(*, actor: Actor) -> QuerySet[Establishment]:
    return scope_by_district(actor, Establishment.objects.all(), path="district", permission=MANAGE)


def watchlist_list(*, actor: Actor) -> QuerySet[WatchlistEntry]:
    entries = WatchlistEntry.objects.filter(is_active=True)
    return scope_by_district(actor, entries, path="district", permission=VIEW)


def watchlist_manageable(*, actor: Actor) -> QuerySet[WatchlistEntry]:
    return scope_by_district(actor, WatchlistEntry.objects.all(), path="district", permission=MANAGE)


def alert_list(*, actor: Actor) -> QuerySet[Alert]:
    return scope_by_district(actor, Alert.objects.all(), path="district", permission=VIEW)


def alert_manageable(*, actor: Actor) -> QuerySet[Alert]:
    return scope_by_district(actor, Alert.objects.all(), path="district", permission=MANAGE)
