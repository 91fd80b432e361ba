"""Aggregate tables with small-cell suppression, and k-anonymity for record-level exports.

Split from ``deidentify`` (record-level policies); both are the only road for data leaving Picket
(docs/adr/0007-de-identification.md).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from picket.privacy.deidentify import (
    DEFAULT_RECORD_K,
    DEFAULT_SMALL_CELL_THRESHOLD,
    SUPPRESSED,
    UNKNOWN_LABEL,
    DeidentifiedRow,
    _empty,
    _setting,
)

R = TypeVar("R", bound=Mapping[str, Any])


# --- k-anonymity (record-level exports) -------------------------------------------------------------------------


def _class_sizes(
    rows: Sequence[Mapping[str, Any]], quasi_identifiers: Sequence[str], subject: str | None
) -> tuple[list[tuple[Any, ...]], dict[tuple[Any, ...], int]]:
    if not quasi_identifiers:
        raise ValueError("quasi_identifiers: name at least one column")
    keys: list[tuple[Any, ...]] = []
    for number, row in enumerate(rows, start=1):
        missing = [q for q in quasi_identifiers if q not in row]
        if missing:
            raise ValueError(f"quasi_identifiers: row {number} has no column {missing[0]!r}")
        keys.append(tuple(row[q] for q in quasi_identifiers))
    if subject is None:
        return keys, dict(Counter(keys))
    subjects: defaultdict[tuple[Any, ...], set[Any]] = defaultdict(set)
    for key, row in zip(keys, rows, strict=True):
        subjects[key].add(row[subject])
    return keys, {key: len(members) for key, members in subjects.items()}


def k_anonymity(
    rows: Iterable[Mapping[str, Any]], quasi_identifiers: Sequence[str], *, subject: str | None = None
) -> int:
    """The size of the smallest equivalence class over ``quasi_identifiers`` (0 for no rows).

    With ``subject`` (e.g. a pseudonym column) a class's size is its number of distinct subjects, so one child
    with many rows does not make a class look bigger than it is.
    """
    _, sizes = _class_sizes(list(rows), quasi_identifiers, subject)
    return min(sizes.values(), default=0)


@dataclass(frozen=True)
class KAnonymityResult(Generic[R]):
    rows: list[R]
    k: int
    dropped_rows: int
    dropped_classes: int


def enforce_k_anonymity(
    rows: Iterable[R], quasi_identifiers: Sequence[str], k: int | None = None, *, subject: str | None = None
) -> KAnonymityResult[R]:
    """Keep only rows whose equivalence class has at least ``k`` members (default ``PICKET_RECORD_EXPORT_K``, 5;
    use ``PUBLICATION_K`` (11) for anything published). Report how many rows and classes were dropped."""
    k = k if k is not None else _setting("PICKET_RECORD_EXPORT_K", DEFAULT_RECORD_K)
    if k < 2:
        raise ValueError("k: must be at least 2")
    materialised = list(rows)
    keys, sizes = _class_sizes(materialised, quasi_identifiers, subject)
    kept = [row for row, key in zip(materialised, keys, strict=True) if sizes[key] >= k]
    small = sum(1 for size in sizes.values() if size < k)
    return KAnonymityResult(rows=kept, k=k, dropped_rows=len(materialised) - len(kept), dropped_classes=small)


# --- aggregate tables and small-cell suppression ----------------------------------------------------------------


@dataclass(frozen=True)
class CrossTab:
    """Counts by row label and column label. Totals are derived, never supplied, so they always add up."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "row_labels", tuple(self.row_labels))
        object.__setattr__(self, "column_labels", tuple(self.column_labels))
        object.__setattr__(self, "cells", tuple(tuple(row) for row in self.cells))
        if not self.row_labels or not self.column_labels:
            raise ValueError("a table needs at least one row and one column")
        for what, labels in (("row_labels", self.row_labels), ("column_labels", self.column_labels)):
            if len(set(labels)) != len(labels):
                raise ValueError(f"{what}: labels must be unique")
        if len(self.cells) != len(self.row_labels) or any(len(r) != len(self.column_labels) for r in self.cells):
            raise ValueError("cells: shape does not match the labels")
        if any(type(v) is not int or v < 0 for r in self.cells for v in r):
            raise ValueError("cells: counts must be non-negative integers")

    @classmethod
    def count(
        cls,
        rows: Iterable[Mapping[str, Any]],
        row_field: str,
        column_field: str | None = None,
        *,
        row_labels: Sequence[str] | None = None,
        column_labels: Sequence[str] | None = None,
    ) -> CrossTab:
        """Count rows (de-identified ones: each row one subject) by one field, or by two as a cross-tab.

        Without labels, the labels are the sorted distinct values (None → "unknown"). With labels, every
        label is a row/column even when its count is 0, and a value outside them is an error.
        """
        counts: Counter[tuple[str, str]] = Counter()
        for row in rows:
            across = _label(row.get(column_field)) if column_field is not None else "count"
            counts[(_label(row.get(row_field)), across)] += 1
        found_rows = sorted({r for r, _ in counts})
        found_columns = sorted({c for _, c in counts}) or ["count"]
        rows_out = tuple(row_labels) if row_labels is not None else tuple(found_rows)
        columns_out = tuple(column_labels) if column_labels is not None else tuple(found_columns)
        for what, wanted, found in (
            ("row_labels", rows_out, found_rows),
            ("column_labels", columns_out, found_columns),
        ):
            if set(found) - set(wanted) and counts:
                raise ValueError(f"{what}: the rows hold values outside the given labels")
        cells = tuple(tuple(counts[(r, c)] for c in columns_out) for r in rows_out)
        return cls(rows_out, columns_out, cells)

    @property
    def row_totals(self) -> tuple[int, ...]:
        return tuple(sum(row) for row in self.cells)

    @property
    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(column) for column in zip(*self.cells, strict=True))

    @property
    def grand_total(self) -> int:
        return sum(self.row_totals)


def _label(value: Any) -> str:
    return UNKNOWN_LABEL if _empty(value) else str(value)


Published = int | str


@dataclass(frozen=True)
class SuppressedTable:
    """A cross-tab fit to publish: hidden counts (cells or totals) are ``marker``; totals are the true totals."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[Published, ...], ...]
    row_totals: tuple[Published, ...]
    column_totals: tuple[Published, ...]
    grand_total: Published
    threshold: int
    marker: str
    primary: int  # counts hidden for being small
    complementary: int  # counts hidden so that the small ones cannot be worked out

    def columns(self, *, row_header: str = "", total_label: str = "Total") -> tuple[str, ...]:
        return (row_header, *self.column_labels, total_label)

    def to_rows(self, *, row_header: str = "", total_label: str = "Total") -> list[DeidentifiedRow]:
        """Rows for ``picket.privacy.exports``: one per row label plus a totals row; use ``columns()`` alike."""
        header = self.columns(row_header=row_header, total_label=total_label)
        if len(set(header)) != len(header):
            raise ValueError("row_header/total_label: clash with a column label")
        lines = [(r, *c, t) for r, c, t in zip(self.row_labels, self.cells, self.row_totals, strict=True)]
        lines.append((total_label, *self.column_totals, self.grand_total))
        return [DeidentifiedRow(zip(header, line, strict=True)) for line in lines]


def suppress_small_cells(
    table: CrossTab, threshold: int | None = None, *, marker: str = SUPPRESSED, suppress_zeros: bool = False
) -> SuppressedTable:
    """Hide every count from 1 to ``threshold - 1`` (default ``PICKET_SMALL_CELL_THRESHOLD``, 5), totals included,
    then hide further counts until no hidden count can be worked out from what is published.

    Published totals are the true totals. "Worked out" covers subtraction along rows and columns, any linear
    combination of the published equations, and the bounds a reader knows: counts are never negative, and zeros
    are never hidden unless ``suppress_zeros`` (then every zero is), so a hidden count is at least 1. Zeros are
    published by default: a zero describes nobody. Complementary suppression hides the smallest counts that do
    the job, preferring counts in the same row or column.
    """
    threshold = (
        threshold if threshold is not None else _setting("PICKET_SMALL_CELL_THRESHOLD", DEFAULT_SMALL_CELL_THRESHOLD)
    )
    if threshold < 2:
        raise ValueError("threshold: must be at least 2")
    if not marker or marker.strip().lstrip("-").isdigit():
        raise ValueError("marker: must be non-empty text that is not a number")
    grid = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    grid.append([*table.column_totals, table.grand_total])
    primary = {
        (i, j)
        for i, line in enumerate(grid)
        for j, value in enumerate(line)
        if 0 < value < threshold or (suppress_zeros and value == 0)
    }
    hidden = _protect(grid, primary, lowest=0 if suppress_zeros else 1)
    shown = [[marker if (i, j) in hidden else v for j, v in enumerate(line)] for i, line in enumerate(grid)]
    return SuppressedTable(
        row_labels=table.row_labels,
        column_labels=table.column_labels,
        cells=tuple(tuple(line[:-1]) for line in shown[:-1]),
        row_totals=tuple(line[-1] for line in shown[:-1]),
        column_totals=tuple(shown[-1][:-1]),
        grand_total=shown[-1][-1],
        threshold=threshold,
        marker=marker,
        primary=len(primary),
        complementary=len(hidden) - len(primary),
    )


Entry = tuple[int, int]


class _Audit:
    """Which hidden entries of the table-with-totals a reader could pin down exactly.

    Rows and columns of the grid (totals row and column included) are nodes; each hidden entry is an edge. Give
    totals a minus sign and every line of the grid sums to zero, so the other tables consistent with what is
    published differ from the true one by circulations on the hidden edges. A hidden entry can take another value
    iff it lies on a directed cycle where raising an entry is always allowed and lowering it only while it is
    above the known lower bound. An entry on no such cycle is disclosed.
    """

    def __init__(self, grid: list[list[int]], hidden: set[Entry], lowest: int) -> None:
        self.grid, self.hidden, self.lowest = grid, hidden, lowest
        self.rows, self.columns = len(grid), len(grid[0])
        self.arcs: defaultdict[int, list[tuple[int, Entry]]] = defaultdict(list)
        self.reverse: defaultdict[int, list[tuple[int, Entry]]] = defaultdict(list)
        for entry in hidden:
            for tail, head in self.moves(entry):
                self.arcs[tail].append((head, entry))
                self.reverse[head].append((tail, entry))

    def moves(self, entry: Entry) -> list[tuple[int, int]]:
        """Arcs (tail, head) for raising the entry, and for lowering it when that is possible."""
        i, j = entry
        row, column = i, self.rows + j
        is_total = (i == self.rows - 1) != (j == self.columns - 1)
        up = (column, row) if is_total else (row, column)
        return [up, (up[1], up[0])] if self.grid[i][j] > self.lowest else [up]

    def _reach(self, start: int, arcs: Mapping[int, list[tuple[int, Entry]]], skip: Entry) -> set[int]:
        seen, frontier = {start}, [start]
        while frontier:
            node = frontier.pop()
            for nxt, entry in arcs.get(node, ()):
                if entry != skip and nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        return seen

    def is_protected(self, entry: Entry) -> bool:
        return any(tail in self._reach(head, self.arcs, entry) for tail, head in self.moves(entry))

    def best_addition(self, entry: Entry) -> Entry:
        """The smallest count whose hiding protects ``entry``; failing that, the smallest in its row or column.

        Zeros are never chosen: readers may rely on every hidden count being at least 1 (unless zeros are hidden
        as a rule). None are needed either: once every non-zero count is hidden, each hidden count lies on the
        cycle through its own row total, column total and grand total, all of which can rise together.
        """
        candidates = [
            (i, j)
            for i in range(self.rows)
            for j in range(self.columns)
            if (i, j) not in self.hidden and self.grid[i][j] > 0
        ]
        helpful: list[Entry] = []
        for tail, head in self.moves(entry):
            ahead, behind = self._reach(head, self.arcs, entry), self._reach(tail, self.reverse, entry)
            helpful += [c for c in candidates if any(a in ahead and b in behind for a, b in self.moves(c))]
        pool = helpful or [c for c in candidates if c[0] == entry[0] or c[1] == entry[1]] or candidates
        if not pool:
            raise RuntimeError("suppression audit: nothing left to hide")  # impossible, see above
        return min(pool, key=self.cost)

    def cost(self, entry: Entry) -> tuple[int, bool, Entry]:
        i, j = entry
        return self.grid[i][j], i == self.rows - 1 or j == self.columns - 1, entry


def _protect(grid: list[list[int]], primary: set[Entry], *, lowest: int) -> set[Entry]:
    hidden = set(primary)
    lines = [[(i, j) for j in range(len(grid[0]))] for i in range(len(grid))]
    lines += [[(i, j) for i in range(len(grid))] for j in range(len(grid[0]))]
    changed = True
    while changed:  # the classic rule first: no line may hold exactly one hidden entry
        changed = False
        for line in lines:
            inside = [e for e in line if e in hidden]
            outside = [e for e in line if e not in hidden and grid[e[0]][e[1]] > 0]
            if len(inside) == 1 and outside:
                hidden.add(min(outside, key=lambda e: (grid[e[0]][e[1]], e)))
                changed = True
    audit = _Audit(grid, hidden, lowest)
    exposed = sorted(e for e in hidden if not audit.is_protected(e))
    while exposed:  # then the audit: protection only grows as entries are hidden, so this ends
        hidden.add(audit.best_addition(exposed[0]))
        audit = _Audit(grid, hidden, lowest)
        exposed = sorted(e for e in hidden if not audit.is_protected(e))
    return hidden
