"""Ties between ads and establishments: the same phone, handle or e-mail, the establishment's licence number,
or its name written in the ad."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from picket.monitoring.analysis import Analysis
from picket.monitoring.analysis.text import fold
from picket.monitoring.common import index_of
from picket.monitoring.models import (
    Ad,
    Establishment,
    EstablishmentIdentifier,
    EstablishmentLink,
    IdentifierKind,
    LinkedBy,
)

NAME_SCAN_LIMIT: Final = 5000  # establishments whose names are looked for in an ad's text (its district first)
MIN_NAME_LENGTH: Final = 6


@dataclass(frozen=True)
class Link:
    establishment: Establishment
    linked_by: str


def _by_identifier(analysis: Analysis) -> dict[int, str]:
    wanted: dict[str, str] = {}
    for kind, values, how in (
        (IdentifierKind.PHONE, analysis.phones, LinkedBy.PHONE),
        (IdentifierKind.HANDLE, analysis.handles, LinkedBy.HANDLE),
        (IdentifierKind.EMAIL, analysis.emails, LinkedBy.HANDLE),
    ):
        for value in values:
            key = index_of(kind, value)
            if key:
                wanted[f"{kind}:{key}"] = how
    found: dict[int, str] = {}
    if not wanted:
        return found
    keys = {key.split(":", 1)[1] for key in wanted}
    rows = EstablishmentIdentifier.objects.filter(value_index__in=keys).values_list(
        "establishment_id", "kind", "value_index"
    )
    for establishment_id, row_kind, value_index in rows:
        linked_by = wanted.get(f"{row_kind}:{value_index}")
        if linked_by:
            found.setdefault(establishment_id, linked_by)
    return found


def _by_licence(analysis: Analysis) -> dict[int, str]:
    keys = [key for key in (index_of("licence", value) for value in analysis.licences) if key]
    if not keys:
        return {}
    ids = Establishment.objects.filter(registration_index__in=keys).values_list("pk", flat=True)
    return dict.fromkeys(ids, LinkedBy.LICENCE)


def _by_name(ad: Ad, analysis: Analysis) -> dict[int, str]:
    candidates = Establishment.objects.order_by("pk")
    if ad.district_id:
        candidates = candidates.filter(district_id=ad.district_id)
    text = f" {' '.join(analysis.folded.split())} "
    found: dict[int, str] = {}
    for pk, name in candidates.values_list("pk", "name")[:NAME_SCAN_LIMIT]:
        folded = " ".join(fold(name).split())
        if len(folded) >= MIN_NAME_LENGTH and re.search(rf"(?<!\w){re.escape(folded)}(?!\w)", text):
            found[pk] = LinkedBy.NAME
    return found


def establishments_link_ad(ad: Ad, analysis: Analysis) -> list[Link]:
    """Link the ad to every establishment it shares an identifier, licence number or name with."""
    found = _by_name(ad, analysis)
    found.update(_by_licence(analysis))
    found.update(_by_identifier(analysis))
    if not found:
        return []
    establishments = Establishment.objects.in_bulk(list(found))
    existing = set(EstablishmentLink.objects.filter(ad=ad).values_list("establishment_id", flat=True))
    EstablishmentLink.objects.bulk_create(
        [
            EstablishmentLink(establishment_id=pk, ad=ad, linked_by=how)
            for pk, how in found.items()
            if pk not in existing
        ]
    )
    return [Link(establishments[pk], how) for pk, how in found.items() if pk in establishments]
