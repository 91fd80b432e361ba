"""The tracing engine on small, clearly fictional records (no database)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import replace

import pytest

from picket.people.names import phonetic_key
from picket.tracing.calibration import anchored, calibrate, link_training_pairs, log_loss, reliability
from picket.tracing.engine import MATCH, POSSIBLE, Candidate, Config, Deduper, Linker, sigmoid
from picket.tracing.explain import VERDICTS
from picket.tracing.features import DEDUPE, LINK, age_level, expected_age
from picket.tracing.records import Record, prepare, relative_in_name
from picket.tracing.synthetic import link_dataset
from picket.tracing.text import languages, mark_terms, phones, place_key
from picket.tracing.weights import DEFAULT_LINK, PRIOR_LINK

D = datetime.date


def report(record_id: str, name: str, **fields: object) -> Record:
    base: dict[str, object] = {
        "gender": "F",
        "age": 12,
        "date": D(2025, 1, 5),
        "state": "Bihar",
        "district": "Gaya",
    }
    base.update(fields)
    return Record(record_id=record_id, name=name, **base)  # type: ignore[arg-type]


def found(record_id: str, name: str, **fields: object) -> Record:
    base: dict[str, object] = {
        "gender": "F",
        "age": 14,
        "date": D(2026, 10, 1),
        "state": "Maharashtra",
        "district": "Mumbai",
        "home_state": "Bihar",
        "home_district": "गया",
    }
    base.update(fields)
    return Record(record_id=record_id, name=name, **base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def background() -> list[Record]:
    """300 fictional reports, so that scores are those of a realistic file, not of a three-line one."""
    return link_dataset(41, missing=300, found=0).missing


POOJA = report("M-POOJA", "Pooja Kumari", father_name="Ramesh Yadav", mother_name="Sunita Devi", language="Magahi")
REKHA = report("M-REKHA", "Rekha Kumari", father_name="Ramesh Yadav", mother_name="Sunita Devi", age=13)
FOUND_POOJA = found("F-1", "पूजा", father_name="रमेश", language="Hindi")


def explained(candidate: object) -> dict[str, tuple[str, str]]:
    return {field: (verdict, text) for field, verdict, text in candidate.explain()}  # type: ignore[attr-defined]


# --- the cases of the issue ------------------------------------------------------------------------------------


def test_pooja_and_father_ramesh_in_either_script_is_a_match_and_explains_both(background):
    # The harsh synthetic background makes Pooja about one girl in seven and Ramesh a very common father; in a
    # file where they are ordinary names, the same evidence is a match.
    ordinary = [
        r
        for r in background
        if {phonetic_key(r.name.split(" ")[0]), phonetic_key(r.father_name.split(" ")[0])}.isdisjoint(
            {"puja", "ramesh"}
        )
    ]
    candidates = Linker([*ordinary, POOJA]).candidates(FOUND_POOJA)
    assert candidates[0].missing_id == "M-POOJA"
    assert candidates[0].score >= Config().match_threshold
    assert candidates[0].decision == MATCH
    common = Linker([*background, POOJA]).candidates(FOUND_POOJA)
    assert common[0].missing_id == "M-POOJA"
    assert common[0].score < candidates[0].score  # a shared common name says less
    why = explained(candidates[0])
    assert why["child's name"] == ("agrees", "Pooja Kumari ≈ पूजा")
    assert why["father's name"] == ("agrees", "Ramesh Yadav ≈ रमेश")
    assert why["home district"][0] == "agrees"
    assert why["age"] == ("fits", "reported 12 in 2025-01, found aged ~14 in 2026-10 (expected about 14)")


def test_a_sibling_with_the_same_father_scores_below_one_half(background):
    linker = Linker([*background, POOJA, REKHA])
    sibling = linker.compare(REKHA, FOUND_POOJA)
    assert sibling.score < 0.5
    assert linker.compare(POOJA, FOUND_POOJA).score > sibling.score
    assert explained(sibling)["family"][0] == "conflicts"
    # Two reports of the two sisters are not duplicates either (not even "possible" ones).
    assert Deduper([*background, POOJA, REKHA]).compare(POOJA, REKHA).score < 0.2


def test_a_nickname_with_the_right_father_is_at_least_possible(background):
    boy = report("M-RAHUL", "Rahul Kumar", gender="M", age=9, father_name="Suresh Paswan", date=D(2024, 6, 1))
    linker = Linker([*background, boy])
    for nickname in ("Guddu", "Chhotu", "छोटू"):
        child = found("F-2", nickname, gender="M", age=11, date=D(2025, 9, 1), father_name="Suresh")
        candidates = linker.candidates(child)
        assert [c.missing_id for c in candidates][:1] == ["M-RAHUL"], nickname
        assert candidates[0].decision in (MATCH, POSSIBLE)
        assert explained(candidates[0])["child's name"][0] == "neutral"


def test_age_counts_the_years_between_report_and_finding():
    reported = prepare(report("M", "Pooja", age=10, date=D(2020, 3, 1)))
    assert expected_age(reported, prepare(found("F", "Pooja", age=16, date=D(2026, 3, 1)))) == pytest.approx(16, 0.01)
    assert age_level(reported, prepare(found("F", "Pooja", age=16, date=D(2026, 3, 1))), LINK) == "exact"
    assert age_level(reported, prepare(found("F", "Pooja", age=18, date=D(2026, 3, 1))), LINK) == "fits"  # ±3
    assert age_level(reported, prepare(found("F", "Pooja", age=11, date=D(2026, 3, 1))), LINK) == "near"
    assert age_level(reported, prepare(found("F", "Pooja", age=8, date=D(2026, 3, 1))), LINK) == "far"
    # Without the elapsed years a 10-year-old found aged 16 would look like another child.
    assert age_level(reported, prepare(found("F", "Pooja", age=10, date=D(2020, 4, 1))), LINK) == "exact"
    # Two parents' reports are held to a tighter tolerance than a found child's estimate.
    assert age_level(reported, prepare(report("R", "Pooja", age=13, date=D(2020, 3, 3))), DEDUPE) == "far"


def test_found_before_going_missing_is_penalised(background):
    linker = Linker([*background, POOJA])
    after = linker.compare(POOJA, FOUND_POOJA)
    before = linker.compare(POOJA, replace(FOUND_POOJA, date=D(2024, 6, 1), age=11))
    slip = linker.compare(POOJA, replace(FOUND_POOJA, date=D(2024, 12, 20), age=12))
    assert before.score < 0.5 < after.score
    assert explained(before)["dates"][0] == "conflicts"
    assert "before going missing" in explained(before)["dates"][1]
    assert slip.score > before.score  # a slip of a few days is not an impossibility


def test_a_shared_phone_dominates(background):
    boy = report("M-AMIT", "Amit", gender="M", age=8, district="Patna", phone="+91 98765 43210")
    linker = Linker([*background, boy])
    child = found("F-3", "Chhotu", gender="M", age=9, date=D(2025, 4, 1), home_district="", phone="09876543210")
    candidates = linker.candidates(child)
    assert candidates[0].missing_id == "M-AMIT"
    assert candidates[0].score >= 0.8
    assert explained(candidates[0])["phone"] == ("agrees", "same number (…3210)")
    without = linker.compare(boy, replace(child, phone=""))
    assert without.score < 0.5


def test_scores_are_absolute_not_relative_to_the_best_candidate(background):
    """A second strong candidate does not lower the first one's score (same file size, same frequencies)."""
    twin = replace(POOJA, record_id="M-TWIN")
    alone = Linker([*background, POOJA, background[0]]).compare(POOJA, FOUND_POOJA).score
    crowded = Linker([*background, POOJA, twin]).compare(POOJA, FOUND_POOJA).score
    assert crowded == pytest.approx(alone, abs=0.02)


def test_a_bigger_file_makes_a_bare_resemblance_weaker(background):
    """The prior odds spread over the file: 'Pooja, a girl of 12 from Gaya' means less among 300 reports."""
    bare = found("F-4", "Pooja", father_name="", home_district="Gaya")
    small = Linker([POOJA, REKHA]).compare(POOJA, bare).score
    large = Linker([*background, POOJA, REKHA]).compare(POOJA, bare).score
    assert large < small


def test_at_most_ten_candidates_best_first(background):
    poojas = [report(f"M-P{k}", "Pooja Kumari", father_name="Ramesh") for k in range(15)]
    candidates = Linker([*background, *poojas]).candidates(FOUND_POOJA)
    assert len(candidates) == 10
    scores = [c.score for c in candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_every_verdict_is_from_the_vocabulary(background):
    linker = Linker([*background, POOJA, REKHA])
    for record in (POOJA, REKHA, background[3]):
        for evidence in linker.compare(record, FOUND_POOJA).evidence():
            assert evidence.verdict in VERDICTS, evidence


# --- dedupe ----------------------------------------------------------------------------------------------------


def test_dedupe_finds_one_child_reported_at_two_police_stations_and_not_two_children(background):
    first = report("R-1", "Puja Kumari", father_name="Ramesh Yadav", phone="9876501234", place="Belaganj")
    second = report(
        "R-2",
        "पूजा",
        father_name="रमेश यादव",
        phone="9876501234",
        date=D(2025, 1, 7),
        state="Bihar",
        district="Patna",
        age=12,
    )
    other = report("R-3", "Pooja Kumari", father_name="Mahesh Sharma", age=7, district="Patna", date=D(2023, 8, 1))
    pairs = Deduper([*background, first, second, other]).duplicates()
    found_pairs = {frozenset((c.missing_id, c.other_id)): c for c in pairs}
    assert found_pairs[frozenset(("R-1", "R-2"))].decision == MATCH
    assert all(frozenset(("R-3", x)) not in found_pairs for x in ("R-1", "R-2"))
    why = explained(found_pairs[frozenset(("R-1", "R-2"))])
    assert why["dates"] == ("agrees", "missing since 2025-01-05 and 2025-01-07 (2 days apart)")


# --- text normalisation ----------------------------------------------------------------------------------------


def test_fields_in_other_words_and_scripts_compare_equal():
    assert place_key("East Champaran") == place_key("Purbi Champaran")
    assert place_key("UP") == place_key("Uttar Pradesh")
    assert place_key("गया") == place_key("Gaya")
    assert languages("Bangla") == languages("Bengali") == {"bengali"}
    assert languages("हिंदी, Bhojpuri") == {"hindi", "bhojpuri"}
    assert mark_terms("burn mark left hand") == mark_terms("jala hua nishan baayen haath")
    assert mark_terms("burn mark left hand") == mark_terms("बाएं हाथ पर जलने का निशान")
    assert phones("+91 98765-43210 / 09123456780") == {"9876543210", "9123456780"}
    assert phones("1234") == set()
    assert relative_in_name("Pooja d/o Ramesh") == "ramesh"


# --- calibration -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_pairs() -> list[tuple[Candidate, bool]]:
    """Labelled candidate pairs of a small synthetic set (not one the shipped weights were fitted on)."""
    return link_training_pairs(77, missing=600, found=300, weights=DEFAULT_LINK)


def test_shipped_weights_give_scores_that_behave_as_probabilities(synthetic_pairs):
    scored = [(c.score, y) for c, y in synthetic_pairs]
    low = reliability(scored, edges=(0.0, 0.2, 1.0))[0]
    assert low.true_share < 0.05
    merged = [(s, y) for s, y in scored if s >= 0.8]
    assert len(merged) >= 20
    assert sum(y for _, y in merged) / len(merged) >= 0.8  # "match" pairs are mostly true
    band = [(s, y) for s, y in scored if 0.2 <= s < 0.8]
    share = sum(y for _, y in band) / len(band)
    assert 0.2 <= share <= 0.85  # "possible" pairs are a real mix, roughly as scored
    assert abs(share - sum(s for s, _ in band) / len(band)) < 0.2


def test_calibrate_fits_weights_that_beat_the_priors_on_fresh_data(synthetic_pairs):
    train = link_training_pairs(78, missing=500, found=250, weights=PRIOR_LINK)
    weights = calibrate(train, prior=PRIOR_LINK)
    assert weights["name=missing"] == 0 and weights["phone=unknown"] == 0  # anchored
    fitted = Config(weights=weights)
    test = [(c, y) for c, y in synthetic_pairs]
    prior_loss = log_loss((sigmoid(_logit(c, PRIOR_LINK)), y) for c, y in test)
    fitted_loss = log_loss((sigmoid(_logit(c, fitted.weights or {})), y) for c, y in test)
    assert fitted_loss < prior_loss


def _logit(candidate: Candidate, weights: Mapping[str, float]) -> float:
    return candidate.offset + sum(weights.get(k, 0.0) * v for k, v in candidate.features().items())


def test_anchoring_keeps_every_prediction():
    weights = {"bias": 0.5, "phone=same": 7.0, "phone=unknown": 1.0, "phone=differ": -1.0, "name:tf": 1.0}
    shifted = anchored(weights)
    assert shifted["phone=unknown"] == 0 and shifted["bias"] == 1.5 and shifted["phone=same"] == 6.0
    for level in ("same", "unknown", "differ"):
        assert weights["bias"] + weights[f"phone={level}"] == pytest.approx(shifted["bias"] + shifted[f"phone={level}"])
