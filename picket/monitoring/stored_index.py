"""The operator-network index of the stored ads, kept in memory per process and caught up from the database.

The first use in a process builds the index from every stored ad in one batch (``NetworkIndex.build``, which
also learns the boilerplate shingles); later ads are attached one at a time (``NetworkIndex.add``), also ads
stored meanwhile by another process, in the order of their ids. Identifiers enter the index as their blind
indexes, never in plain text. Which ads a new ad links to is all the database needs from it: stored networks
are merged in ``services_ingest`` (the older network keeps its reference).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np

from picket.monitoring.models import Ad, AdIdentifier, IdentifierKind
from picket.monitoring.networks import Attachment, Member, NetworkIndex

_lock = threading.RLock()
_state: dict[str, object] = {}


def reset() -> None:
    """Forget the cached index (tests; after ``rebuild``)."""
    with _lock:
        _state.clear()


def _members(ads: Iterable[Ad]) -> list[Member]:
    ads = list(ads)
    identifiers: dict[int, dict[str, list[str]]] = {ad.pk: {} for ad in ads}
    rows = AdIdentifier.objects.filter(
        ad_id__in=list(identifiers),
        kind__in=[IdentifierKind.PHONE, IdentifierKind.HANDLE, IdentifierKind.EMAIL],
    ).values_list("ad_id", "kind", "value_index")
    for ad_id, kind, value_index in rows:
        identifiers[ad_id].setdefault(kind, []).append(f"{kind}:{value_index}")
    return [member_of(ad, identifiers[ad.pk]) for ad in ads]


def member_of(ad: Ad, identifiers: dict[str, list[str]]) -> Member:
    return Member(
        id=str(ad.pk),
        source=str(ad.source_id or ""),
        posted_at=ad.posted_at,
        city=ad.city,
        phones=tuple(identifiers.get(IdentifierKind.PHONE, ())),
        handles=tuple(identifiers.get(IdentifierKind.HANDLE, ())),
        emails=tuple(identifiers.get(IdentifierKind.EMAIL, ())),
        risk_score=ad.risk_score,
        shingles=np.frombuffer(bytes(ad.shingles), dtype=np.uint64).copy(),
        sketch=None,
    )


_FIELDS = ("pk", "source_id", "posted_at", "city", "risk_score", "shingles")
BATCH = 5000


def _index(before: int) -> NetworkIndex:
    """The index, caught up with every stored ad whose id is below ``before`` (callers hold the lock)."""
    index = _state.get("index")
    last = int(_state.get("last", 0))  # type: ignore[call-overload]
    older = Ad.objects.filter(pk__lt=before)
    newest = older.order_by("-pk").values_list("pk", flat=True).first() or 0
    stale = isinstance(index, NetworkIndex) and _grown(index)
    if not isinstance(index, NetworkIndex) or newest < last or stale:  # first use, rolled back, or outgrown
        index = NetworkIndex.build(_members(older.order_by("pk").only(*_FIELDS)))
        _state["index"], _state["last"], _state["built_with"] = index, newest, len(index.position)
        return index
    while True:
        batch = list(older.filter(pk__gt=last).order_by("pk").only(*_FIELDS)[:BATCH])
        if not batch:
            break
        for member in _members(batch):
            if member.id not in index.position:
                index.add(member)
        last = batch[-1].pk
    _state["last"] = last
    return index


#: The boilerplate (stock phrases shared by unrelated advertisers) is learnt when the index is built; the index is
#: built again once the stored ads have doubled since (and number at least this many), so that what it learnt
#: from the first few hundred ads of a new installation does not stay for good. Doubling keeps the total cost of
#: rebuilding linear in the number of ads.
REBUILD_FROM = 1000


def _grown(index: NetworkIndex) -> bool:
    built_with = int(_state.get("built_with", 0))  # type: ignore[call-overload]
    return len(index.position) >= max(REBUILD_FROM, 2 * built_with)


def attach(ad: Ad) -> Attachment:
    """Attach a just-stored ad; returns its engine network id ("" for none) and the stored ads it linked to."""
    with _lock:
        index = _index(ad.pk)
        if str(ad.pk) in index.position:
            return Attachment(index.network_id(str(ad.pk)), [])
        identifiers: dict[str, list[str]] = {}
        for kind, value_index in ad.identifiers.values_list("kind", "value_index"):
            identifiers.setdefault(kind, []).append(f"{kind}:{value_index}")
        attachment = index.add(member_of(ad, identifiers))
        _state["last"] = max(int(_state.get("last", 0)), ad.pk)  # type: ignore[call-overload]
        return attachment
