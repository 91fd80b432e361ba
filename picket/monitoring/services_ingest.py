"""Storing what collectors and staff bring in: captures (encrypted, with digests) and ads (analysed by the
engine, re-captures recognised, identifiers stored, networks updated, alerts raised).

``ad_ingest`` is the one way an ad enters the database, whoever brings it (file import, feed, web page,
staff). ``actor`` is ``None`` for background collectors (the audit event then has no user).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from picket.accounts.access import Actor
from picket.accounts.permissions import Permission
from picket.audit.models import AuditAction
from picket.geo.models import District
from picket.monitoring import stored_index
from picket.monitoring.alerts import alerts_for_ad
from picket.monitoring.analysis import Analysis, analyse
from picket.monitoring.analysis.places import gazetteer
from picket.monitoring.analysis.text import fold, words
from picket.monitoring.common import audit, index_of, text_index
from picket.monitoring.indicator_catalogue import current_rules
from picket.monitoring.linking import establishments_link_ad
from picket.monitoring.models import (
    Ad,
    AdIdentifier,
    AdSighting,
    Capture,
    CollectionMethod,
    CustodyEvent,
    CustodyKind,
    IdentifierKind,
    Network,
    Source,
)
from picket.monitoring.shingles import hashed, shingles, slot_tokens
from picket.monitoring.template import template

MAX_CAPTURE_BYTES = 20 * 1024 * 1024
MAX_AD_TEXT = 20_000
TEMPLATE_MEMBERS = 40


def _require(actor: Actor | None, permission: Permission) -> None:
    if actor is not None:
        actor.require(permission)


def capture_store(
    *,
    actor: Actor | None,
    source: Source | None,
    method: str,
    data: bytes,
    content_type: str = "",
    url: str = "",
    fetched_at: datetime.datetime | None = None,
) -> Capture:
    """Keep fetched bytes as they came, encrypted, with their SHA-256 and the first link of their custody."""
    _require(actor, Permission.MONITORING_MANAGE)
    if method not in CollectionMethod.values:
        raise ValidationError({"method": _("Unknown collection method.")})
    if len(data) > MAX_CAPTURE_BYTES:
        raise ValidationError({"file": _("The content is larger than 20 MB.")})
    now = fetched_at or timezone.now()
    user = actor.user if actor is not None else None
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        capture = Capture(
            source=source, method=method, url=url, url_index=index_of("url", url) if url else "", fetched_at=now,
            sha256=digest, content_type=content_type[:100], size=len(data), captured_by=user,
        )  # fmt: skip
        capture.content.save("capture", ContentFile(data), save=False)
        capture.save()
        CustodyEvent.objects.create(capture=capture, kind=CustodyKind.CAPTURED, actor=user, at=now, sha256=digest)
        audit("capture", capture.pk, AuditAction.CREATE, user=user, kind=method)
    return capture


@dataclass(frozen=True)
class AdItem:
    """One ad as read from a capture: a CSV row, a feed entry, an element of a page, a staff submission."""

    text: str
    url: str = ""
    external_id: str = ""
    posted_at: datetime.date | None = None
    city: str = ""
    images: tuple[str, ...] = ()  # image addresses, hashed by ``images.images_collect`` (never kept as files)


@dataclass
class IngestResult:
    ad: Ad
    created: bool
    recognised_by: str = ""  # "url", "id" or "text" for a re-capture
    network: Network | None = None
    alerts: list[int] = field(default_factory=list)


def _district(item: AdItem, analysis: Analysis, source: Source | None) -> District | None:
    codes: list[int] = []
    if item.city:
        folded = fold(item.city)
        codes += [p.district_code for p, _, _ in gazetteer().find(folded, words(folded)) if p.district_code]
    codes += [p.district_code for p in analysis.places if p.district_code]
    for code in codes:
        district = District.objects.filter(lgd_code=code).first()
        if district is not None:
            return district
    return source.district if source is not None else None


def _find_existing(item: AdItem, source: Source | None, key: str) -> tuple[Ad | None, str]:
    if item.url:
        found = Ad.objects.filter(url_index=index_of("url", item.url)).order_by("pk").first()
        if found is not None:
            return found, "url"
    if item.external_id and source is not None:
        found = Ad.objects.filter(source=source, external_id=item.external_id).order_by("pk").first()
        if found is not None:
            return found, "id"
    found = Ad.objects.filter(text_index=key).order_by("pk").first()
    return (found, "text") if found is not None else (None, "")


def _store_analysis(ad: Ad, analysis: Analysis) -> None:
    ad.language = analysis.language
    ad.risk_score = analysis.risk_score
    ad.flagged = analysis.flagged
    ad.indicators = [{"id": h.indicator, "weight": h.weight, "counted": h.counted} for h in analysis.hits]
    ad.reasons = json.dumps(analysis.reasons(), ensure_ascii=False)
    ad.shingles = hashed([shingles(slot_tokens(analysis))])[0].astype("uint64").tobytes()


def _store_identifiers(ad: Ad, analysis: Analysis) -> None:
    found = {
        IdentifierKind.PHONE: analysis.phones,
        IdentifierKind.HANDLE: analysis.handles,
        IdentifierKind.EMAIL: analysis.emails,
        IdentifierKind.NAME: analysis.names,
        IdentifierKind.LICENCE: analysis.licences,
    }
    existing = set(ad.identifiers.values_list("kind", "value_index"))
    rows = []
    for kind, values in found.items():
        for value in values:
            key = index_of(kind, value)
            if key and (kind, key) not in existing:
                existing.add((kind, key))
                rows.append(AdIdentifier(ad=ad, kind=kind, value=value, value_index=key))
    AdIdentifier.objects.bulk_create(rows)


def _network_update(ad: Ad) -> Network | None:
    """Attach the ad to its operator network; merge stored networks it links (the oldest keeps its reference)."""
    attachment = stored_index.attach(ad)
    if not attachment.network_id:
        return None
    linked_ids = [int(ad_id) for ad_id in attachment.linked_to]
    if not linked_ids:
        return ad.network
    networks = set(Ad.objects.filter(pk__in=linked_ids, network__isnull=False).values_list("network_id", flat=True))
    if ad.network_id:
        networks.add(ad.network_id)
    if networks:
        network = Network.objects.get(pk=min(networks))
        younger = sorted(networks - {network.pk})
        if younger:
            Ad.objects.filter(network_id__in=younger).update(network=network)
            Network.objects.filter(pk__in=younger).update(merged_into=network, ad_count=0)
    else:
        network = Network.objects.create()
    Ad.objects.filter(pk__in=[*linked_ids, ad.pk], network__isnull=True).update(network=network)
    ad.network = network
    _network_summarise(network)
    return network


def _network_summarise(network: Network) -> None:
    members = Ad.objects.filter(network=network)
    summary = members.aggregate(
        first=Min("posted_at"), last=Max("posted_at"), seen_first=Min("first_seen_at"), seen_last=Max("last_seen_at"),
        risk=Max("risk_score"),
    )  # fmt: skip
    network.ad_count = members.count()
    network.first_seen = summary["first"] or (summary["seen_first"].date() if summary["seen_first"] else None)
    network.last_seen = summary["last"] or (summary["seen_last"].date() if summary["seen_last"] else None)
    network.max_risk = summary["risk"] or 0.0
    texts = list(members.order_by("-pk").values_list("text", flat=True)[:TEMPLATE_MEMBERS])
    network.template = template(texts).text() if len(texts) > 1 else ""
    network.save()


def ad_ingest(*, actor: Actor | None, capture: Capture, item: AdItem, source: Source | None = None) -> IngestResult:
    """Analyse and store one ad seen in ``capture``, or record a re-capture of an ad already stored (same address,
    same id at the same source, or the same text once folded). New and changed ads get their identifiers, their
    network and their alerts; a re-capture with unchanged text only adds a sighting."""
    _require(actor, Permission.MONITORING_MANAGE)
    text = item.text.strip()
    if not text:
        raise ValidationError({"text": _("The ad has no text.")})
    if len(text) > MAX_AD_TEXT:
        raise ValidationError({"text": _("The ad is longer than %(n)d characters.") % {"n": MAX_AD_TEXT}})
    user = actor.user if actor is not None else None
    source = source or capture.source
    key = text_index(text)
    try:
        with transaction.atomic():
            ad, recognised_by = _find_existing(item, source, key)
            created = ad is None
            changed = created or (ad is not None and ad.text_index != key)
            analysis = analyse(text, rules=current_rules()) if changed else None
            if ad is None:
                ad = Ad(
                    source=source, external_id=item.external_id[:200], url=item.url,
                    url_index=index_of("url", item.url) if item.url else "", first_seen_at=capture.fetched_at,
                    last_seen_at=capture.fetched_at,
                )  # fmt: skip
            else:
                ad.last_seen_at = max(ad.last_seen_at, capture.fetched_at)
                ad.sightings_count += 1
            if analysis is not None:
                ad.text, ad.text_index = text, key
                ad.posted_at = item.posted_at or ad.posted_at
                # A feed or page rarely has a city field; the first Indian place the text names is where the ad
                # recruits or works, so that a network's movement over cities shows for collected ads too.
                named = next((p.name for p in analysis.places if p.kind != "abroad"), "")
                ad.city = " ".join(item.city.split())[:100] or named[:100] or ad.city
                ad.district = _district(item, analysis, source)
                _store_analysis(ad, analysis)
            ad.save()
            AdSighting.objects.get_or_create(
                ad=ad, capture=capture, defaults={"seen_at": capture.fetched_at, "recognised_by": recognised_by}
            )
            result = IngestResult(ad=ad, created=created, recognised_by=recognised_by, network=ad.network)
            if analysis is not None:
                _store_identifiers(ad, analysis)
                result.network = _network_update(ad)
                links = establishments_link_ad(ad, analysis)
                result.alerts = alerts_for_ad(ad, analysis, links)
            action = AuditAction.CREATE if created else AuditAction.UPDATE
            audit(
                "ad", ad.pk, action, user=user, kind="recapture" if not created else "capture", count=len(result.alerts)
            )
    except Exception:
        stored_index.reset()  # the index may hold an ad whose row was rolled back
        raise
    return result
