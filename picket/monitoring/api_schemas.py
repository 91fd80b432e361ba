"""Typed request and response schemas of the monitoring API (``picket/monitoring/api.py``).

Responses name records by reference (``D-…`` ads, ``W-…`` networks, ``L-…`` alerts, ``E-…`` establishments,
``S-…`` sources, ``K-…`` captures) and districts by LGD code. Phones, handles and other identifiers appear only
in the bodies of detail responses, to those who may open the record, never in a path or query string.
"""

import datetime
from enum import StrEnum

from ninja import Field, Schema

from picket.monitoring.models import (
    Ad,
    AdSighting,
    Alert,
    AlertKind,
    AlertStatus,
    CollectionMethod,
    DismissalReason,
    Establishment,
    EstablishmentKind,
    IdentifierKind,
    InspectionOutcome,
    Network,
    RegistrationStatus,
    Source,
    SourceKind,
    SourceStatus,
    WatchlistEntry,
    WatchlistOrigin,
)
from picket.monitoring.views import matched_label

MAX_NOTE = 1000


class SearchKind(StrEnum):
    PHONE = "phone"
    HANDLE = "handle"


class AlertStatusFilter(StrEnum):
    OPEN = "open"  # new or assigned
    NEW = AlertStatus.NEW.value
    ASSIGNED = AlertStatus.ASSIGNED.value
    DISMISSED = AlertStatus.DISMISSED.value
    TIP_CREATED = AlertStatus.TIP_CREATED.value
    ATTACHED = AlertStatus.ATTACHED.value


class WatchKind(StrEnum):
    PHONE = "phone"
    HANDLE = "handle"
    EMAIL = "email"
    NAME = "name"
    ESTABLISHMENT = "establishment"


# --- ads ---------------------------------------------------------------------------------------------------------


class AdSummaryOut(Schema):
    id: int
    reference: str
    risk_score: float
    flagged: bool
    indicators: list[str] = Field(..., description="the indicators counted in the score")
    source_reference: str | None
    city: str
    district_code: int | None = Field(..., description="LGD code; none: seen by national roles only")
    language: str
    posted_at: datetime.date | None
    first_seen_at: datetime.datetime
    last_seen_at: datetime.datetime
    sightings_count: int
    network_reference: str | None

    @staticmethod
    def resolve_indicators(obj: Ad) -> list[str]:
        return [hit["id"] for hit in obj.indicators if hit.get("counted", True)]

    @staticmethod
    def resolve_source_reference(obj: Ad) -> str | None:
        return obj.source.reference if obj.source is not None else None

    @staticmethod
    def resolve_district_code(obj: Ad) -> int | None:
        return obj.district.lgd_code if obj.district is not None else None

    @staticmethod
    def resolve_network_reference(obj: Ad) -> str | None:
        return obj.network.reference if obj.network is not None else None


class ReasonOut(Schema):
    indicator: str
    weight: float
    counted: bool = Field(..., description="false: a counter-indicator switched off by a decisive indicator")
    description: str
    law: str
    matched: str = Field(..., description="the words of the ad that fired it")


class IdentifierOut(Schema):
    id: int
    kind: IdentifierKind
    value: str


class SightingOut(Schema):
    capture_reference: str
    url: str
    fetched_at: datetime.datetime
    seen_at: datetime.datetime
    sha256: str
    size: int
    content_type: str
    recognised_by: str = Field(..., description="empty for the first capture; 'url' or 'text' for a re-capture")

    # Read from an ad's sighting and its capture.
    @staticmethod
    def resolve_capture_reference(obj: AdSighting) -> str:
        return obj.capture.reference

    @staticmethod
    def resolve_url(obj: AdSighting) -> str:
        return obj.capture.url

    @staticmethod
    def resolve_fetched_at(obj: AdSighting) -> datetime.datetime:
        return obj.capture.fetched_at

    @staticmethod
    def resolve_sha256(obj: AdSighting) -> str:
        return obj.capture.sha256

    @staticmethod
    def resolve_size(obj: AdSighting) -> int:
        return obj.capture.size

    @staticmethod
    def resolve_content_type(obj: AdSighting) -> str:
        return obj.capture.content_type


class AdOut(AdSummaryOut):
    text: str
    reasons: list[ReasonOut]
    identifiers: list[IdentifierOut] = Field(..., description="phones, handles, e-mails, names, licence numbers")
    ages: list[str] = Field(..., description="ages asked for, as written")
    places: list[str]
    sightings: list[SightingOut] = Field(..., description="every capture the ad was seen in, with its SHA-256")


class AdFilters(Schema):
    flagged: bool | None = None
    min_risk: float | None = Field(None, ge=0, description="risk score at least")
    district_code: int | None = Field(None, description="LGD code")
    network: str | None = Field(None, max_length=12, description="a network reference (W-…)")
    source: str | None = Field(None, max_length=12, description="a source reference (S-…)")
    since: datetime.datetime | None = Field(None, description="first seen at or after (a date: from midnight IST)")


class SearchIn(Schema):
    kind: SearchKind
    value: str = Field(..., min_length=1, max_length=200, description="a phone number or a handle")


# --- networks ----------------------------------------------------------------------------------------------------


class NetworkSummaryOut(Schema):
    id: int
    reference: str
    ads: int = Field(..., description="ads of your districts in the network")
    recent_ads: int = Field(..., description="of those, first seen in the last 7 days")
    max_risk: float | None
    first_seen: datetime.datetime | None
    last_seen: datetime.datetime | None

    # The queryset is annotated with counts and dates over the ads of the actor's districts only (api.py).
    @staticmethod
    def resolve_ads(obj: Network) -> int:
        return int(obj.visible_ads)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_recent_ads(obj: Network) -> int:
        return int(obj.visible_recent_ads)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_max_risk(obj: Network) -> float | None:
        return obj.visible_max_risk  # type: ignore[attr-defined]

    @staticmethod
    def resolve_first_seen(obj: Network) -> datetime.datetime | None:
        return obj.visible_first_seen  # type: ignore[attr-defined]

    @staticmethod
    def resolve_last_seen(obj: Network) -> datetime.datetime | None:
        return obj.visible_last_seen  # type: ignore[attr-defined]


class CountOut(Schema):
    value: str
    ads: int


class CityCountOut(Schema):
    city: str
    ads: int


class MonthOut(Schema):
    month: str = Field(..., description="YYYY-MM")
    cities: list[CityCountOut]


class NetworkOut(Schema):
    id: int
    reference: str
    first_seen: datetime.date | None
    last_seen: datetime.date | None
    ads: list[AdSummaryOut]
    phones: list[CountOut]
    handles: list[CountOut]
    movement: list[MonthOut] = Field(..., description="cities over time, by month of posting")
    sources: list[str]


# --- establishments ----------------------------------------------------------------------------------------------


class EstablishmentSummaryOut(Schema):
    id: int
    reference: str
    kind: EstablishmentKind
    name: str
    district_code: int
    registration_number: str
    registration_status: RegistrationStatus
    registration_valid_until: datetime.date | None
    updated_at: datetime.datetime

    @staticmethod
    def resolve_district_code(obj: Establishment) -> int:
        return obj.district.lgd_code


class InspectionOut(Schema):
    inspected_on: datetime.date
    outcome: InspectionOutcome
    organisation_id: int | None


class EstablishmentOut(EstablishmentSummaryOut):
    address: str
    notes: str
    phones: list[str]
    handles: list[str] = Field(..., description="handles and e-mails")
    inspections: list[InspectionOut]
    ads: list[str] = Field(..., description="linked ads of your districts")
    tips: list[str] = Field(..., description="linked tips you may see")
    rescue_operations: list[str] = Field(..., description="linked rescue operations you may see")


class EstablishmentIn(Schema):
    kind: EstablishmentKind
    name: str = Field(..., min_length=1, max_length=300)
    district_code: int
    address: str = Field("", max_length=1000)
    registration_number: str = Field("", max_length=60)
    registration_status: RegistrationStatus = RegistrationStatus.UNKNOWN
    registration_valid_until: datetime.date | None = None
    phones: list[str] = Field(default_factory=list, max_length=20)
    handles: list[str] = Field(default_factory=list, max_length=20)
    notes: str = Field("", max_length=5000)


# --- watchlist ---------------------------------------------------------------------------------------------------


class WatchOut(Schema):
    id: int
    kind: str
    value: str | None = Field(..., description="none for establishments, and for an accused person's phone you may "
                                                "not see")  # fmt: skip
    establishment_reference: str | None
    ad_reference: str | None
    origin: WatchlistOrigin
    district_code: int | None
    note: str
    is_active: bool
    added_at: datetime.datetime
    removed_at: datetime.datetime | None

    # ``accused_visible``, ``ad_visible``, ``establishment_visible``: annotations of the scoped queryset (api.py).
    @staticmethod
    def resolve_value(obj: WatchlistEntry) -> str | None:
        if obj.kind == WatchlistEntry.ESTABLISHMENT:
            return None
        if obj.accused_id is not None and not obj.accused_visible:  # type: ignore[attr-defined]
            return None
        return obj.value

    @staticmethod
    def resolve_establishment_reference(obj: WatchlistEntry) -> str | None:
        visible = obj.establishment_id is not None and obj.establishment_visible  # type: ignore[attr-defined]
        return obj.establishment.reference if visible and obj.establishment else None

    @staticmethod
    def resolve_ad_reference(obj: WatchlistEntry) -> str | None:
        return obj.ad.reference if obj.ad is not None and obj.ad_visible else None  # type: ignore[attr-defined]

    @staticmethod
    def resolve_district_code(obj: WatchlistEntry) -> int | None:
        return obj.district.lgd_code if obj.district is not None else None


class WatchIn(Schema):
    kind: WatchKind
    value: str = Field("", max_length=200, description="the phone, handle, e-mail or name (not for establishments)")
    establishment_reference: str = Field("", max_length=12, description="for kind 'establishment'")
    ad_reference: str = Field("", max_length=12, description="the ad it was seen in, if any")
    district_code: int | None = Field(None, description="whose entry; default: the ad's or establishment's")
    note: str = Field("", max_length=MAX_NOTE)


# --- alerts ------------------------------------------------------------------------------------------------------


class AlertOut(Schema):
    id: int
    reference: str
    kind: AlertKind
    matched_kind: str = Field(..., description="an identifier kind, 'establishment', or empty")
    matched: str = Field(..., description="what matched, in words")
    status: AlertStatus
    ad_reference: str | None = Field(..., description="none when there is no ad or it is outside your districts")
    ad_outside: bool = Field(..., description="the alert's ad lies outside your districts")
    tip_reference: str | None
    establishment_reference: str | None
    district_code: int | None
    assignee_id: int | None
    assignee: str | None
    dismissal_reason: DismissalReason | None
    dismissal_note: str
    created_tip_reference: str | None
    police_case_reference: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    # ``ad_visible``: an annotation of the scoped queryset (api.py), as the alert page's "ad_visible".
    @staticmethod
    def resolve_matched(obj: Alert) -> str:
        return matched_label(obj.matched_kind)

    @staticmethod
    def resolve_ad_reference(obj: Alert) -> str | None:
        return obj.ad.reference if obj.ad is not None and obj.ad_visible else None  # type: ignore[attr-defined]

    @staticmethod
    def resolve_ad_outside(obj: Alert) -> bool:
        return obj.ad_id is not None and not obj.ad_visible  # type: ignore[attr-defined]

    @staticmethod
    def resolve_tip_reference(obj: Alert) -> str | None:
        return obj.tip.reference if obj.tip is not None else None

    @staticmethod
    def resolve_establishment_reference(obj: Alert) -> str | None:
        return obj.establishment.reference if obj.establishment is not None else None

    @staticmethod
    def resolve_district_code(obj: Alert) -> int | None:
        return obj.district.lgd_code if obj.district is not None else None

    @staticmethod
    def resolve_assignee(obj: Alert) -> str | None:
        return str(obj.assignee) if obj.assignee is not None else None

    @staticmethod
    def resolve_dismissal_reason(obj: Alert) -> str | None:
        return obj.dismissal_reason or None

    @staticmethod
    def resolve_created_tip_reference(obj: Alert) -> str | None:
        return obj.created_tip.reference if obj.created_tip is not None else None

    @staticmethod
    def resolve_police_case_reference(obj: Alert) -> str | None:
        return obj.police_case.reference if obj.police_case is not None else None


class AssignIn(Schema):
    assignee: int = Field(..., description="the id of an active user who can see the alert")


class DismissIn(Schema):
    reason: DismissalReason
    note: str = Field("", max_length=MAX_NOTE)


class TipIn(Schema):
    district_code: int | None = Field(None, description="default: the alert's district")


class AttachIn(Schema):
    case_reference: str = Field(..., min_length=1, max_length=12, description="a police case you manage (P-…)")


# --- sources -----------------------------------------------------------------------------------------------------


class SourceOut(Schema):
    id: int
    reference: str
    name: str
    kind: SourceKind
    method: CollectionMethod
    url: str
    district_code: int | None
    status: SourceStatus
    last_error: str
    failures: int
    backoff_until: datetime.datetime | None
    last_run_at: datetime.datetime | None
    last_success_at: datetime.datetime | None
    next_run_at: datetime.datetime | None
    schedule_minutes: int

    @staticmethod
    def resolve_district_code(obj: Source) -> int | None:
        return obj.district.lgd_code if obj.district is not None else None
