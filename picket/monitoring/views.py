"""Monitoring pages under ``/monitoring/``: the desk, an ad, a network, search by phone or handle.

Every read goes through ``selectors`` (scoped by district; a record out of scope is a 404). URLs carry ids and
codes only: a phone or handle searched for is POSTed and kept in the session behind a token
(``picket.web.searches``), and watchlist forms name an identifier by its row id.
"""

from __future__ import annotations

import ast
import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from picket.accounts.access import Actor, actor_for, fetch_or_404
from picket.accounts.decorators import requires
from picket.accounts.forms import add_service_errors
from picket.accounts.permissions import Permission
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.monitoring import evidence, selectors
from picket.monitoring.analysis import analyse
from picket.monitoring.forms import IdentifierSearchForm, WatchIdentifierForm
from picket.monitoring.indicator_catalogue import indicator_notes
from picket.monitoring.models import Ad, AdIdentifier, Alert, IdentifierKind, Network, WatchlistEntry
from picket.monitoring.models.watch import OPEN_ALERT_STATUSES
from picket.monitoring.services_watch import WATCHABLE, watchlist_add
from picket.monitoring.template import MAX_MEMBERS, Slot, template
from picket.web.searches import redirect_to_search, search_text

VIEW, MANAGE = Permission.MONITORING_VIEW, Permission.MONITORING_MANAGE
RECENT = datetime.timedelta(days=7)
DESK_ROWS = 50


@dataclass(frozen=True)
class Reason:
    indicator: str
    weight: float
    counted: bool
    description: str
    law: str
    matched: str


def _matched_text(line: str) -> str:
    """The quoted words of a stored reason line ("minor_age (+4.0): '14-16 yrs'")."""
    _head, _sep, quoted = line.partition("): ")
    try:
        value = ast.literal_eval(quoted)
    except (ValueError, SyntaxError):
        return quoted
    return value if isinstance(value, str) else quoted


def reasons_of(ad: Ad) -> list[Reason]:
    """Every indicator that fired on the ad, with the rule's description and law and the words that fired it."""
    rules = indicator_notes()  # the stored rules' words (inactive ones too: older ads name them)
    lines = ad.reason_lines
    reasons = []
    for position, hit in enumerate(ad.indicators):
        rule = rules.get(hit["id"])
        reasons.append(
            Reason(
                indicator=hit["id"],
                weight=float(hit["weight"]),
                counted=bool(hit.get("counted", True)),
                description=rule.description if rule else "",
                law=rule.law if rule else "",
                matched=_matched_text(lines[position]) if position < len(lines) else "",
            )
        )
    return reasons


def matched_label(kind: str) -> str:
    """What an alert matched, in words (an identifier kind, or an establishment)."""
    if kind == WatchlistEntry.ESTABLISHMENT:
        return _("Establishment")
    return str(dict(IdentifierKind.choices).get(kind, "")) if kind else ""


def labelled(alerts: Iterable[Alert]) -> list[Alert]:
    rows = list(alerts)
    for alert in rows:
        alert.matched_label = matched_label(alert.matched_kind)  # type: ignore[attr-defined]
    return rows


def _summary(ad: Ad) -> str:
    return ", ".join(hit["id"] for hit in ad.indicators if hit.get("counted", True))


# --- desk ----------------------------------------------------------------------------------------------------


@requires(VIEW)
def desk(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    since = timezone.now() - RECENT
    ads = selectors.ad_list(actor=actor)
    new_ads = list(
        ads.filter(flagged=True, first_seen_at__gte=since)
        .select_related("source", "district")
        .order_by("-risk_score", "-first_seen_at")[:DESK_ROWS]
    )
    growth = (
        ads.filter(first_seen_at__gte=since, network__isnull=False)
        .values("network")
        .annotate(added=Count("pk"))
        .order_by("-added")[:DESK_ROWS]
    )
    added = {row["network"]: row["added"] for row in growth}
    networks = selectors.network_list(actor=actor).filter(pk__in=list(added))
    growing = sorted(((network, added[network.pk]) for network in networks), key=lambda pair: -pair[1])
    alerts = labelled(
        selectors.alert_list(actor=actor)
        .filter(status__in=OPEN_ALERT_STATUSES)
        .select_related("district", "assignee", "ad")[:DESK_ROWS]
    )
    context = {
        "new_ads": [(ad, _summary(ad)) for ad in new_ads],
        "growing": growing,
        "alerts": alerts,
        "days": RECENT.days,
        "can_manage": actor.can(MANAGE),
    }
    return render(request, "monitoring/desk.html", context)


# --- an ad ---------------------------------------------------------------------------------------------------


def _watchable(ad: Ad) -> QuerySet[AdIdentifier]:
    return ad.identifiers.filter(kind__in=WATCHABLE).order_by("kind", "pk")


def _ad_page(request: HttpRequest, actor: Actor, ad: Ad, watch_form: WatchIdentifierForm | None = None) -> HttpResponse:
    identifiers: dict[str, list[str]] = defaultdict(list)
    for row in ad.identifiers.order_by("kind", "pk"):
        identifiers[row.kind].append(row.value)
    analysis = analyse(ad.text)  # ages and places are read again from the text; they are not stored
    sightings = ad.sightings.select_related("capture").order_by("seen_at", "pk")
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="monitoring.ad", object_id=ad.pk)
    can_manage = actor.can(MANAGE) and selectors.ad_manageable(actor=actor).filter(pk=ad.pk).exists()
    context = {
        "ad": ad,
        "reasons": reasons_of(ad),
        "entities": [
            (_("Phones"), identifiers.get(IdentifierKind.PHONE, [])),
            (_("Handles"), identifiers.get(IdentifierKind.HANDLE, [])),
            (_("E-mails"), identifiers.get(IdentifierKind.EMAIL, [])),
            (_("Contact names"), identifiers.get(IdentifierKind.NAME, [])),
            (_("Licence or registration numbers"), identifiers.get(IdentifierKind.LICENCE, [])),
            (_("Ages asked for"), [age.text for age in analysis.ages]),
            (_("Places"), [place.name for place in analysis.places]),
        ],
        "sightings": sightings,
        "can_manage": can_manage,
        "watch_form": watch_form or (WatchIdentifierForm(identifiers=_watchable(ad)) if can_manage else None),
        "has_watchable": _watchable(ad).exists(),
        "can_export_evidence": evidence.exportable_ads(actor=actor).filter(pk=ad.pk).exists(),
    }
    return render(request, "monitoring/ad.html", context)


def _ad(actor: Actor, pk: int) -> Ad:
    return fetch_or_404(selectors.ad_list(actor=actor).select_related("source", "district", "network"), pk=pk)


@requires(VIEW)
def ad_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    return _ad_page(request, actor, _ad(actor, pk))


@require_POST
@requires(MANAGE)
def ad_watch(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    ad = fetch_or_404(selectors.ad_manageable(actor=actor).select_related("source", "district", "network"), pk=pk)
    form = WatchIdentifierForm(request.POST, identifiers=_watchable(ad))
    if form.is_valid():
        identifier = form.cleaned_data["identifier"]
        try:
            watchlist_add(
                actor=actor, kind=identifier.kind, value=identifier.value, ad=ad, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Added to the watchlist. New ads and tips that carry it will raise an alert."))
            return redirect("monitoring:ad", pk=ad.pk)
    return _ad_page(request, actor, ad, watch_form=form)


# --- a network -----------------------------------------------------------------------------------------------


def _template_parts(texts: list[str]) -> list[tuple[str, list[str]]]:
    """The template as (text, slot values): fixed words with no values, slots with theirs (commonest first)."""
    if len(texts) < 2:
        return []
    parts: list[tuple[str, list[str]]] = []
    for part in template(texts).parts:
        if isinstance(part, Slot):
            parts.append(("", [value for value, _count in part.values.most_common()]))
        elif parts and not parts[-1][1] and parts[-1][0]:
            parts[-1] = (f"{parts[-1][0]} {part}", [])
        else:
            parts.append((part, []))
    return parts


@requires(VIEW)
def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    network: Network = fetch_or_404(selectors.network_list(actor=actor), pk=pk)
    # Only the ads the actor may see: counts, dates, identifiers and the template are drawn from them alone.
    ads = list(
        selectors.ad_list(actor=actor).filter(network=network).select_related("source").order_by("first_seen_at")
    )
    identifiers: dict[str, Counter[str]] = {IdentifierKind.PHONE: Counter(), IdentifierKind.HANDLE: Counter()}
    rows = AdIdentifier.objects.filter(ad__in=[ad.pk for ad in ads], kind__in=list(identifiers))
    for row in rows:
        identifiers[row.kind][row.value] += 1
    movement: dict[str, Counter[str]] = defaultdict(Counter)
    for ad in ads:
        day = ad.posted_at or timezone.localtime(ad.first_seen_at).date()
        movement[f"{day:%Y-%m}"][ad.city or _("no city")] += 1
    step = max(1, len(ads) // MAX_MEMBERS)
    texts = [ad.text for ad in ads[::-1][::step][:MAX_MEMBERS]]
    parts = _template_parts(texts)
    seen = [ad.posted_at or timezone.localtime(ad.first_seen_at).date() for ad in ads]
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="monitoring.network", object_id=network.pk)
    context = {
        "network": network,
        "ads": ads,
        "phones": identifiers[IdentifierKind.PHONE].most_common(),
        "handles": identifiers[IdentifierKind.HANDLE].most_common(),
        "movement": sorted((month, cities.most_common()) for month, cities in movement.items()),
        "sources": sorted({ad.source.name for ad in ads if ad.source is not None}),
        "first_seen": min(seen) if seen else None,
        "last_seen": max(seen) if seen else None,
        "template": parts,
        "slots": [values for _text, values in parts if values],
        "can_export_evidence": evidence.exportable_ads(actor=actor).filter(network=network).exists(),
    }
    return render(request, "monitoring/network.html", context)


# --- evidence packets ---------------------------------------------------------------------------------------


def _packet_response(packet: evidence.EvidencePacket) -> HttpResponse:
    response = HttpResponse(packet.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{packet.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@requires(Permission.EVIDENCE_PRESERVE)
def ad_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    ad = fetch_or_404(evidence.exportable_ads(actor=actor), pk=pk)
    try:
        packet = evidence.packet_for_ad(actor=actor, ad=ad)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:ad", pk=ad.pk)
    return _packet_response(packet)


@require_POST
@requires(Permission.EVIDENCE_PRESERVE)
def network_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    network: Network = fetch_or_404(selectors.network_list(actor=actor), pk=pk)
    try:
        packet = evidence.packet_for_network(actor=actor, network=network)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:network", pk=network.pk)
    return _packet_response(packet)


# --- search by phone or handle -------------------------------------------------------------------------------


def _search_key(request: HttpRequest) -> tuple[str, str]:
    kind = request.GET.get("kind", "")
    return (kind, search_text(request)) if kind in (IdentifierKind.PHONE, IdentifierKind.HANDLE) else ("", "")


@requires(VIEW)
def search(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = IdentifierSearchForm(request.POST)
        if not form.is_valid():
            return render(request, "monitoring/search.html", {"form": form, "searched": False, "ads": []})
        return redirect_to_search(request, "value", kind=form.cleaned_data["kind"])
    actor = actor_for(request.user)
    kind, value = _search_key(request)
    ads: list[Ad] = []
    if kind and value:
        found = selectors.ads_with_identifier(actor=actor, kind=kind, value=value)
        ads = list(found.select_related("source", "network").order_by("-first_seen_at")[:200])
        audit_record(action=AuditAction.SEARCH, object_type="monitoring.ad", detail={"filters": [kind]})
    form = IdentifierSearchForm(initial={"kind": kind or IdentifierKind.PHONE})
    context = {"form": form, "searched": bool(kind and value), "ads": [(ad, _summary(ad)) for ad in ads]}
    return render(request, "monitoring/search.html", context)
