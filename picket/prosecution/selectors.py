"""Reads of prosecution records, scoped by the district each belongs to (``accounts/access.py``)."""

from __future__ import annotations

from django.db.models import QuerySet

from picket.accounts.access import Actor, scope_by_district
from picket.accounts.permissions import Permission
from picket.people.models import AccusedPerson
from picket.prosecution.models import CourtCase, Deadline, PoliceCase, RescueOperation

VIEW, MANAGE = Permission.PROSECUTION_VIEW, Permission.PROSECUTION_MANAGE


def police_case_list(*, actor: Actor) -> QuerySet[PoliceCase]:
    cases = scope_by_district(actor, PoliceCase.objects.all(), path="district", permission=VIEW)
    return cases.select_related("district", "police_station")


def police_case_manageable(*, actor: Actor) -> QuerySet[PoliceCase]:
    return scope_by_district(actor, PoliceCase.objects.all(), path="district", permission=MANAGE)


def court_case_list(*, actor: Actor) -> QuerySet[CourtCase]:
    return scope_by_district(actor, CourtCase.objects.all(), path="district", permission=VIEW).select_related(
        "police_case", "district"
    )


def court_case_manageable(*, actor: Actor) -> QuerySet[CourtCase]:
    return scope_by_district(actor, CourtCase.objects.all(), path="district", permission=MANAGE)


def rescue_list(*, actor: Actor) -> QuerySet[RescueOperation]:
    return scope_by_district(actor, RescueOperation.objects.all(), path="district", permission=VIEW)


def rescue_manageable(*, actor: Actor) -> QuerySet[RescueOperation]:
    return scope_by_district(actor, RescueOperation.objects.all(), path="district", permission=MANAGE)


def accused_list(*, actor: Actor) -> QuerySet[AccusedPerson]:
    return scope_by_district(actor, AccusedPerson.objects.all(), path="district", permission=VIEW)


def deadline_list(*, actor: Actor) -> QuerySet[Deadline]:
    deadlines = scope_by_district(actor, Deadline.objects.filter(is_current=True), path="district", permission=VIEW)
    return deadlines.select_related("police_case", "court_case", "rescue_operation")


def deadline_manageable(*, actor: Actor) -> QuerySet[Deadline]:
    return scope_by_district(actor, Deadline.objects.all(), path="district", permission=MANAGE)
