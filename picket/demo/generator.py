"""Generated, clearly fictional demo data: organisations and one user per role across several districts.

Nothing here is real. Organisation names carry "(demo)"; user names are invented. Passwords are random,
returned to the caller once and never stored in clear.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction

from picket.accounts.models import Organisation, User
from picket.accounts.roles import JurisdictionKind, OrganisationKind, Role
from picket.demo.monitoring import demo_monitoring_load
from picket.demo.prosecution import demo_prosecution_load
from picket.geo.lgd_files import parse_lgd
from picket.geo.models import District, State
from picket.geo.services import geography_import_file

# (LGD district code, district) — source districts (Bihar, Jharkhand, West Bengal) and a destination (Delhi).
DEMO_DISTRICTS = {
    196: "Gaya",
    208: "Muzaffarpur",
    201: "Katihar",
    339: "Ranchi",
    331: "Gumla",
    315: "Kolkata",
    79: "New Delhi",
}
HOME_DISTRICT = 196
DEMO_ORGANISATION_KINDS = [
    (OrganisationKind.NGO_OFFICE, "Asha Kiran Field Office"),
    (OrganisationKind.POLICE_STATION, "Town Police Station"),
    (OrganisationKind.AHTU, "District AHTU"),
    (OrganisationKind.CWC, "Child Welfare Committee"),
    (OrganisationKind.DCPU, "District Child Protection Unit"),
]


@dataclass(frozen=True)
class DemoCredential:
    username: str
    role: str
    where: str
    password: str


def demo_geography_load() -> bool:
    """Import the bundled LGD excerpt when the database has no geography yet. Returns True if it did."""
    if State.objects.exists():
        return False
    data = resources.files("picket.demo").joinpath("data")
    for name in ("lgd-states.csv", "lgd-districts.csv"):
        geography_import_file(lgd_file=parse_lgd(name, data.joinpath(name).read_bytes()))
    return True


def _password() -> str:
    return secrets.token_urlsafe(12)


GIRLS = ["Pooja", "Puja", "Sunita", "Rinki", "Khushi", "Anjali", "Priya", "Sonam", "Kajal", "Nisha", "पूजा", "सुनीता"]
BOYS = ["Rahul", "Amit", "Sonu", "Ravi", "Suraj", "Vikash", "Deepak", "Manoj", "Raju", "Ajay", "राहुल", "सूरज"]
SURNAMES = ["Kumari", "Kumar", "Manjhi", "Paswan", "Oraon", "Munda", "Yadav", "Sahni", "Das", "Mondal"]
FATHERS = ["Ramesh", "Suresh", "Mahesh", "Dinesh", "Birsa", "Shankar", "Mohan", "Lalu", "Rajendra", "Bhola"]
CHILDREN_PER_DISTRICT = 8


def demo_children_load(*, creator: User, seed: int = 2026) -> int:
    """Generated children (random combinations of common names; demo localities) in every demo district."""
    import random

    from picket.people.services import child_register, consent_record, family_member_add

    actor = _seeding_actor(creator)
    chooser = random.Random(seed)  # noqa: S311 - fictional data, not security
    count = 0
    today = datetime.date.today()
    for code in DEMO_DISTRICTS:
        district = District.objects.get(lgd_code=code)
        organisation = Organisation.objects.filter(districts=district, kind=OrganisationKind.NGO_OFFICE).first()
        for index in range(CHILDREN_PER_DISTRICT):
            girl = chooser.random() < 0.6
            first = chooser.choice(GIRLS if girl else BOYS)
            surname = chooser.choice(SURNAMES)
            home = District.objects.get(lgd_code=chooser.choice([196, 208, 201, 339, 331]))
            child = child_register(
                actor=actor,
                name=f"{first} {surname}" if first.isascii() else first,
                gender="F" if girl else "M",
                district=district,
                organisation=organisation,
                age_estimate_years=chooser.randint(8, 17),
                languages=chooser.choice(["Hindi", "Hindi, Magahi", "Santhali", "Bengali", "Kurukh"]),
                identifying_marks=chooser.choice(["", "mole on the left cheek", "scar on the right knee"]),
                home_district=home,
                home_locality=f"Demo Tola {index + 1}",
            )
            family_member_add(
                actor=actor,
                child=child,
                relation="father",
                name=f"{chooser.choice(FATHERS)} {surname}",
                phone=f"9{chooser.randint(100000000, 999999999)}",
                is_guardian=True,
            )
            consent_record(
                actor=actor,
                child=child,
                purpose="care",
                legal_basis="consent",
                given_by="parent",
                given_on=today - datetime.timedelta(days=chooser.randint(1, 300)),
            )
            _demo_report(actor, child, district, index, chooser, today)
            count += 1
        _demo_tips(actor, district, chooser, today)
    return count + _demo_found_again(actor)


def _seeding_actor(creator: User) -> Any:
    """A national actor for seeding only: the demo case worker's own jurisdiction is one district."""
    from picket.accounts.access import Actor
    from picket.accounts.permissions import ROLE_PERMISSIONS

    return Actor(user=creator, role=Role.CASE_WORKER, permissions=ROLE_PERMISSIONS[Role.CASE_WORKER], district_ids=None)


# The same names as a shelter or railway register in Devanagari would write them (demo tracing candidates).
DEVANAGARI = {
    "Pooja": "पूजा", "Puja": "पूजा", "Sunita": "सुनीता", "Rinki": "रिंकी", "Khushi": "खुशी", "Anjali": "अंजलि",
    "Priya": "प्रिया", "Sonam": "सोनम", "Kajal": "काजल", "Nisha": "निशा", "Rahul": "राहुल", "Amit": "अमित",
    "Sonu": "सोनू", "Ravi": "रवि", "Suraj": "सूरज", "Vikash": "विकास", "Deepak": "दीपक", "Manoj": "मनोज",
    "Raju": "राजू", "Ajay": "अजय", "Ramesh": "रमेश", "Suresh": "सुरेश", "Mahesh": "महेश", "Dinesh": "दिनेश",
    "Birsa": "बिरसा", "Shankar": "शंकर", "Mohan": "मोहन", "Lalu": "लालू", "Rajendra": "राजेंद्र", "Bhola": "भोला",
}  # fmt: skip


def _demo_found_again(actor: Any) -> int:
    """Children reported missing in Gaya found again: one at Gaya station, one in New Delhi, each registered as a
    new child with the first name in Devanagari and the father's first name only, as a shelter would write them.
    The worker's tracing task puts them in the review queue (the Delhi one shows redacted to Gaya's team)."""
    from django.utils import timezone

    from picket.intake.models import MissingReport
    from picket.intake.services import found_child_register
    from picket.people.services import child_register_with_family

    reports = list(MissingReport.objects.filter(district__lgd_code=HOME_DISTRICT).select_related("child")[:2])
    for report, code in zip(reports, (HOME_DISTRICT, 79), strict=False):
        child = report.child
        first = child.name.split()[0]
        father = child.family.filter(relation="father").first()
        found_in = District.objects.get(lgd_code=code)
        found_child = child_register_with_family(
            actor=actor,
            name=DEVANAGARI.get(first, first),
            gender=child.gender,
            district=found_in,
            organisation=Organisation.objects.filter(districts=found_in, kind=OrganisationKind.NGO_OFFICE).first(),
            age_estimate_years=(child.age_estimate_years or 12) + 1,
            home_district=child.home_district if code != HOME_DISTRICT else None,
            father_name=DEVANAGARI.get(father.name.split()[0], "") if father else "",
        )
        found_child_register(
            actor=actor,
            child=found_child,
            found_at=timezone.now() - datetime.timedelta(hours=6),
            district=found_in,
            how="railway",
            found_place="Demo railway station, platform 1",
        )
    return len(reports)


TIP_TEXTS = [
    "Several young girls brought by bus to a house near the market at night; neighbours say a new batch every month.",
    "Boys of about 12 working at a roadside dhaba late at night, they do not go to school and look frightened.",
    "A man is offering parents money in advance to take their daughters for work in a city spa.",
    "Children making bangles in a closed room, windows covered, seen through the door during a delivery.",
]


def _demo_report(actor: Any, child: Any, district: District, index: int, chooser: Any, today: datetime.date) -> None:
    """Every fourth demo child has a missing report, every fourth (offset) a found record."""
    from django.utils import timezone

    from picket.intake.services import found_child_register, missing_report_create

    if index % 4 == 0:
        father = child.family.filter(relation="father").first()
        missing_report_create(
            actor=actor,
            child=child,
            reporter_name=father.name if father else "Demo Reporter",
            reporter_relation="father",
            last_seen_on=today - datetime.timedelta(days=chooser.randint(5, 200)),
            district=district,
            last_seen_place="Demo bus stand",
            circumstances="Went to the weekly market and did not come back (demo).",
        )
    elif index % 4 == 2:
        found_at = timezone.now() - datetime.timedelta(hours=chooser.randint(2, 400))
        produced_at = found_at + datetime.timedelta(hours=chooser.randint(3, 30))
        found_child_register(
            actor=actor,
            child=child,
            found_at=found_at,
            district=district,
            how=chooser.choice(["railway", "rescue", "helpline"]),
            found_place="Demo railway station, platform 2",
            # Most are produced in time; some late, some not yet: the demo shows every state of the CWC clock.
            produced_before_cwc_at=produced_at if produced_at < timezone.now() and chooser.random() < 0.7 else None,
        )


def _demo_tips(actor: Any, district: District, chooser: Any, today: datetime.date) -> None:
    from picket.intake.services import tip_record

    for urgency in ("normal", "high"):
        tip_record(
            actor=actor,
            source=chooser.choice(["childline_1098", "erss_112", "walk_in"]),
            district=district,
            what_seen=chooser.choice(TIP_TEXTS) + " (demo)",
            place="Demo Tola market",
            occurred_on=today - datetime.timedelta(days=chooser.randint(0, 30)),
            children_involved=chooser.randint(1, 6),
            urgency=urgency,
        )


def demo_data_load() -> list[DemoCredential]:
    """Create demo organisations and users, once. Returns the new users' credentials (shown once)."""
    if User.objects.filter(username__startswith="demo-").exists():
        return []
    districts = {d.lgd_code: d for d in District.objects.filter(lgd_code__in=DEMO_DISTRICTS)}
    missing = sorted(set(DEMO_DISTRICTS) - districts.keys())
    if missing:
        raise RuntimeError(f"demo districts missing from the geography: {missing}")
    credentials: list[DemoCredential] = []
    with transaction.atomic():
        organisations: dict[tuple[int, str], Organisation] = {}
        for code, district in districts.items():
            for kind, label in DEMO_ORGANISATION_KINDS:
                organisation = Organisation.objects.create(name=f"{label}, {DEMO_DISTRICTS[code]} (demo)", kind=kind)
                organisation.districts.set([district])
                organisations[(code, kind)] = organisation
        state_office = Organisation.objects.create(
            name="Asha Kiran State Office, Bihar (demo)", kind=OrganisationKind.NGO_OFFICE
        )
        state_office.districts.set(District.objects.filter(state=districts[HOME_DISTRICT].state))
        national_office = Organisation.objects.create(
            name="Asha Kiran Head Office (demo)", kind=OrganisationKind.NGO_OFFICE
        )
        national_office.districts.set(District.objects.all())

        home = districts[HOME_DISTRICT]
        ngo = organisations[(HOME_DISTRICT, OrganisationKind.NGO_OFFICE)]
        police = organisations[(HOME_DISTRICT, OrganisationKind.POLICE_STATION)]
        people = [
            (Role.FIELD_WORKER, "Demo Field Worker", ngo, JurisdictionKind.DISTRICTS),
            (Role.CASE_WORKER, "Demo Case Worker", ngo, JurisdictionKind.DISTRICTS),
            (Role.LEGAL_OFFICER, "Demo Legal Officer", ngo, JurisdictionKind.DISTRICTS),
            (Role.DISTRICT_COORDINATOR, "Demo District Coordinator", ngo, JurisdictionKind.DISTRICTS),
            (Role.STATE_PROGRAMME_MANAGER, "Demo State Manager", state_office, JurisdictionKind.STATE),
            (Role.ANALYST, "Demo Analyst", national_office, JurisdictionKind.NATIONAL),
            (Role.PARTNER_OFFICER, "Demo Partner Officer", police, JurisdictionKind.DISTRICTS),
            (Role.MONITORING_ANALYST, "Demo Monitoring Analyst", national_office, JurisdictionKind.NATIONAL),
            (Role.ADMINISTRATOR, "Demo Administrator", national_office, JurisdictionKind.NATIONAL),
        ]
        for role, full_name, organisation, jurisdiction in people:
            password = _password()
            username = "demo-" + role.value.replace("_", "-")
            user = User(
                username=username,
                full_name=full_name,
                email=f"{username}@example.invalid",
                role=role,
                organisation=organisation,
                jurisdiction_kind=jurisdiction,
                jurisdiction_state=home.state if jurisdiction == JurisdictionKind.STATE else None,
            )
            user.set_password(password)
            user.save()
            if jurisdiction == JurisdictionKind.DISTRICTS:
                user.jurisdiction_districts.set([home])
            where = {
                JurisdictionKind.DISTRICTS: home.name,
                JurisdictionKind.STATE: home.state.name,
                JurisdictionKind.NATIONAL: "national",
            }[jurisdiction]
            credentials.append(DemoCredential(username, str(role.label), where, password))
        case_worker = User.objects.get(username="demo-case-worker")
        demo_children_load(creator=case_worker)
        demo_prosecution_load(children_actor=_seeding_actor(case_worker))
        demo_monitoring_load()
    return credentials
