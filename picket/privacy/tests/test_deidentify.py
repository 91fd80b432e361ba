# ruff: noqa: RUF001 - age-band labels contain an en dash (U+2013) on purpose
"""De-identification policies, k-anonymity and small-cell suppression.

The suppression tests do not trust the module's own audit: they attack each published table with an independent
exact linear-algebra solver (Fractions) and, for small tables, with a search for any other non-negative table
that matches everything published.
"""

from __future__ import annotations

import itertools
import pickle
import random
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from picket.privacy.deidentify import (
    PUBLICATION_K,
    SUPPRESSED,
    AgeBands,
    DeidentificationError,
    DeidentifiedRow,
    Policy,
    PolicyError,
    Pseudonymiser,
    age_band,
    deidentify_rows,
    drop,
    generalise_place,
    keep,
    month,
    pseudonym,
    year,
)
from picket.privacy.suppression import CrossTab, enforce_k_anonymity, k_anonymity, suppress_small_cells

SECRET = "Asha Kumari of Rampur"
ON = date(2025, 6, 15)


def child_policy(**extra):
    return Policy(
        "child",
        {
            "id": pseudonym(namespace="child"),
            "name": drop(),
            "aliases": drop(),
            "address": drop(),
            "school": drop(),
            "phone": drop(),
            "photo": drop(),
            "narrative": drop(),
            "gender": keep(),
            "date_of_birth": age_band(output="age_band"),
            "rescued_on": month(),
            "village_code": generalise_place({101: 9001, 102: 9001, 201: 9002}, output="district_lgd_code"),
            **extra,
        },
    )


def child(**values):
    record = {
        "id": 4711,
        "name": SECRET,
        "aliases": ["Ashu"],
        "address": "House 4, " + SECRET,
        "school": "Rampur Primary",
        "phone": "+91 98xxxxxx01",
        "photo": b"\x89PNG",
        "narrative": "She said " + SECRET,
        "gender": "F",
        "date_of_birth": date(2010, 6, 15),
        "rescued_on": date(2024, 3, 5),
        "village_code": 101,
        "father_name": "Ramesh",  # not in the policy at all
        "marks": "scar on left hand",  # not in the policy at all
    }
    record.update(values)
    return record


def one(record, policy=None, **kwargs):
    return next(deidentify_rows([record], policy or child_policy(), reference_date=ON, **kwargs))


# --- policy: fail closed ----------------------------------------------------------------------------------------


def test_output_has_exactly_the_policy_columns_and_no_dropped_or_unlisted_field():
    policy = child_policy()
    rows = list(deidentify_rows([child(), child(id=4712, village_code=201)], policy, reference_date=ON))
    assert policy.columns == ("id", "gender", "age_band", "rescued_on", "district_lgd_code")
    for row in rows:
        assert isinstance(row, DeidentifiedRow)
        assert tuple(row) == policy.columns
        assert not set(row) & (policy.dropped | {"father_name", "marks", "village_code", "date_of_birth"})
        assert SECRET not in repr(row) and "Ramesh" not in repr(row) and "scar" not in repr(row)
    assert rows[0] == {
        "id": rows[0]["id"],
        "gender": "F",
        "age_band": "15–17",
        "rescued_on": "2024-03",
        "district_lgd_code": 9001,
    }
    assert rows[1]["district_lgd_code"] == 9002


def test_a_plain_mapping_works_as_a_policy_and_still_fails_closed():
    row = next(deidentify_rows([{"gender": "M", "name": SECRET, "extra": 1}], {"gender": keep()}))
    assert row == {"gender": "M"}


@pytest.mark.parametrize(
    ("field", "rule"),
    [
        ("name", keep()),
        ("child_name", keep()),
        ("childName", keep()),
        ("aliases", pseudonym()),
        ("address_line", month()),
        ("village", keep()),
        ("sub_district", keep()),
        ("school", keep()),
        ("phone", keep()),
        ("photo", keep()),
        ("aadhaar_number", pseudonym()),
        ("narrative", keep()),
        ("identifying_marks", keep()),
        ("date_of_birth", keep()),
        ("date_of_birth", month()),
        ("dob", year()),
        ("age", keep()),
        ("rescued_on", keep()),
        ("created_at", keep()),
        ("child_id", keep()),
        ("fir_number", pseudonym()),
        ("gender", keep(output="child_name")),
    ],
)
def test_identifying_looking_fields_cannot_be_let_through(field, rule):
    with pytest.raises(PolicyError, match=field if rule.output is None else "identifying"):
        Policy("p", {field: rule})


def test_identifying_looking_fields_may_be_dropped_banded_generalised_or_reviewed():
    Policy(
        "p",
        {
            "child_name": drop(),
            "date_of_birth": age_band(),
            "age": age_band(output="age_band"),
            "village_code": generalise_place({}, output="district_code"),
            "rescued_on": month(),
            "child_id": pseudonym(),
            "district_name": keep(),
            "state_name": keep(),
            "district_id": keep(reviewed="a district's primary key, not a person's"),
        },
    )


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"a": keep(output="x"), "b": keep(output="x")},
        {"name": drop(), "gender": keep(output="name")},
        {"place": generalise_place({}), "age": age_band(), "x": keep(reviewed="  ")},
        {"district": keep(output="")},
        {"rescued_on": month(), "status": keep(), "x": age_band(age_at="rescued_on"), "y": month()},
    ],
)
def test_malformed_policies_are_refused(fields):
    if "y" in fields:  # the last case is valid: age_at goes with age_band
        Policy("p", fields)
        with pytest.raises(PolicyError, match="age_at"):
            Policy("p", {"rescued_on": __import__("dataclasses").replace(month(), age_at="x")})
        return
    with pytest.raises(PolicyError):
        Policy("p", fields)


@pytest.mark.parametrize(
    "value", [date(2024, 1, 1), b"\x89PNG", ["a"], {"a": 1}, "line one\nline two", "x" * 201, object()]
)
def test_keep_refuses_anything_but_short_categorical_values(value):
    with pytest.raises(DeidentificationError) as raised:
        one({"status": value}, Policy("p", {"status": keep()}))
    assert "row 1, field 'status'" in str(raised.value)
    assert repr(value)[:20] not in str(raised.value)


def test_errors_name_the_row_and_field_but_never_the_value():
    bad = child(date_of_birth=SECRET)
    with pytest.raises(DeidentificationError) as raised:
        list(deidentify_rows([child(), bad], child_policy(), reference_date=ON))
    assert str(raised.value).startswith("row 2, field 'date_of_birth'")
    assert "Asha" not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_policy_errors_are_raised_before_any_row_is_read():
    def rows():
        raise AssertionError("rows were read")
        yield {}

    with pytest.raises(PolicyError):
        deidentify_rows(rows(), {"name": keep()})


# --- dates and ages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 3, 5), "2024-03"),
        (datetime(2024, 12, 31, 23, 59), "2024-12"),
        (datetime(2024, 3, 31, 20, 0, tzinfo=UTC), "2024-04"),  # 1 April 01:30 in India
        ("2024-03-05", "2024-03"),
        ("2024-03-31T20:00:00+00:00", "2024-04"),
        ("2024-03", "2024-03"),
        (None, None),
        ("", None),
    ],
)
def test_month(value, expected):
    assert one({"rescued_on": value}, Policy("p", {"rescued_on": month()})) == {"rescued_on": expected}


def test_year_and_bad_dates():
    policy = Policy("p", {"rescued_on": year()})
    assert one({"rescued_on": date(2024, 12, 31)}, policy) == {"rescued_on": 2024}
    with pytest.raises(DeidentificationError, match="not an ISO date"):
        one({"rescued_on": "31/12/2024"}, policy)
    with pytest.raises(DeidentificationError, match="expected a date"):
        one({"rescued_on": 2024}, policy)


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0–5"),
        (5, "0–5"),
        (6, "6–11"),
        (11, "6–11"),
        (12, "12–14"),
        (14, "12–14"),
        (15, "15–17"),
        (17, "15–17"),
        (18, "18+"),
        (64, "18+"),
        (14.9, "12–14"),
        ("15", "15–17"),
        (" 14 ", "12–14"),
        ("14.5", "12–14"),
        (None, None),
    ],
)
def test_age_estimates_fall_into_bands(age, band):
    assert one({"age": age}, Policy("p", {"age": age_band()})) == {"age": band}


@pytest.mark.parametrize(
    ("born", "on", "band"),
    [
        (date(2010, 6, 15), date(2025, 6, 14), "12–14"),  # the day before the 15th birthday
        (date(2010, 6, 15), date(2025, 6, 15), "15–17"),  # the birthday itself
        (date(2007, 6, 15), date(2025, 6, 14), "15–17"),
        (date(2007, 6, 15), date(2025, 6, 15), "18+"),
        (date(2025, 6, 15), date(2025, 6, 15), "0–5"),  # born on the reference date
        (date(2008, 2, 29), date(2023, 2, 28), "12–14"),  # leap-day birthday: 15 only on 1 March
        (date(2008, 2, 29), date(2023, 3, 1), "15–17"),
        ("2010-06-15", date(2025, 6, 15), "15–17"),
    ],
)
def test_date_of_birth_becomes_an_age_band_at_the_reference_date(born, on, band):
    policy = Policy("p", {"date_of_birth": age_band(output="age_band")})
    row = next(deidentify_rows([{"date_of_birth": born}], policy, reference_date=on))
    assert row == {"age_band": band}


def test_age_at_another_date_in_the_same_row():
    policy = Policy("p", {"date_of_birth": age_band(age_at="rescued_on", output="age_at_rescue")})
    rows: list[dict[str, date | None]] = [
        {"date_of_birth": date(2008, 5, 1), "rescued_on": date(2023, 4, 30)},
        {"date_of_birth": date(2008, 5, 1), "rescued_on": date(2023, 5, 1)},
        {"date_of_birth": date(2008, 5, 1), "rescued_on": None},
    ]
    assert [r["age_at_rescue"] for r in deidentify_rows(rows, policy, reference_date=date(2030, 1, 1))] == [
        "12–14",
        "15–17",
        None,
    ]
    assert all(set(r) == {"age_at_rescue"} for r in deidentify_rows(rows, policy))


@pytest.mark.parametrize("value", [date(2025, 6, 16), -1, 131, float("nan"), True, "fourteen"])
def test_impossible_ages_are_errors(value):
    with pytest.raises(DeidentificationError):
        one({"x_age": value}, Policy("p", {"x_age": age_band()}))


def test_custom_bands():
    labour = AgeBands((0, 14, 18))
    assert labour.labels == ("0–13", "14–17", "18+")
    assert AgeBands((0, 17, 18)).labels == ("0–16", "17", "18+")
    assert one({"age": 14}, Policy("p", {"age": age_band(bands=labour)})) == {"age": "14–17"}
    for bad in [(), (1, 5), (0, 5, 5), (0, 9, 6)]:
        with pytest.raises(ValueError, match="lower_bounds"):
            AgeBands(bad)


# --- pseudonyms and places --------------------------------------------------------------------------------------


def test_pseudonyms_link_within_one_export_only_and_never_equal_the_id():
    records = [child(id=i % 50) for i in range(200)] + [child(id=str(i)) for i in range(50)]
    first = list(deidentify_rows(records, child_policy(), reference_date=ON))
    second = list(deidentify_rows(records, child_policy(), reference_date=ON))
    by_id: dict[str, set[str]] = {}
    for record, row in zip(records, first, strict=True):
        by_id.setdefault(str(record["id"]), set()).add(row["id"])
        assert row["id"] != record["id"] and row["id"] != str(record["id"])
    assert all(len(names) == 1 for names in by_id.values())  # consistent within the export
    assert len({next(iter(n)) for n in by_id.values()}) == 50  # distinct ids stay distinct
    assert not {r["id"] for r in first} & {r["id"] for r in second}  # nothing shared across exports


def test_a_shared_pseudonymiser_links_namespaces_across_tables_of_one_export():
    shared = Pseudonymiser()
    children = Policy("children", {"id": pseudonym(namespace="child")})
    events = Policy("events", {"child_id": pseudonym(namespace="child"), "case_id": pseudonym(namespace="case")})
    kids = list(deidentify_rows([{"id": 7}], children, pseudonymiser=shared))
    rows = list(deidentify_rows([{"child_id": 7, "case_id": 7}], events, pseudonymiser=shared))
    assert rows[0]["child_id"] == kids[0]["id"]
    assert rows[0]["case_id"] != rows[0]["child_id"]  # same number, other namespace
    assert repr(shared) == "<Pseudonymiser>"
    with pytest.raises(TypeError, match="never pickled"):
        pickle.dumps(shared)
    assert one({"id": None}, children) == {"id": None}
    with pytest.raises(DeidentificationError, match="ids must be"):
        one({"id": 3.5}, children)


def test_places_generalise_to_their_district_and_unknown_places_are_dropped():
    lookup = {101: 9001}
    policy = Policy("p", {"village_code": generalise_place(lookup, output="district")})
    assert [
        r["district"] for r in deidentify_rows([{"village_code": v} for v in (101, "101", 999, None, "Rampur")], policy)
    ] == [9001, 9001, None, None, None]
    by_name = Policy("p", {"place": generalise_place({"101": "9001"})})
    assert one({"place": 101}, by_name) == {"place": "9001"}
    called = Policy("p", {"sub_district": generalise_place(lambda code: code // 100)})
    assert one({"sub_district": 123456}, called) == {"sub_district": 1234}

    def broken(code):
        raise KeyError(f"no place {code}")

    with pytest.raises(DeidentificationError) as raised:
        one({"village": SECRET}, Policy("p", {"village": generalise_place(broken)}))
    assert "place lookup failed" in str(raised.value) and "Asha" not in str(raised.value)


# --- k-anonymity ------------------------------------------------------------------------------------------------


def qi_rows():
    rows = [{"gender": "F", "age_band": "12–14", "district": 1, "pid": f"a{i}"} for i in range(6)]
    rows += [{"gender": "M", "age_band": "15–17", "district": 1, "pid": f"b{i}"} for i in range(3)]
    rows += [{"gender": "F", "age_band": "15–17", "district": 2, "pid": "c"} for _ in range(5)]  # one child
    return rows


def test_k_anonymity_is_the_smallest_class():
    rows = qi_rows()
    assert k_anonymity(rows, ["gender", "age_band", "district"]) == 3
    assert k_anonymity(rows, ["district"]) == 5
    assert k_anonymity(rows, ["gender", "age_band", "district"], subject="pid") == 1
    assert k_anonymity([], ["gender"]) == 0
    with pytest.raises(ValueError, match="quasi_identifiers"):
        k_anonymity(rows, [])
    with pytest.raises(ValueError, match="'religion'"):
        k_anonymity(rows, ["gender", "religion"])


def test_enforce_k_anonymity_drops_and_counts_small_classes(settings):
    qis = ["gender", "age_band", "district"]
    result = enforce_k_anonymity(qi_rows(), qis, 5)
    assert (len(result.rows), result.dropped_rows, result.dropped_classes, result.k) == (11, 3, 1, 5)
    assert k_anonymity(result.rows, qis) >= 5
    by_subject = enforce_k_anonymity(qi_rows(), qis, 5, subject="pid")
    assert {r["pid"] for r in by_subject.rows} == {f"a{i}" for i in range(6)}
    assert by_subject.dropped_rows == 8
    settings.PICKET_RECORD_EXPORT_K = 6
    assert enforce_k_anonymity(qi_rows(), qis).dropped_rows == 8
    assert enforce_k_anonymity(qi_rows(), qis, PUBLICATION_K).rows == []
    with pytest.raises(ValueError, match="k:"):
        enforce_k_anonymity(qi_rows(), qis, 1)


# --- cross-tabs -------------------------------------------------------------------------------------------------


def test_cross_tab_counts_rows():
    rows = [{"district": "B", "exploitation": "labour"}] * 3 + [{"district": "A", "exploitation": None}]
    table = CrossTab.count(rows, "district", "exploitation")
    assert table.row_labels == ("A", "B") and table.column_labels == ("labour", "unknown")
    assert table.cells == ((0, 1), (3, 0))
    assert (table.row_totals, table.column_totals, table.grand_total) == ((1, 3), (3, 1), 4)
    fixed = CrossTab.count(rows, "district", row_labels=["A", "B", "C"])
    assert fixed.cells == ((1,), (3,), (0,)) and fixed.column_labels == ("count",)
    with pytest.raises(ValueError, match="row_labels"):
        CrossTab.count(rows, "district", row_labels=["A"])
    for cells in [((1, 2),), ((1,), (-1,)), ((1,), (True,))]:
        with pytest.raises(ValueError, match="cells"):
            CrossTab(("a", "b"), ("x",), cells)


# --- small-cell suppression -------------------------------------------------------------------------------------


def published_grid(result):
    """The table with totals as the reader sees it: ints, or None where hidden."""
    grid = [[*cells, total] for cells, total in zip(result.cells, result.row_totals, strict=True)]
    grid.append([*result.column_totals, result.grand_total])
    return [[None if v == result.marker else v for v in line] for line in grid]


def true_grid(table):
    grid = [[*cells, total] for cells, total in zip(table.cells, table.row_totals, strict=True)]
    grid.append([*table.column_totals, table.grand_total])
    return grid


def equations(published):
    """Every additive relation a reader knows, over the hidden entries: (coefficients, constant)."""
    rows, columns = len(published), len(published[0])
    unknowns = [(i, j) for i in range(rows) for j in range(columns) if published[i][j] is None]
    index = {entry: n for n, entry in enumerate(unknowns)}
    lines = [([(i, j) for j in range(columns - 1)], (i, columns - 1)) for i in range(rows)]
    lines += [([(i, j) for i in range(rows - 1)], (rows - 1, j)) for j in range(columns)]
    found = []
    for parts, total in lines:
        coefficients = [Fraction(0)] * len(unknowns)
        constant = Fraction(0)
        for entry, sign in [*((p, 1) for p in parts), (total, -1)]:
            value = published[entry[0]][entry[1]]
            if value is None:
                coefficients[index[entry]] += sign
            else:
                constant -= sign * value
        found.append((coefficients, constant))
    return unknowns, found


def null_space(matrix, width):
    """A basis of {x : matrix · x = 0}, by exact Gauss-Jordan elimination over the rationals."""
    rows = [list(r) for r in matrix]
    pivots: list[int] = []
    for column in range(width):
        pivot = next((r for r in range(len(pivots), len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        top = len(pivots)
        rows[top], rows[pivot] = rows[pivot], rows[top]
        lead = rows[top][column]
        rows[top] = [v / lead for v in rows[top]]
        for r in range(len(rows)):
            if r != top and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[top], strict=True)]
        pivots.append(column)
    basis = []
    for free in (c for c in range(width) if c not in pivots):
        vector = [Fraction(0)] * width
        vector[free] = Fraction(1)
        for r, column in enumerate(pivots):
            vector[column] = -rows[r][free]
        basis.append(vector)
    return basis


def linearly_recoverable(published):
    """Hidden entries that some combination of the published equations pins to one value: exactly those on
    which every solution of the homogeneous system is zero."""
    unknowns, found = equations(published)
    basis = null_space([c for c, _ in found], len(unknowns))
    return [entry for n, entry in enumerate(unknowns) if all(v[n] == 0 for v in basis)]


def peel_by_subtraction(published):
    """The naive attacker: repeatedly fill any line with a single hidden entry by subtraction."""
    grid = [list(line) for line in published]
    rows, columns = len(grid), len(grid[0])
    lines = [([(i, j) for j in range(columns - 1)], (i, columns - 1)) for i in range(rows)]
    lines += [([(i, j) for i in range(rows - 1)], (rows - 1, j)) for j in range(columns)]
    recovered = set()
    progress = True
    while progress:
        progress = False
        for parts, total in lines:
            members = [*parts, total]
            hidden = [e for e in members if grid[e[0]][e[1]] is None]
            if len(hidden) == 1:
                (i, j) = hidden[0]
                known = sum(grid[p][q] for p, q in parts if (p, q) != (i, j))
                grid[i][j] = grid[total[0]][total[1]] - known if (i, j) != total else known
                recovered.add((i, j))
                progress = True
    return recovered


def bound_pinned(published, truth, lowest):
    """Hidden entries no other table can explain: search every ±1 change of the hidden entries that keeps all
    published sums and keeps each hidden count at or above ``lowest`` (a reader knows zeros are published)."""
    hidden = [(i, j) for i, line in enumerate(published) for j, v in enumerate(line) if v is None]
    rows, columns = len(truth), len(truth[0])
    movable = set()
    for deltas in itertools.product((-1, 0, 1), repeat=len(hidden)):
        if not any(deltas):
            continue
        grid = [list(line) for line in truth]
        for (i, j), d in zip(hidden, deltas, strict=True):
            grid[i][j] += d
        if any(grid[i][j] < lowest for i, j in hidden):
            continue
        if all(sum(grid[i][:-1]) == grid[i][-1] for i in range(rows)) and all(
            sum(grid[i][j] for i in range(rows - 1)) == grid[-1][j] for j in range(columns)
        ):
            movable |= {e for e, d in zip(hidden, deltas, strict=True) if d}
    return [e for e in hidden if e not in movable]


def assert_safe(table, result, threshold=5, *, suppress_zeros=False):
    published, truth = published_grid(result), true_grid(table)
    for i, line in enumerate(truth):
        for j, value in enumerate(line):
            if 0 < value < threshold or (suppress_zeros and value == 0):
                assert published[i][j] is None, f"small count at {(i, j)} published"
            elif published[i][j] is not None:
                assert published[i][j] == value, "a published count or total differs from the truth"
    if not suppress_zeros:
        assert all(
            v is not None
            for line, real in zip(published, truth, strict=True)
            for v, t in zip(line, real, strict=True)
            if t == 0
        )
    assert not peel_by_subtraction(published)
    assert not linearly_recoverable(published)
    hidden = sum(v is None for line in published for v in line)
    if hidden <= 10:
        assert not bound_pinned(published, truth, 0 if suppress_zeros else 1)
    assert result.primary + result.complementary == hidden


def test_small_counts_are_hidden_and_cannot_be_recovered_by_subtraction():
    table = CrossTab(
        ("Gaya", "Patna", "Purnia"),
        ("labour", "sexual", "marriage"),
        ((3, 40, 12), (25, 31, 17), (14, 0, 22)),
    )
    result = suppress_small_cells(table)
    assert result.cells[0][0] == SUPPRESSED and result.cells[2][1] == 0  # zeros are published
    assert result.primary == 1 and result.complementary >= 3
    assert result.grand_total == 164  # true totals, not totals of what is shown
    assert_safe(table, result)


def test_a_row_of_ones_is_not_pinned_by_the_lower_bound():
    # Row 0 has two small cells; hiding just those two and their column partners would leave 1 + 1 = 2 with each
    # at least 1 — both recovered exactly. The audit must hide more.
    table = CrossTab(("a", "b"), ("x", "y", "z"), ((1, 1, 50), (20, 30, 40)))
    result = suppress_small_cells(table)
    assert_safe(table, result)


def test_small_totals_are_hidden_too():
    table = CrossTab(("a", "b", "c"), ("x", "y"), ((2, 0), (1, 1), (30, 40)))
    result = suppress_small_cells(table)
    assert result.row_totals[0] == SUPPRESSED and result.row_totals[1] == SUPPRESSED
    assert_safe(table, result)


@pytest.mark.parametrize(
    "cells",
    [
        ((3,),),
        ((30,),),
        ((0,),),
        ((3, 40),),
        ((3,), (40,)),
        ((1, 2), (3, 4)),
        ((0, 0), (0, 0)),
        ((10, 20), (30, 40)),
        ((4, 0, 0), (0, 0, 50)),
    ],
)
def test_degenerate_tables(cells):
    table = CrossTab(tuple(f"r{i}" for i in range(len(cells))), tuple(f"c{j}" for j in range(len(cells[0]))), cells)
    result = suppress_small_cells(table)
    assert_safe(table, result)
    if all(v >= 5 for line in true_grid(table) for v in line):
        assert result.primary == result.complementary == 0


def random_table(rng, max_rows=5, max_columns=5):
    rows, columns = rng.randint(1, max_rows), rng.randint(1, max_columns)
    pick = rng.choice(
        [lambda: rng.randint(0, 6), lambda: rng.choice([0, 1, 2, 3, 8, 15, 40]), lambda: rng.randint(0, 60)]
    )
    cells = tuple(tuple(pick() for _ in range(columns)) for _ in range(rows))
    return CrossTab(tuple(f"r{i}" for i in range(rows)), tuple(f"c{j}" for j in range(columns)), cells)


@pytest.mark.parametrize("seed", range(6))
def test_random_tables_resist_an_exact_solver(seed):
    rng = random.Random(seed)  # noqa: S311 - reproducible test tables
    for _ in range(60):
        table = random_table(rng)
        assert_safe(table, suppress_small_cells(table))


def test_random_small_tables_resist_a_search_that_uses_bounds():
    rng = random.Random(99)  # noqa: S311
    for _ in range(80):
        table = random_table(rng, 2, 3)
        assert_safe(table, suppress_small_cells(table))
        assert_safe(table, suppress_small_cells(table, suppress_zeros=True), suppress_zeros=True)


def test_threshold_setting_marker_and_zero_option(settings):
    table = CrossTab(("a", "b"), ("x", "y"), ((6, 9), (20, 0)))
    assert suppress_small_cells(table).primary == 0
    settings.PICKET_SMALL_CELL_THRESHOLD = 11  # CTDC-like
    strict = suppress_small_cells(table, marker="c")
    assert strict.threshold == 11 and strict.cells[0][0] == "c" and strict.marker == "c"
    assert_safe(table, strict, 11)
    zeros = suppress_small_cells(table, 5, suppress_zeros=True)
    assert zeros.cells[1][1] == SUPPRESSED
    assert_safe(table, zeros, suppress_zeros=True)
    for bad in (0, 1):
        with pytest.raises(ValueError, match="threshold"):
            suppress_small_cells(table, bad)
    for marker in ("", "0", "-5"):
        with pytest.raises(ValueError, match="marker"):
            suppress_small_cells(table, marker=marker)


def test_a_large_table_is_suppressed_quickly_and_safely():
    rng = random.Random(7)  # noqa: S311
    values = [0] * 3 + [1, 2, 3, 4] + list(range(5, 120, 4))
    cells = tuple(tuple(rng.choice(values) for _ in range(12)) for _ in range(40))
    table = CrossTab(tuple(f"d{i}" for i in range(40)), tuple(f"c{j}" for j in range(12)), cells)
    result = suppress_small_cells(table)
    assert result.primary > 40 and result.complementary > 10
    published = published_grid(result)
    assert not peel_by_subtraction(published)
    assert not linearly_recoverable(published)


def test_suppressed_table_to_rows():
    table = CrossTab(("Gaya", "Patna"), ("labour", "sexual"), ((3, 40), (25, 31)))
    result = suppress_small_cells(table)
    rows = result.to_rows(row_header="district")
    assert result.columns(row_header="district") == ("district", "labour", "sexual", "Total")
    assert all(isinstance(r, DeidentifiedRow) for r in rows)
    assert rows[0]["district"] == "Gaya" and rows[0]["labour"] == SUPPRESSED
    assert rows[-1]["district"] == "Total"
    with pytest.raises(ValueError, match="clash"):
        result.to_rows(row_header="labour")
