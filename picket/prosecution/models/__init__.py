"""Prosecution: the offences catalogue, rescue operations, police and court cases, and their statutory clocks."""

from picket.prosecution.models.catalogue import (
    Act,
    ActKind,
    ChargesheetPeriod,
    LifeImprisonment,
    Offence,
    OffenceRevision,
    RevisionKind,
    YesNoUnknown,
)
from picket.prosecution.models.clocks import CalendarFeed, Deadline, DeadlineEscalation, DeadlineStatus, EscalationLevel
from picket.prosecution.models.court import (
    CNR_PATTERN,
    Appeal,
    AppealBy,
    CompensationKind,
    CompensationOrder,
    CourtCase,
    CourtKind,
    Hearing,
    HearingPurpose,
    Judgment,
    Verdict,
    Witness,
    WitnessKind,
)
from picket.prosecution.models.police import (
    AccusedNameKey,
    BailHearing,
    BailOpposedBy,
    BailOutcome,
    CaseAccused,
    CaseDocument,
    CaseSection,
    Chargesheet,
    ChargesheetKind,
    ClosureKind,
    CustodyStatus,
    DocumentKind,
    PoliceCase,
    RescueOperation,
)

__all__ = [
    "CNR_PATTERN", "AccusedNameKey", "Act", "ActKind", "Appeal", "AppealBy", "BailHearing", "BailOpposedBy",
    "BailOutcome", "CalendarFeed", "CaseAccused", "CaseDocument", "CaseSection", "Chargesheet", "ChargesheetKind",
    "ChargesheetPeriod", "ClosureKind", "CompensationKind", "CompensationOrder", "CourtCase", "CourtKind",
    "CustodyStatus", "Deadline", "DeadlineEscalation", "DeadlineStatus", "DocumentKind", "EscalationLevel", "Hearing",
    "HearingPurpose", "Judgment", "LifeImprisonment", "Offence", "OffenceRevision", "PoliceCase", "RescueOperation",
    "RevisionKind", "Verdict", "Witness", "WitnessKind", "YesNoUnknown",
]  # fmt: skip
