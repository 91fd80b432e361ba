"""Repeat offenders: the same accused person recorded in several cases, found by name, father's name (across
scripts and spellings, through the people app's name keys, stored only as keyed hashes) and by phone number.

Names and fathers' names are keyed under different purposes, so a father's key never matches a name's key in the
one ``AccusedNameKey`` table. Rules: names sharing ``MIN_SHARED_KEYS`` keys suggest the same person; when both
records give a father's name, the fathers' names must share as many keys too, else the two are told apart (two
"Ramesh Kumar"s with different fathers are different men); the same phone is always suggested.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, QuerySet

from picket.accounts.access import Actor
from picket.people.models import AccusedPerson
from picket.people.names import name_keys, query_keys
from picket.privacy.crypto import blind_index
from picket.prosecution import selectors
from picket.prosecution.models import AccusedNameKey, CaseAccused

KEY_PURPOSE = "prosecution.accused_name_key"
FATHER_KEY_PURPOSE = "prosecution.accused_father_key"
MIN_SHARED_KEYS = 2  # one shared key ("kumar") is not enough to suggest the same person


def hashed_keys(names: Iterable[str], *, for_query: bool = False, purpose: str = KEY_PURPOSE) -> set[str]:
    derive = query_keys if for_query else name_keys
    keys = {blind_index(key, purpose=purpose) for name in names if name.strip() for key in derive(name)}
    keys.discard("")
    return keys


def _names(person: AccusedPerson) -> list[str]:
    aliases = [part.strip() for part in person.aliases.replace(";", ",").split(",") if part.strip()]
    return [person.name, *aliases]


def _father_keys(person: AccusedPerson, *, for_query: bool = False) -> set[str]:
    return hashed_keys([person.father_name], for_query=for_query, purpose=FATHER_KEY_PURPOSE)


def accused_keys_rebuild(person: AccusedPerson) -> None:
    keys = hashed_keys(_names(person)) | _father_keys(person)
    rows = [AccusedNameKey(accused=person, key=key) for key in keys]
    with transaction.atomic():
        AccusedNameKey.objects.filter(accused=person).delete()
        AccusedNameKey.objects.bulk_create(rows, batch_size=500)


@dataclass(frozen=True)
class Candidate:
    person: AccusedPerson
    shared_name_keys: int
    same_phone: bool
    case_references: list[str]
    same_father: bool = False

    @property
    def reasons(self) -> list[str]:
        hits = (("phone", self.same_phone), ("name", self.shared_name_keys > 0), ("father_name", self.same_father))
        return [reason for reason, hit in hits if hit]


def repeat_offender_candidates(*, actor: Actor, person: AccusedPerson, limit: int = 20) -> list[Candidate]:
    """Other accused persons in the actor's scope who may be ``person``: same phone, or names sharing keys (and,
    when both give one, fathers' names sharing keys)."""
    visible = selectors.accused_list(actor=actor).exclude(pk=person.pk)
    shared = _shared_keys(hashed_keys(_names(person), for_query=True), visible)
    father_keys = _father_keys(person, for_query=True)
    same_father = set(_shared_keys(father_keys, visible.filter(pk__in=list(shared)))) if father_keys else set()
    phone_ids = set(
        visible.filter(phone_index=person.phone_index).values_list("pk", flat=True) if person.phone_index else []
    )
    ids = set(shared) | phone_ids
    case_references: dict[int, list[str]] = {}
    for accused_id, reference in CaseAccused.objects.filter(accused_id__in=ids).values_list(
        "accused_id", "police_case__reference"
    ):
        case_references.setdefault(accused_id, []).append(reference)
    candidates = []
    for other in visible.filter(pk__in=ids):
        fathers_differ = bool(father_keys) and bool(other.father_name.strip()) and other.pk not in same_father
        if fathers_differ and other.pk not in phone_ids:
            continue  # the same name, another father: another person
        candidates.append(Candidate(
            person=other, shared_name_keys=shared.get(other.pk, 0),
            same_phone=other.pk in phone_ids, same_father=other.pk in same_father,
            case_references=sorted(case_references.get(other.pk, [])),
        ))  # fmt: skip
    candidates.sort(key=lambda c: (not c.same_phone, not c.same_father, -c.shared_name_keys, -c.person.pk))
    return candidates[:limit]


def _shared_keys(keys: set[str], among: QuerySet[AccusedPerson]) -> dict[int, int]:
    """Accused persons (of ``among``) holding at least ``MIN_SHARED_KEYS`` of ``keys``, with how many."""
    if not keys:
        return {}
    return dict(
        AccusedNameKey.objects.filter(key__in=keys, accused__in=among.values("pk"))
        .values("accused_id").annotate(hits=Count("*")).filter(hits__gte=MIN_SHARED_KEYS)
        .values_list("accused_id", "hits")
    )  # fmt: skip
