"""Finding children by name across scripts and spellings, through keyed hashes of name keys.

``people.names.name_keys`` turns a name (Devanagari, Latin, Bengali, …; any spelling) into search keys; each key
is stored only as an HMAC (``privacy.crypto.blind_index``), so the index holds no name. A search computes the
same keys for what was typed and ranks children by how many keys they share.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery

from picket.people.models import Child, NameKey, NameKeySource
from picket.people.names import name_keys, query_keys
from picket.privacy.crypto import blind_index

KEY_PURPOSE = "people.name-key"

#: A name search ranks at most this many children: the best-matching ones. A common name shares a key with tens
#: of thousands of children on a national register, and ranking them all costs seconds (docs/benchmarks.md,
#: "Searching children by name"); past the first pages, a search needs more words, not more pages.
RANKED_CANDIDATES_MAX = 1000


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
    """``children`` whose names (or relatives' names) share keys with ``name``, most shared keys first, then the
    most recently registered: the best ``RANKED_CANDIDATES_MAX`` of them.

    Runs one query straight away, choosing the best candidates from the name keys alone (counting keys per
    child in the index on key, source and child, rather than joining every candidate child to all its keys);
    the queryset returned holds just those, so that the pager's count and each page stay small. Ties at the cut
    go to the highest id, which is the most recently registered (ids and ``created_at`` rise together).
    """
    keys = hashed_keys([name], for_query=True)
    if not keys:
        return children.none()
    source = NameKeySource.RELATIVE if relation_names else NameKeySource.CHILD
    matching = NameKey.objects.filter(key__in=keys, source=source)
    # Within the caller's scope before the cut (a national actor's scope is every child: no filter to apply).
    in_scope = matching.filter(child__in=children.values("pk")) if children.query.has_filters() else matching
    best = list(
        in_scope.values("child_id")
        .annotate(hits=Count("*"))  # not Count("pk"): the id is not in the index, key, source and child are
        .order_by("-hits", "-child_id")
        .values_list("child_id", flat=True)[:RANKED_CANDIDATES_MAX]
    )
    hits = matching.filter(child=OuterRef("pk")).order_by().values("child").annotate(hits=Count("*")).values("hits")
    return children.filter(pk__in=best).annotate(hits=Subquery(hits)).order_by("-hits", "-created_at")


def children_matching_name(
    *, children: QuerySet[Child], name: str, relation_names: bool = False, limit: int = 200
) -> list[Child]:
    """Like ``children_ranked_by_name``, as a list of at most ``limit`` children."""
    return list(children_ranked_by_name(children=children, name=name, relation_names=relation_names)[:limit])
