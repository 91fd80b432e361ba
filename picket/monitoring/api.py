"""Monitoring over the API under ``/api/v1/monitoring/``: ads, operator networks, search by phone or handle,
establishments, the watchlist, alert triage and sources — scoped, shown and audited like the pages.

Reads go through ``selectors`` (a record out of scope is a 404, like one that does not exist); writes through the
services, which audit. Paths and query strings carry references, ids and codes only: a phone or handle searched
for or watched is POSTed in the body. Identifiers appear where the pages show them, to whoever may open the
record: an ad's in its detail, a network's drawn from the ads of the actor's districts only; lists and search
results carry none. A watchlist entry copied from an accused person's phone shows the phone only to those who
may see that accused person.
"""

from collections import Counter, defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from picket.accounts.access import Actor, fetch_or_404
from picket.api.pagination import LimitOffset
from picket.api.security import api_requires, current_actor
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.intake.selectors import tip_list
from picket.monitoring import selectors
from picket.monitoring.analysis import analyse
from picket.monitoring.api_alerts import router as alerts_router
from picket.monitoring.api_common import MANAGE, VIEW, Detail, fields_named, reference_of
from picket.monitoring.api_schemas import (
    AdFilters,
    AdOut,
    AdSummaryOut,
    EstablishmentIn,
    EstablishmentOut,
    EstablishmentSummaryOut,
    NetworkOut,
    NetworkSummaryOut,
    SearchIn,
    SourceOut,
    WatchIn,
    WatchOut,
)
from picket.monitoring.common import index_of
from picket.monitoring.models import (
    Ad,
    AdIdentifier,
    Establishment,
    EstablishmentKind,
    IdentifierKind,
    Network,
    RegistrationStatus,
    Source,
    SourceStatus,
    WatchlistEntry,
)
from picket.monitoring.services_establishments import establishment_create
from picket.monitoring.services_watch import (
    watchlist_add,
    watchlist_remove,
)
from picket.monitoring.views import RECENT, reasons_of
from picket.people.api import district_by_code
from picket.prosecution.selectors import accused_list, rescue_list

router = Router(tags=["monitoring"])
router.add_router("", alerts_router)


# --- ads ---------------------------------------------------------------------------------------------------------


def _ads(actor: Actor) -> QuerySet[Ad]:
    return selectors.ad_list(actor=actor).select_related("source", "district", "network")


@router.get("/ads", response=list[AdSummaryOut])
@paginate(LimitOffset)
@api_requires(VIEW)
def list_ads(request: HttpRequest, filters: Query[AdFilters]) -> QuerySet[Ad]:
    """Ads of your districts, newest first (ads matched to no district: national roles only)."""
    ads = _ads(current_actor(request))
    if filters.flagged is not None:
        ads = ads.filter(flagged=filters.flagged)
    if filters.min_risk is not None:
        ads = ads.filter(risk_score__gte=filters.min_risk)
    if filters.district_code is not None:
        ads = ads.filter(district=district_by_code(filters.district_code, field="district_code"))
    if filters.network:
        ads = ads.filter(network__reference=reference_of(filters.network))
    if filters.source:
        if not Source.objects.filter(reference=reference_of(filters.source)).exists():
            raise ValidationError({"source": _("No such source.")})
        ads = ads.filter(source__reference=reference_of(filters.source))
    if filters.since is not None:
        since = filters.since  # a date or a time without a zone is Indian time, as on the pages
        ads = ads.filter(first_seen_at__gte=timezone.make_aware(since) if timezone.is_naive(since) else since)
    return ads.order_by("-first_seen_at", "-pk")


@router.get("/ads/{reference}", response=AdOut)
@api_requires(VIEW)
def get_ad(request: HttpRequest, reference: str) -> Detail:
    """An ad as its page shows it: every reason with its law, what it contains, its network and captures."""
    ad = fetch_or_404(_ads(current_actor(request)), reference=reference_of(reference))
    analysis = analyse(ad.text)  # ages and places are read again from the text; they are not stored
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="monitoring.ad", object_id=ad.pk)
    return Detail(
        ad,
        reasons=reasons_of(ad),
        identifiers=list(ad.identifiers.order_by("kind", "pk")),
        ages=[age.text for age in analysis.ages],
        places=[place.name for place in analysis.places],
        sightings=list(ad.sightings.select_related("capture").order_by("seen_at", "pk")),
    )


@router.post("/search", response=list[AdSummaryOut])
@paginate(LimitOffset)
@api_requires(VIEW)
def search_ads(request: HttpRequest, payload: SearchIn) -> QuerySet[Ad]:
    """Ads of your districts carrying a phone or handle. POST only: the value never goes into a URL."""
    kind = payload.kind.value
    if not index_of(kind, payload.value):
        raise ValidationError({"value": _("Enter a phone number of 10 digits or a handle.")})
    found = selectors.ads_with_identifier(actor=current_actor(request), kind=kind, value=payload.value)
    audit_record(action=AuditAction.SEARCH, object_type="monitoring.ad", detail={"filters": [kind]})
    return found.select_related("source", "district", "network").order_by("-first_seen_at", "-pk")


# --- networks ----------------------------------------------------------------------------------------------------


@router.get("/networks", response=list[NetworkSummaryOut])
@paginate(LimitOffset)
@api_requires(VIEW)
def list_networks(request: HttpRequest) -> QuerySet[Network]:
    """Networks with ads in your districts, growing first (ads first seen in the last 7 days), then most
    recently seen. Counts and dates are over the ads of your districts only."""
    actor = current_actor(request)
    inside = Q(ads__in=selectors.ad_list(actor=actor).values("pk"))
    recent = inside & Q(ads__first_seen_at__gte=timezone.now() - RECENT)
    return (
        selectors.network_list(actor=actor)
        .annotate(
            visible_ads=Count("ads", filter=inside),
            visible_recent_ads=Count("ads", filter=recent),
            visible_max_risk=Max("ads__risk_score", filter=inside),
            visible_first_seen=Min("ads__first_seen_at", filter=inside),
            visible_last_seen=Max("ads__last_seen_at", filter=inside),
        )
        .order_by("-visible_recent_ads", "-visible_last_seen", "-pk")
    )


@router.get("/networks/{reference}", response=NetworkOut)
@api_requires(VIEW)
def get_network(request: HttpRequest, reference: str) -> dict[str, Any]:
    """A network as its page shows it, drawn from the ads of your districts alone."""
    actor = current_actor(request)
    network = fetch_or_404(selectors.network_list(actor=actor), reference=reference_of(reference))
    ads = list(_ads(actor).filter(network=network).order_by("first_seen_at", "pk"))
    counts: dict[str, Counter[str]] = {IdentifierKind.PHONE: Counter(), IdentifierKind.HANDLE: Counter()}
    for row in AdIdentifier.objects.filter(ad__in=[ad.pk for ad in ads], kind__in=list(counts)):
        counts[row.kind][row.value] += 1
    movement: dict[str, Counter[str]] = defaultdict(Counter)
    for ad in ads:
        day = ad.posted_at or timezone.localtime(ad.first_seen_at).date()
        movement[f"{day:%Y-%m}"][ad.city or _("no city")] += 1
    seen = [ad.posted_at or timezone.localtime(ad.first_seen_at).date() for ad in ads]
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="monitoring.network", object_id=network.pk)
    return {
        "id": network.pk,
        "reference": network.reference,
        "first_seen": min(seen) if seen else None,
        "last_seen": max(seen) if seen else None,
        "ads": ads,
        "phones": [{"value": v, "ads": n} for v, n in counts[IdentifierKind.PHONE].most_common()],
        "handles": [{"value": v, "ads": n} for v, n in counts[IdentifierKind.HANDLE].most_common()],
        "movement": [
            {"month": month, "cities": [{"city": c, "ads": n} for c, n in cities.most_common()]}
            for month, cities in sorted(movement.items())
        ],
        "sources": sorted({ad.source.name for ad in ads if ad.source is not None}),
    }


# --- establishments ----------------------------------------------------------------------------------------------


@router.get("/establishments", response=list[EstablishmentSummaryOut])
@paginate(LimitOffset)
@api_requires(VIEW)
def list_establishments(
    request: HttpRequest,
    kind: EstablishmentKind | None = None,
    registration_status: RegistrationStatus | None = None,
    district_code: int | None = None,
) -> QuerySet[Establishment]:
    rows = selectors.establishment_list(actor=current_actor(request)).select_related("district")
    if kind:
        rows = rows.filter(kind=kind)
    if registration_status:
        rows = rows.filter(registration_status=registration_status)
    if district_code is not None:
        rows = rows.filter(district=district_by_code(district_code, field="district_code"))
    return rows.order_by("-updated_at", "-pk")


def _establishment_detail(actor: Actor, establishment: Establishment) -> Detail:
    identifiers = list(establishment.identifiers.order_by("kind", "pk"))  # handles: every kind but phones, as the page
    links = list(establishment.links.all())
    ad_ids = {link.ad_id for link in links if link.ad_id}
    tip_ids = {link.tip_id for link in links if link.tip_id}
    rescue_ids = {link.rescue_operation_id for link in links if link.rescue_operation_id}
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="monitoring.establishment", object_id=establishment.pk)
    return Detail(
        establishment,
        phones=[row.value for row in identifiers if row.kind == IdentifierKind.PHONE],
        handles=[row.value for row in identifiers if row.kind != IdentifierKind.PHONE],
        inspections=list(establishment.inspections.all()),
        ads=sorted(selectors.ad_list(actor=actor).filter(pk__in=ad_ids).values_list("reference", flat=True)),
        tips=sorted(tip_list(actor=actor).filter(pk__in=tip_ids).values_list("reference", flat=True)),
        rescue_operations=sorted(
            rescue_list(actor=actor).filter(pk__in=rescue_ids).values_list("reference", flat=True)
        ),
    )


@router.get("/establishments/{reference}", response=EstablishmentOut)
@api_requires(VIEW)
def get_establishment(request: HttpRequest, reference: str) -> Detail:
    """An establishment: registration, phones and handles, inspections, and the ads, tips and rescue operations
    linked to it that you may see."""
    actor = current_actor(request)
    rows = selectors.establishment_list(actor=actor).select_related("district")
    return _establishment_detail(actor, fetch_or_404(rows, reference=reference_of(reference)))


@router.post("/establishments", response={201: EstablishmentOut})
@api_requires(MANAGE)
def create_establishment(request: HttpRequest, payload: EstablishmentIn) -> Status[Detail]:
    actor = current_actor(request)
    fields = payload.dict()
    district = district_by_code(fields.pop("district_code"), field="district_code")
    assert district is not None
    with fields_named(district="district_code"):
        establishment = establishment_create(actor=actor, district=district, **fields)
    return Status(201, _establishment_detail(actor, establishment))


# --- watchlist ---------------------------------------------------------------------------------------------------


def _watch_rows(actor: Actor, rows: QuerySet[WatchlistEntry]) -> QuerySet[WatchlistEntry]:
    return rows.select_related("district", "ad", "establishment").annotate(
        ad_visible=Exists(selectors.ad_list(actor=actor).filter(pk=OuterRef("ad_id"))),
        establishment_visible=Exists(selectors.establishment_list(actor=actor).filter(pk=OuterRef("establishment_id"))),
        accused_visible=Exists(accused_list(actor=actor).filter(pk=OuterRef("accused_id"))),
    )


@router.get("/watchlist", response=list[WatchOut])
@paginate(LimitOffset)
@api_requires(VIEW)
def list_watchlist(request: HttpRequest) -> QuerySet[WatchlistEntry]:
    """Active entries of your districts (entries without a district: national roles only), newest first."""
    actor = current_actor(request)
    return _watch_rows(actor, selectors.watchlist_list(actor=actor)).order_by("-added_at", "-pk")


@router.post("/watchlist", response={201: WatchOut})
@api_requires(MANAGE)
def add_to_watchlist(request: HttpRequest, payload: WatchIn) -> Status[WatchlistEntry]:
    """Watch for a phone, handle, e-mail or name (in the body, never the URL) or an establishment."""
    actor = current_actor(request)
    ad = establishment = None
    if payload.ad_reference:
        ad = selectors.ad_manageable(actor=actor).filter(reference=reference_of(payload.ad_reference)).first()
        if ad is None:
            raise ValidationError({"ad_reference": _("No such ad in your districts.")})
    if payload.establishment_reference:
        rows = selectors.establishment_manageable(actor=actor)
        establishment = rows.filter(reference=reference_of(payload.establishment_reference)).first()
        if establishment is None:
            raise ValidationError({"establishment_reference": _("No such establishment in your districts.")})
    district = district_by_code(payload.district_code, field="district_code")
    with fields_named(district="district_code", establishment="establishment_reference"):
        entry = watchlist_add(
            actor=actor, kind=payload.kind.value, value=payload.value, establishment=establishment,
            district=district, ad=ad, note=payload.note,
        )  # fmt: skip
    return Status(201, _watch_rows(actor, WatchlistEntry.objects.filter(pk=entry.pk)).get())


@router.delete("/watchlist/{entry_id}", response={204: None})
@api_requires(MANAGE)
def remove_from_watchlist(request: HttpRequest, entry_id: int) -> Status[None]:
    actor = current_actor(request)
    entry = fetch_or_404(selectors.watchlist_manageable(actor=actor), pk=entry_id)
    watchlist_remove(actor=actor, entry=entry)
    return Status(204, None)


# --- sources -----------------------------------------------------------------------------------------------------


@router.get("/sources", response=list[SourceOut])
@paginate(LimitOffset)
@api_requires(VIEW)
def list_sources(request: HttpRequest, status: SourceStatus | None = None) -> QuerySet[Source]:
    """Every monitored source with its status, last error and schedule (sources are configuration)."""
    rows = selectors.source_list(actor=current_actor(request)).select_related("district")
    return (rows.filter(status=status) if status else rows).order_by("name", "pk")


@router.get("/sources/{reference}", response=SourceOut)
@api_requires(VIEW)
def get_source(request: HttpRequest, reference: str) -> Source:
    rows = selectors.source_list(actor=current_actor(request)).select_related("district")
    return fetch_or_404(rows, reference=reference_of(reference))
