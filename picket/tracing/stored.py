"""Stored missing reports and found children as tracing records (``records.Record``), decrypted in memory only.

The record id is ``"<kind>:<pk>"`` (``missing:12``, ``found:7``), never a name or a reference a person could
read out of a log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from picket.intake.models import FoundChild, MissingReport
from picket.people.models import Child, ChildName, FamilyMember, Relation
from picket.tracing.records import Record


def record_id(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def parse_record_id(value: str) -> tuple[str, int]:
    kind, _, pk = value.partition(":")
    return kind, int(pk)


def _age_on(child: Child, day: datetime.date) -> int | None:
    """The child's age in whole years on ``day``: from the date of birth, else the estimate moved on in time."""
    if child.date_of_birth:
        try:
            born = datetime.date.fromisoformat(child.date_of_birth)
        except ValueError:
            born = None
        if born is not None and born <= day:
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if child.age_estimate_years is None:
        return None
    on = child.age_estimated_on or child.created_at.date()
    return max(0, child.age_estimate_years + round((day - on).days / 365.25))


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
        FoundChild.objects.select_related("child", "district__state", "child__home_district__state")
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
            home_state=home.state.name if home else "",
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
