"""Monitoring's stored records: sources and captures, ads and their identifiers, operator networks,
establishments, watchlists, alerts and the chain of custody. See docs/adr/0017-monitoring-storage-and-collection.md.

Text that can name or reach a person (an ad's text and URL, phones, handles, names, addresses, notes) is
encrypted; exact lookups go through blind indexes (``*_index``). Scoping columns (``district``) are plain.
"""

from picket.monitoring.models.ads import Ad, AdIdentifier, AdSighting, IdentifierKind, Network
from picket.monitoring.models.establishments import (
    Establishment,
    EstablishmentIdentifier,
    EstablishmentKind,
    EstablishmentLink,
    Inspection,
    InspectionOutcome,
    LinkedBy,
    RegistrationStatus,
)
from picket.monitoring.models.images import AdImage
from picket.monitoring.models.indicators import (
    IndicatorKind,
    IndicatorRescore,
    IndicatorRevision,
    IndicatorRevisionKind,
    IndicatorRule,
    IndicatorSetVersion,
    RescoreStatus,
)
from picket.monitoring.models.sources import (
    Capture,
    CollectionMethod,
    CustodyEvent,
    CustodyKind,
    Source,
    SourceKind,
    SourceStatus,
)
from picket.monitoring.models.watch import (
    Alert,
    AlertKind,
    AlertStatus,
    DismissalReason,
    WatchlistEntry,
    WatchlistOrigin,
)

__all__ = [
    "Ad",
    "AdIdentifier",
    "AdImage",
    "AdSighting",
    "Alert",
    "AlertKind",
    "AlertStatus",
    "Capture",
    "CollectionMethod",
    "CustodyEvent",
    "CustodyKind",
    "DismissalReason",
    "Establishment",
    "EstablishmentIdentifier",
    "EstablishmentKind",
    "EstablishmentLink",
    "IdentifierKind",
    "IndicatorKind",
    "IndicatorRescore",
    "IndicatorRevision",
    "IndicatorRevisionKind",
    "IndicatorRule",
    "IndicatorSetVersion",
    "Inspection",
    "InspectionOutcome",
    "LinkedBy",
    "Network",
    "RegistrationStatus",
    "RescoreStatus",
    "Source",
    "SourceKind",
    "SourceStatus",
    "WatchlistEntry",
    "WatchlistOrigin",
]
