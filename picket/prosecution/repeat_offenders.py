"""Repeat offenders: the same accused person recorded in several cases, found by name (across scripts and
spellings, through the people app's name keys, stored only as keyed hashes) and by phone number.

The accused register has no father's name yet (``people.AccusedPerson``); when it gains one, add its keys here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from picket.accounts.access import Actor
from picket.people.models import AccusedPerson
from picket.people.names import name_keys, query_keys
from picket.privacy.crypto import blind_index
from picket.prosecution import selectors
from picket.prosecution.models import AccusedNameKey, CaseAccused

KEY_PURPOSE = "prosecution.accused_name_key"
MIN_SHARED_KEYS = 2  # one shared key ("kumar") is not enough to suggest the same person


def hashed_keys(names: Iterable[str], *, for_query: bool = False) -> set[str]:
    derive = query_keys if for_query else name_keys
    keys = {blind_index(key, purpose=KEY_PURPOSE) for name in names if name.strip() for key in derive(name)}
    keys.discard("")
    return keys


def _names(person: AccusedPerson) -> list[str]:
    aliases = [part.strip() for part in person.aliases.replace(";", ",").split(",") if part.strip()]
    return [person.name, *aliases]


def accused_keys_rebuild(person: AccusedPerson) -> None:
    rows = [AccusedNameKey(accused=person, key=key) for key in hashed_keys(_names(person))]
    with transaction.atomic():
        AccusedNameKey.objects.filter(accused=person).delete()
        AccusedNameKey.objects.bulk_create(rows, batch_size=500)


@dataclass(frozen=True)
class Candidate:
    person: AccusedPerson
    shared_name_keys: int
    same_phone: bool
    case_references: list[str]

    @property
    def reasons(self) -> list[str]:
        return [r for r, hit in (("phone", self.same_phone), ("name", self.shared_name_keys > 0)) if hit]


def repeat_offender_candidates(*, actor: Actor, person: AccusedPerson, limit: int = 20) -> list[Candidate]:
    """Other accused persons in the actor's scope who may be ``person``: same phone, or names sharing keys."""
    visible = selectors.accused_list(actor=actor).exclude(pk=person.pk)
    keys = hashed_keys(_names(person), for_query=True)
    shared = dict(
        AccusedNameKey.objects.filter(key__in=keys, accused__in=visible.values("pk"))
        .values("accused_id").annotate(hits=Count("*")).filter(hits__gte=MIN_SHARED_KEYS)
        .values_list("accused_id", "hits")
    )  # fmt: skip
    phone_ids = set(
        visible.filter(phone_index=person.phone_index).values_list("pk", flat=True) if person.phone_index else []
    )
    ids = set(shared) | phone_ids
    case_references: dict[int, list[str]] = {}
    for accused_id, reference in CaseAccused.objects.filter(accused_id__in=ids).values_list(
        "accused_id", "police_case__reference"
    ):
        case_references.setdefault(accused_id, []).append(reference)
    candidates = [
        Candidate(
            person=other,
            shared_name_keys=shared.get(other.pk, 0),
            same_phone=other.pk in phone_ids,
            case_references=sorted(case_references.get(other.pk, [])),
        )
        for other in visible.filter(pk__in=ids)
    ]
    candidates.sort(key=lambda c: (not c.same_phone, -c.shared_name_keys, -c.person.pk))
    return candidates[:limit]
