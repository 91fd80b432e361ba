"""Recall fixes of the tracing engine: dropped final vowels, nameless children, compact blocking (fictional)."""

from __future__ import annotations

import datetime

from picket.tracing.blocking import Index
from picket.tracing.engine import Linker
from picket.tracing.features import LINK, Frequencies, compare
from picket.tracing.records import Record, prepare

D = datetime.date


def report(record_id: str, name: str, **fields: object) -> Record:
    base: dict[str, object] = {"gender": "F", "age": 12, "date": D(2025, 1, 5), "state": "Bihar", "district": "Gaya"}
    base.update(fields)
    return Record(record_id=record_id, name=name, **base)  # type: ignore[arg-type]


def found(record_id: str, name: str, **fields: object) -> Record:
    base: dict[str, object] = {
        "gender": "F",
        "age": 13,
        "date": D(2025, 9, 1),
        "state": "Delhi",
        "district": "North East",
    }
    base.update(fields)
    return Record(record_id=record_id, name=name, **base)  # type: ignore[arg-type]


def name_level(a: Record, b: Record) -> str:
    pa, pb = prepare(a), prepare(b)
    return next(r.level for r in compare(pa, pb, LINK, Frequencies.of([pa])) if r.field == "name")


def test_a_dropped_final_a_is_a_spelling_variant_when_the_genders_agree():
    assert name_level(report("M", "Sabina Khatun"), found("F", "Sabin")) == "variant"
    assert name_level(report("M", "Subrata Das", gender="M"), found("F", "সুব্রত", gender="M")) == "variant"


def test_a_dropped_final_a_between_a_boy_and_a_girl_is_not_the_same_name():
    assert name_level(report("M", "Amita", gender="F"), found("F", "Amit", gender="M")) not in ("agree", "variant")


def test_a_dropped_final_a_is_found_by_blocking():
    others = [report(f"M{k}", name) for k, name in enumerate(["Pooja", "Rekha", "Sunita", "Anjali"] * 30)]
    linker = Linker([*others, report("M-FATIM", "Fatim Bano", district="Nadia", state="West Bengal")])
    ids = [c.missing_id for c in linker.candidates(found("F1", "Fatima", home_district="Nadia"), keep_all=True)]
    assert "M-FATIM" in ids


def test_a_child_known_by_a_pet_name_with_a_father_is_compared_with_every_report_of_its_home_district():
    # The report has no father's name, so no name or father key is shared: only the district fallback finds it.
    others = [report(f"M{k}", name, district="Patna") for k, name in enumerate(["Pooja", "Rekha", "Sunita"] * 20)]
    target = report("M-GEETA", "Geeta Kumari", district="Shahdara", state="Delhi", age=12)
    linker = Linker([*others, target])
    child = found("F1", "छोटी", father_name="Sanjay", home_district="Shahdara", home_state="Delhi")
    assert "M-GEETA" in [c.missing_id for c in linker.candidates(child, keep_all=True)]


def test_a_nameless_child_who_knows_only_its_home_state_is_compared_with_the_reports_of_that_state():
    others = [report(f"M{k}", name, state="Bihar", district="Patna") for k, name in enumerate(["Pooja", "Rekha"] * 20)]
    target = report("M-DELHI", "Sushma", state="Delhi", district="North West")
    linker = Linker([*others, target])
    child = found("F1", "Unknown", home_state="Delhi", state="Maharashtra", district="Mumbai")
    ids = [c.missing_id for c in linker.candidates(child, keep_all=True)]
    assert ids == ["M-DELHI"]


def test_blocks_are_compact_arrays_and_ranking_prefers_the_nearest_age():
    # Many girls of one district and nothing else to go on: the reports nearest in age are compared first.
    reports = [report(f"M{age:02d}-{k}", "", age=age, district="Gaya") for age in range(4, 18) for k in range(10)]
    prepared = [prepare(r) for r in reports]
    index = Index(prepared, max_block=1000)
    assert all(block.typecode == "i" for block in index.blocks.values())
    child = prepare(found("F1", "", age=11, date=D(2025, 1, 5), home_district="Gaya"))
    chosen = [prepared[i].record.age or 0 for i in index.candidates(child, LINK, limit=30)]
    assert sorted(chosen) == [10] * 10 + [11] * 10 + [12] * 10


def test_automatic_workers_fall_back_to_one_when_the_copies_would_not_fit(monkeypatch):
    from picket.tracing import engine

    monkeypatch.setattr(engine.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(engine, "_memory_mb", lambda: (1800.0, 20000.0))  # a million reports indexed
    assert engine.auto_workers(4000) == 1  # 1,800 MB + two copies of 70 % is over 4,000 MB
    monkeypatch.setattr(engine, "_memory_mb", lambda: (900.0, 20000.0))
    assert engine.auto_workers(4000) == 2
    monkeypatch.setattr(engine, "_memory_mb", lambda: (900.0, 1000.0))  # the machine has little to spare
    assert engine.auto_workers(4000) == 1
