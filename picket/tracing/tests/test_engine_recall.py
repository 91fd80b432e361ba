"""Recall fixes of the tracing engine: dropped final vowels, nameless children, compact blocking (fictional)."""

from __future__ import annotations

import datetime
from dataclasses import replace

from picket.tracing.blocking import Index
from picket.tracing.engine import Config, Linker
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


# --- what ranks a candidate among many: marks, a mother's name, a phone -----------------------------------------

#: Many reports of one district that fit a found child as well as one another (same gender, age, district).
CROWD_NAMES = ["Pooja", "Rekha", "Sunita", "Anjali", "Priya", "Kajal", "Neha", "Rani"]


def crowd(district: str = "Gaya", count: int = 160) -> list[Record]:
    return [report(f"M{k:03d}", CROWD_NAMES[k % len(CROWD_NAMES)], district=district) for k in range(count)]


def compared(reports: list[Record], child: Record, limit: int = 20) -> list[str]:
    linker = Linker(reports, Config(max_compare=limit))
    return [c.missing_id for c in linker.candidates(child, keep_all=True)]


def test_a_mark_described_in_another_language_brings_a_nameless_childs_report_among_the_compared():
    # The child gives only a pet name and its home district; 160 girls of that district fit as well on gender
    # and age. The report written last describes the burn the child's record describes in Hindi.
    target = report("M-TARGET", "Sushma Kumari", district="Gaya", marks="burn mark on left hand")
    child = found("F1", "Guddi", home_district="Gaya", marks="बाएं हाथ पर जलने का निशान")
    assert "M-TARGET" in compared([*crowd(), target], child)
    # Without the mark the report is one of 161 equals and, written last, is not among the 20 compared.
    assert "M-TARGET" not in compared([*crowd(), replace(target, marks="")], child)


def test_a_mothers_name_with_the_childs_name_ranks_a_report_above_namesakes():
    # Rahul is common, and so is Sukhmani among the mothers: only the pair of them is rare (the report was filed
    # where the family lives now, in another state).
    place = {"gender": "M", "district": "Ranchi", "state": "Jharkhand"}
    rahuls = [report(f"R{k:03d}", "Rahul Kumar", **place) for k in range(80)]
    sons = [report(f"S{k:03d}", CROWD_NAMES[k % 8] + " Oraon", mother_name="Sukhmani", **place) for k in range(80)]
    target = report(
        "M-TARGET", "Rahul Soren", gender="M", mother_name="Sookhmani", district="Howrah", state="West Bengal"
    )
    child = found("F1", "Rahul", gender="M", mother_name="Sukhmani", state="Jharkhand", district="Ranchi")
    assert "M-TARGET" in compared([*rahuls, *sons, target], child, limit=10)


def test_a_shared_phone_is_compared_however_many_namesakes_share_more_keys():
    # 40 reports of Subrata in the child's home district share six name and place keys with it (rarer, in a file
    # of 2,000, than the one phone); the report with the family's phone gives another name (a renamed child).
    others = [report(f"M{k:04d}", CROWD_NAMES[k % len(CROWD_NAMES)], district="Patna") for k in range(2000)]
    subratas = [
        report(f"S{k:03d}", "Subrata Das", gender="M", district="Nadia", state="West Bengal") for k in range(40)
    ]
    target = report("M-TARGET", "Pankaj Kumar", gender="M", district="Darbhanga", phone="7561367103")
    child = found("F1", "Subrata", gender="M", home_district="Nadia", home_state="West Bengal", phone="7561367103")
    assert "M-TARGET" in compared([*others, *subratas, target], child)


def test_a_truncated_home_district_is_read_as_the_district_of_the_reports():
    target = report("M-TARGET", "Pooja Kumari", district="Dumka", state="Jharkhand")
    child = found("F1", "Pooja", home_district="Dumk")
    linker = Linker([*crowd("Patna"), *crowd("Dumka")[:3], target])
    best = linker.candidates(child, keep_all=True)[0]
    assert best.missing_id == "M-TARGET"
    assert any(e.field == "home district" and e.verdict == "agrees" for e in best.evidence())


def test_a_common_fathers_name_with_the_home_state_ranks_that_states_report_first():
    # A girl known only as Dolly, her father Sanjay, from West Bengal: 60 Sanjays' daughters were reported in
    # Bihar, and West Bengal's 600 other reports of girls her age fill its state block beyond what is compared.
    bengal = [report(f"W{k:03d}", CROWD_NAMES[k % 8], state="West Bengal", district="Nadia") for k in range(600)]
    sanjays = [report(f"S{k:03d}", CROWD_NAMES[k % 8], father_name="Sanjay Kumar") for k in range(60)]
    target = report("M-TARGET", "Salma", father_name="Sanjay Mondal", state="West Bengal", district="Howrah")
    child = found("F1", "Dolly", father_name="Sanjay", home_state="West Bengal")
    assert "M-TARGET" in compared([*bengal, *sanjays, target], child)
