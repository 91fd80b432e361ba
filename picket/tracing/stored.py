"""Stored missing reports and found children as tracing records (``records.Record``), decrypted in memory only.

The record id is ``"<kind>:<pk>"`` (``missing:12``, ``found:7``), never a name or a reference a person could
read out of a log.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from picket.geo.models import District
from picket.intake.models import CaseStatus, FoundChild, MissingReport
from picket.people.models import Child, ChildName, FamilyMember, Relation
from picket.tracing.records import Record


def record_id(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def parse_record_id(value: str) -> tuple[str, int]:
    kind, _, pk = value.partition(":")
    return kind, int(pk)


def _age_on(child: Child, day: datetime.date) -> int | None:
    """The child's age in whole years on ``day``: from the date of birth, else the estimate moved on in time."""
    return _age(child.date_of_birth, child.age_estimate_years, child.age_estimated_on, child.created_at, day)


def _age(
    date_of_birth: str,
    estimate: int | None,
    estimated_on: datetime.date | None,
    created_at: datetime.datetime,
    day: datetime.date,
) -> int | None:
    if date_of_birth:
        try:
            born = datetime.date.fromisoformat(date_of_birth)
        except ValueError:
            born = None
        if born is not None and born <= day:
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if estimate is None:
        return None
    on = estimated_on or created_at.date()
    return max(0, estimate + round((day - on).days / 365.25))


def _parents(child: Child) -> tuple[str, str, list[str]]:
    father = mother = ""
    phones: list[str] = []
    for member in child.family.all():
        if member.relation == Relation.FATHER and not father:
            father = member.name
        elif member.relation == Relation.MOTHER and not mother:
            mother = member.name
        if member.phone:
            phones.append(member.phone)
    return father, mother, phones


#: Encrypted columns the engine never reads: left in the database (each loaded value costs a decryption).
UNUSED_CHILD_FIELDS = ("child__home_locality", "child__home_address")
UNUSED_REPORT_FIELDS = ("reporter_name", "police_report_number", "circumstances")


def child_prefetch(path: str) -> list[Any]:  # django-stubs types Prefetch's lookup oddly
    return [
        Prefetch(
            f"{path}family", queryset=FamilyMember.objects.only("child_id", "relation", "name", "phone").order_by("pk")
        ),
        Prefetch(f"{path}other_names", queryset=ChildName.objects.only("child_id", "name").order_by("pk")),
    ]


def missing_queryset() -> QuerySet[MissingReport]:
    return (
        MissingReport.objects.select_related("child", "district__state", "child__home_district__state")
        .defer(*UNUSED_REPORT_FIELDS, *UNUSED_CHILD_FIELDS)
        .prefetch_related(*child_prefetch("child__"))
    )


def found_queryset() -> QuerySet[FoundChild]:
    return (
        FoundChild.objects.select_related(
            "child", "district__state", "child__home_district__state", "child__home_state"
        )
        .defer(*UNUSED_CHILD_FIELDS)
        .prefetch_related(*child_prefetch("child__"))
    )


def _names(child: Child) -> list[str]:
    """The child's name first, then other names (aliases, nicknames, names in another script)."""
    names = [child.name]
    names += [n.name for n in child.other_names.all() if n.name and n.name != child.name]
    return names


def missing_records(report: MissingReport) -> list[Record]:
    """One record per name the child is known by (the engine compares one name; the best one counts)."""
    child = report.child
    father, mother, phones = _parents(child)
    if report.reporter_phone:
        phones.insert(0, report.reporter_phone)
    return [
        Record(
            record_id=record_id("missing", report.pk),
            name=name,
            father_name=father,
            mother_name=mother,
            gender=child.gender,
            age=_age_on(child, report.last_seen_on),
            date=report.last_seen_on,
            state=report.district.state.name,
            district=report.district.name,
            place=report.last_seen_place,
            language=child.languages,
            marks=child.identifying_marks,
            phone=";".join(dict.fromkeys(phones)),
        )
        for name in _names(child)
    ]


def found_records(found: FoundChild) -> list[Record]:
    child = found.child
    father, mother, phones = _parents(child)
    day = timezone.localtime(found.found_at).date()
    home = child.home_district
    return [
        Record(
            record_id=record_id("found", found.pk),
            name=name,
            father_name=father,
            mother_name=mother,
            gender=child.gender,
            age=_age_on(child, day),
            date=day,
            state=found.district.state.name,
            district=found.district.name,
            place=found.found_place,
            language=child.languages,
            marks=child.identifying_marks,
            phone=";".join(dict.fromkeys(phones)),
            # A child who can name only its state is looked for among that state's reports (ADR 13).
            home_state=home.state.name if home else (child.home_state.name if child.home_state else ""),
            home_district=home.name if home else "",
        )
        for name in _names(child)
    ]


def names_of(records: Sequence[Record]) -> tuple[list[str], list[str], list[str]]:
    """Child's names, parents' names and phones of one record's variants (for looking up candidates)."""
    names = [r.name for r in records if r.name]
    parents = list(dict.fromkeys(n for r in records for n in (r.father_name, r.mother_name) if n))
    phones = list(dict.fromkeys(p for r in records for p in r.phone.split(";") if p))
    return names, parents, phones


def flatten(groups: Iterable[list[Record]]) -> list[Record]:
    return [record for group in groups for record in group]


# --- bulk loading: plain rows, no model instances (a lookup loads ~250 reports) -------------------------------------

PLACES_TTL_SECONDS = 300.0
_places: tuple[float, dict[int, tuple[str, str]]] | None = None


def forget_places() -> None:
    global _places
    _places = None


def _district_names() -> dict[int, tuple[str, str]]:
    """``{district id: (name, state name)}`` of every district, reused for minutes (the geography rarely moves)."""
    global _places
    now = time.monotonic()
    if _places is None or now - _places[0] > PLACES_TTL_SECONDS:
        rows = District.objects.values_list("pk", "name", "state__name")
        _places = (now, {pk: (name, state) for pk, name, state in rows})
    return _places[1]


def _place(district_id: int | None) -> tuple[str, str]:
    if district_id is None:
        return "", ""
    names = _district_names()
    if district_id not in names:
        global _places
        _places = None
        names = _district_names()
    return names.get(district_id, ("", ""))


def _age_from(row: Any, day: datetime.date) -> int | None:
    """``_age_on`` for a plain row of the child's columns (no model instance: building one cost ~0.2 ms)."""
    return _age(row["date_of_birth"], row["age_estimate_years"], row["age_estimated_on"], row["created_at"], day)


def open_missing_records(child_ids: Iterable[int]) -> list[list[Record]]:
    """``missing_records`` of the open reports of ``child_ids``, in four queries, decrypting only what the engine
    compares (no model instances: building ~1,500 of them for a lookup cost more than the queries)."""
    ids = list(set(child_ids))
    if not ids:
        return []
    return _missing_groups(MissingReport.objects.filter(status=CaseStatus.OPEN, child_id__in=ids))


def open_missing_records_by_id(report_ids: Iterable[int]) -> list[list[Record]]:
    """``open_missing_records`` of the open reports ``report_ids`` (closed or unknown ones are left out)."""
    ids = list(set(report_ids))
    if not ids:
        return []
    return _missing_groups(MissingReport.objects.filter(status=CaseStatus.OPEN, pk__in=ids))


def _missing_groups(selected: QuerySet[MissingReport]) -> list[list[Record]]:
    reports = list(
        selected.order_by("pk").values_list(
            "pk", "child_id", "reporter_phone", "last_seen_on", "last_seen_place", "district_id"
        )
    )
    children = {
        row["pk"]: row
        for row in Child.objects.filter(pk__in={r[1] for r in reports}).values(
            "pk",
            "name",
            "gender",
            "date_of_birth",
            "age_estimate_years",
            "age_estimated_on",
            "created_at",
            "languages",
            "identifying_marks",
        )
    }
    family: dict[int, list[tuple[str, str, str]]] = {}
    for child_id, relation, name, phone in (
        FamilyMember.objects.filter(child_id__in=children)
        .order_by("pk")
        .values_list("child_id", "relation", "name", "phone")
    ):
        family.setdefault(child_id, []).append((relation, name, phone))
    other_names: dict[int, list[str]] = {}
    for child_id, name in (
        ChildName.objects.filter(child_id__in=children).order_by("pk").values_list("child_id", "name")
    ):
        other_names.setdefault(child_id, []).append(name)
    out = []
    for pk, child_id, reporter_phone, last_seen_on, last_seen_place, district_id in reports:
        child = children[child_id]
        father = mother = ""
        phones: list[str] = []
        for relation, name, phone in family.get(child_id, []):
            if relation == Relation.FATHER and not father:
                father = name
            elif relation == Relation.MOTHER and not mother:
                mother = name
            if phone:
                phones.append(phone)
        if reporter_phone:
            phones.insert(0, reporter_phone)
        names = [child["name"]] + [n for n in other_names.get(child_id, []) if n and n != child["name"]]
        district, state = _place(district_id)
        age = _age_from(child, last_seen_on)
        out.append(
            [
                Record(
                    record_id=record_id("missing", pk),
                    name=name,
                    father_name=father,
                    mother_name=mother,
                    gender=child["gender"],
                    age=age,
                    date=last_seen_on,
                    state=state,
                    district=district,
                    place=last_seen_place,
                    language=child["languages"],
                    marks=child["identifying_marks"],
                    phone=";".join(dict.fromkeys(phones)),
                )
                for name in names
            ]
        )
    return out
