"""De-identified datasets: what leaves Picket, always through ``privacy.deidentify`` and ``privacy.suppression``.

Each dataset reads through scoped selectors (the analyst's jurisdiction) and yields only de-identified rows or
suppressed tables; nothing here returns a name, an address or a free-text field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from picket.accounts.access import Actor, scope_by_district
from picket.accounts.permissions import Permission
from picket.people.models import Child, Gender
from picket.privacy.deidentify import (
    DEFAULT_AGE_BANDS,
    DeidentifiedRow,
    Policy,
    age_band,
    deidentify_rows,
    keep,
    month,
    pseudonym,
)
from picket.privacy.suppression import CrossTab, SuppressedTable, enforce_k_anonymity, suppress_small_cells

CHILD_POLICY = Policy(
    "children",
    {
        "id": pseudonym(namespace="child", output="child"),
        "gender": keep(),
        "state_name": keep(),
        "district_name": keep(),
        "home_state_name": keep(
            reviewed="state of origin only (for source-to-destination routes); a state is millions"
        ),
        "age": age_band(output="age_band"),
        "registered_on": month(output="registered_month"),
    },
)
CHILD_QUASI_IDENTIFIERS = ("gender", "district_name", "home_state_name", "age_band", "registered_month")


def children_in_scope(actor: Actor) -> Any:
    """Children counted for statistics: the actor's jurisdiction, read for statistics only."""
    return scope_by_district(actor, Child.objects.all(), path="district", permission=Permission.STATISTICS_VIEW)


def _child_source_rows(actor: Actor) -> Iterator[dict[str, Any]]:
    today = timezone.localdate()
    children = children_in_scope(actor).select_related("district__state", "home_state")
    # Only non-identifying columns are loaded: encrypted fields are never decrypted for statistics.
    columns = children.only(
        "id", "gender", "date_of_birth", "age_estimate_years", "age_estimated_on", "created_at",
        "district__name", "district__state__name", "home_state__name",
    )  # fmt: skip
    for child in columns.iterator(chunk_size=2000):
        yield {
            "id": child.pk,
            "gender": str(child.get_gender_display()),
            "state_name": child.district.state.name,
            # Names repeat across states (two Aurangabads): the state keeps district labels apart.
            "district_name": f"{child.district.name} ({child.district.state.name})",
            # The home district's state, or the state alone when a child could name no district.
            "home_state_name": child.home_state.name if child.home_state else None,
            "age": child.age_on(today),
            "registered_on": timezone.localtime(child.created_at).date(),
        }


def children_records(actor: Actor, *, k: int | None = None) -> tuple[list[DeidentifiedRow], int]:
    """Record-level, de-identified and k-anonymous rows; returns the rows and how many were withheld."""
    rows = list(deidentify_rows(_child_source_rows(actor), CHILD_POLICY))
    result = enforce_k_anonymity(rows, CHILD_QUASI_IDENTIFIERS, k, subject="child")
    return result.rows, result.dropped_rows


@dataclass(frozen=True)
class Table:
    title: str
    row_header: str
    suppressed: SuppressedTable


def children_by_district_and_age(actor: Actor, *, threshold: int | None = None) -> Table | None:
    rows = list(deidentify_rows(_child_source_rows(actor), CHILD_POLICY))
    if not rows:
        return None
    table = CrossTab.count(rows, "district_name", "age_band", column_labels=[*DEFAULT_AGE_BANDS.labels, "unknown"])
    return Table("children_by_district_and_age", "district", suppress_small_cells(table, threshold))


def children_by_district_and_gender(actor: Actor, *, threshold: int | None = None) -> Table | None:
    rows = list(deidentify_rows(_child_source_rows(actor), CHILD_POLICY))
    if not rows:
        return None
    table = CrossTab.count(
        rows, "district_name", "gender", column_labels=[str(label) for _value, label in Gender.choices]
    )
    return Table("children_by_district_and_gender", "district", suppress_small_cells(table, threshold))
