"""Finding children by name across scripts and spellings, through keyed hashes of name keys.

``people.names.name_keys`` turns a name (Devanagari, Latin, Bengali, …; any spelling) into search keys; each key
is stored only as an HMAC (``privacy.crypto.blind_index``), so the index holds no name. A search computes the
same keys for what was typed and ranks children by how many keys they share.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from picket.people.models import Child, NameKey, NameKeySource
from picket.people.names import name_keys, query_keys
from picket.privacy.crypto import blind_index

KEY_PURPOSE = "people.name-key"


def hashed_keys(names: Iterable[str], *, for_query: bool = False) -> set[str]:
    keys: set[str] = set()
    derive = query_keys if for_query else name_keys
    for name in names:
        keys |= {blind_index(key, purpose=KEY_PURPOSE) for key in derive(name)}
    keys.discard("")
    return keys


def name_keys_rebuild(child: Child) -> None:
    """Recompute a child's stored keys from the current names (own names and relatives' names)."""
    own = hashed_keys([child.name, *(n.name for n in child.other_names.all())])
    relatives = hashed_keys(member.name for member in child.family.all())
    rows = [NameKey(child=child, source=NameKeySource.CHILD, key=key) for key in own]
    rows += [NameKey(child=child, source=NameKeySource.RELATIVE, key=key) for key in relatives]
    with transaction.atomic():
        NameKey.objects.filter(child=child).delete()
        NameKey.objects.bulk_create(rows, batch_size=500)


def children_ranked_by_name(*, children: QuerySet[Child], name: str, relation_names: bool = False) -> QuerySet[Child]:
    """``children`` whose names (or relatives' names) share keys with ``name``, most shared keys first."""
    keys = hashed_keys([name], for_query=True)
    if not keys:
        return children.none()
    source = NameKeySource.RELATIVE if relation_names else NameKeySource.CHILD
    matching = Q(name_keys__key__in=keys, name_keys__source=source)
    return (
        children.filter(pk__in=NameKey.objects.filter(key__in=keys, source=source).values("child_id"))
        .annotate(hits=Count("name_keys", filter=matching))
        .order_by("-hits", "-created_at")
    )


def children_matching_name(
    *, children: QuerySet[Child], name: str, relation_names: bool = False, limit: int = 200
) -> list[Child]:
    """Like ``children_ranked_by_name``, as a list of at most ``limit`` children."""
    return list(children_ranked_by_name(children=children, name=name, relation_names=relation_names)[:limit])
