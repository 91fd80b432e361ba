"""Prosecution records for tests, written through the real services. Names and numbers are generated."""

from __future__ import annotations

import datetime
from typing import Any

from picket.accounts.access import Actor, actor_for
from picket.accounts.models import Organisation, User
from picket.accounts.roles import OrganisationKind, Role
from picket.prosecution import services, services_court
from picket.prosecution.models import CaseAccused, CourtCase, PoliceCase
from picket.testing.factories import OrganisationFactory
from picket.testing.rolematrix import World

FIR_NUMBER = "FIR 0417/2025"


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def legal_officer(world: World, *, inside: bool = True) -> User:
    return world.user(Role.LEGAL_OFFICER, inside=inside)


def police_station(world: World) -> Organisation:
    return OrganisationFactory.create(name="PS District A", kind=OrganisationKind.POLICE_STATION,
                                      districts=[world.district_a])  # fmt: skip


def police_case(
    world: World, officer: User, *, sections: tuple[str, ...] = ("BNS 137(2)",), fir_on: str = "2025-01-05",
    **fields: Any,
) -> PoliceCase:  # fmt: skip
    return services.police_case_register(
        actor=actor_for(officer), fir_number=fields.pop("fir_number", FIR_NUMBER), fir_registered_on=day(fir_on),
        police_station=fields.pop("police_station", None) or police_station(world), district=world.district_a,
        sections=list(sections), **fields,
    )  # fmt: skip


def accused_in(
    case: PoliceCase, officer: User, *, arrested: str | None = "2025-01-09", remanded: str | None = "2025-01-10",
    name: str = "Kalu Ram Yadav",
) -> CaseAccused:  # fmt: skip
    actor = actor_for(officer)
    person = services.accused_person_register(actor=actor, name=name, district=case.district)
    return services.case_accused_add(
        actor=actor, police_case=case, accused=person, arrested_on=day(arrested) if arrested else None,
        first_remand_on=day(remanded) if remanded else None,
        custody_status="judicial_custody" if arrested else "not_arrested",
    )  # fmt: skip


def court_case(
    case: PoliceCase, officer: User, *, kind: str = "special_pocso", cognizance: str | None = "2025-03-01"
) -> CourtCase:
    return services_court.court_case_register(
        actor=actor_for(officer), police_case=case, court_kind=kind, court_name="Special Court (POCSO), District A",
        case_number="SC 12/2025", cnr_number="ABCD010012342025", cognizance_on=day(cognizance) if cognizance else None,
    )  # fmt: skip


def actor(user: User) -> Actor:
    return actor_for(user)
