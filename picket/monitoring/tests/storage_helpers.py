"""Fixtures for the monitoring storage tests: a source in district A, ads ingested through the real services.

Every phone number has the fictional test form ``90000NNNNN`` (ADR 15); names and texts are invented.
"""

from __future__ import annotations

from picket.accounts.access import Actor, actor_for
from picket.accounts.roles import Role
from picket.monitoring.models import CollectionMethod, Source, SourceKind
from picket.monitoring.services_ingest import AdItem, IngestResult, ad_ingest, capture_store
from picket.testing.rolematrix import World

MONITORING_VIEWERS = {
    Role.LEGAL_OFFICER,
    Role.DISTRICT_COORDINATOR,
    Role.STATE_PROGRAMME_MANAGER,
    Role.MONITORING_ANALYST,
}
MONITORING_MANAGERS = {Role.MONITORING_ANALYST}

RISKY = "Girls 14-16 yrs wanted for house work in the city, salary sent to parents, no documents. Call 9000012345"
GENUINE = "Accountant wanted, B.Com, 3 years experience, salary to bank account, PF and ESI. Mail hr at firm dot in"


def analyst(world: World, *, inside: bool = True) -> Actor:
    return actor_for(world.user(Role.MONITORING_ANALYST, inside=inside))


def local_source(world: World, *, inside: bool = True) -> Source:
    creator = world.user(Role.MONITORING_ANALYST, inside=inside)
    return Source.objects.create(
        name="Local listing", kind=SourceKind.LOCAL_LISTING, method=CollectionMethod.MANUAL,
        district=world.district_a if inside else world.district_b, created_by=creator,
    )  # fmt: skip


def ingest(actor: Actor | None, source: Source, text: str, *, url: str = "", external_id: str = "") -> IngestResult:
    capture = capture_store(actor=actor, source=source, method=CollectionMethod.MANUAL, data=text.encode(), url=url)
    return ad_ingest(actor=actor, capture=capture, item=AdItem(text=text, url=url, external_id=external_id))
