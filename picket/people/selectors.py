"""Reads of children, always scoped: the case team of the responsible district, or partners it was shared with."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from picket.accounts.access import Actor, scope_by_district
from picket.accounts.permissions import Permission
from picket.people.models import Child, ChildShare, ConsentPurpose, ConsentRecord

NAME_INDEX_PURPOSE = "people.name"
PHONE_INDEX_PURPOSE = "people.phone"


def child_list(*, actor: Actor) -> QuerySet[Child]:
    """Children whose identity the actor may see."""
    if actor.can(Permission.IDENTITY_VIEW):
        return scope_by_district(actor, Child.objects.all(), path="district", permission=Permission.IDENTITY_VIEW)
    if actor.can(Permission.SHARED_RECORD_VIEW) and actor.user is not None and actor.user.organisation_id:
        shared = ChildShare.objects.filter(organisation_id=actor.user.organisation_id, revoked_at__isnull=True)
        return Child.objects.filter(pk__in=shared.values("child_id"))
    return Child.objects.none()


def child_manageable(*, actor: Actor) -> QuerySet[Child]:
    return scope_by_district(actor, Child.objects.all(), path="district", permission=Permission.CHILD_MANAGE)


REFERENCE = re.compile(r"^[CMFT]-[0-9A-Z]{8}$", re.IGNORECASE)


def child_search(*, actor: Actor, query: str, district_id: int | None = None) -> QuerySet[Child]:
    """Search by reference, or by name in any script and spelling (aliases and nicknames included), best first."""
    from picket.people.search import children_ranked_by_name

    children = child_list(actor=actor)
    if district_id:
        children = children.filter(district_id=district_id)
    query = query.strip()
    if query and REFERENCE.match(query):
        children = children.filter(reference__iexact=query)
    elif query:
        children = children_ranked_by_name(children=children, name=query)
    return children.select_related("district", "home_district")


def consent_active(*, child: Child, purpose: ConsentPurpose) -> ConsentRecord | None:
    """The consent or legal basis currently allowing ``purpose`` for ``child``, if any."""
    return (
        ConsentRecord.objects.filter(child=child, purpose=purpose, withdrawn_on__isnull=True)
        .order_by("-given_on")
        .first()
    )


def child_possible_duplicates(
    *, actor: Actor, name: str, district_id: int, father_name: str = "", limit: int = 5
) -> list[Child]:
    """Children in the actor's scope who may be the one being registered: same name in the same district,
    the father's name counting when given. Names match across scripts and spellings through their search keys.
    """
    from picket.people.search import children_matching_name

    candidates = children_matching_name(children=child_list(actor=actor).filter(district_id=district_id), name=name)
    if father_name.strip():
        fathers = children_matching_name(children=Child.objects.filter(pk__in=[c.pk for c in candidates]),
                                         name=father_name, relation_names=True)  # fmt: skip
        father_ids = {c.pk for c in fathers}
        candidates = sorted(candidates, key=lambda c: c.pk not in father_ids)
    return list(candidates)[:limit]
