"""Reads of the geography. Geography is public reference data: every signed-in actor may read it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from picket.geo.models import District, DistrictSuccession, State


def state_list() -> QuerySet[State]:
    return State.objects.all()


def district_list(*, state: State | None = None, query: str = "", include_inactive: bool = False) -> QuerySet[District]:
    districts = District.objects.select_related("state")
    if state is not None:
        districts = districts.filter(state=state)
    if query:
        districts = districts.filter(name__icontains=query)
    if not include_inactive:
        districts = districts.filter(is_active=True)
    return districts


def district_ids_with_predecessors(district_ids: Iterable[int]) -> set[int]:
    """``district_ids`` plus every retired district whose area passed (wholly or partly) into them.

    Follows chains (A renamed to B, B later split into C and D) so that records keyed on A remain
    visible to the teams now responsible for C and D.
    """
    result = set(district_ids)
    frontier = set(result)
    while frontier:
        predecessors = set(
            DistrictSuccession.objects.filter(successor_id__in=frontier).values_list("predecessor_id", flat=True)
        )
        frontier = predecessors - result
        result |= frontier
    return result


def district_current_successors(district: District) -> list[District]:
    """Where a (possibly retired) district's area lies today."""
    current: list[District] = []
    frontier = [district]
    seen = {district.pk}
    while frontier:
        item = frontier.pop()
        successors = [s.successor for s in item.successions.select_related("successor__state")]
        if not successors:
            current.append(item)
        for successor in successors:
            if successor.pk not in seen:
                seen.add(successor.pk)
                frontier.append(successor)
    return sorted(current, key=lambda d: d.name)
