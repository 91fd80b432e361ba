"""Weak leads: a record's best candidates are kept up to ``LEADS`` even below the possible threshold, labelled as
weak leads, scored honestly, and reviewed after likely and possible matches."""

from typing import Any

import pytest

from picket.intake.models import CaseStatus
from picket.testing.auth import login_verified
from picket.tracing import candidates
from picket.tracing.engine import DEDUPE, LINK, Candidate, Config, Scorer
from picket.tracing.features import Frequencies
from picket.tracing.models import Decision, MatchCandidate
from picket.tracing.templatetags.tracing import probability

from .conftest import register_found, report_missing

LEAD_FLOOR, LEADS = Config().lead_floor, Config().leads


def _candidate(number: int, score: float, config: Config, kind: str = LINK) -> Candidate:
    none: Any = None
    return Candidate(
        missing_id=f"missing:{number}", other_id="found:1", score=score, decision=config.decision(score), kind=kind,
        logit=0.0, offset=0.0, results=(), a=none, b=none, weights={},
    )  # fmt: skip


def _best(kind: str, candidates: list[Candidate]) -> list[Candidate]:
    return Scorer(kind, Config(), choices=100, frequencies=Frequencies.of([])).best(candidates)


def test_weak_leads_top_up_the_candidates_to_five_above_the_floor():
    config = Config()
    scores = [0.97, 0.4, 0.05, 0.01, 0.003, 0.002, LEAD_FLOOR / 2]
    kept = _best(LINK, [_candidate(n, s, config) for n, s in enumerate(scores)])
    assert [c.score for c in kept] == scores[:LEADS]
    assert [c.decision for c in kept] == ["match", "possible", None, None, None]


def test_no_weak_leads_below_the_floor_for_duplicates_or_when_enough_candidates_are_possible():
    config = Config()
    assert _best(LINK, [_candidate(1, LEAD_FLOOR / 2, config)]) == []
    assert _best(DEDUPE, [_candidate(n, 0.05, config, DEDUPE) for n in range(3)]) == []
    many = [_candidate(n, 0.9 - n * 0.01, config) for n in range(14)]
    assert len(_best(LINK, many)) == config.max_candidates


def test_tracing_link_writes_weak_leads_as_possible(tmp_path):
    """The file format has two decisions: a weak lead is one of the "possible" rest."""
    from picket.tracing.engine import Linker
    from picket.tracing.interchange import _row_of
    from picket.tracing.records import Record

    reports = [Record(record_id=f"M-{n}", name="Pooja Kumari", gender="F", age=12) for n in range(400)]
    found = Record(record_id="F-1", name="पूजा", gender="F", age=12)
    rows = Linker(reports, Config(workers=1))._rows(found)
    assert 0 < len(rows) <= LEADS and all(score < Config().possible_threshold for _, _, score, _ in rows)
    assert {_row_of(row)[3] for row in rows} == {"possible"}


def test_probability_shows_small_scores_with_two_significant_digits():
    assert probability(0.934) == "0.93"
    assert probability(0.0017) == "0.0017"
    assert probability(0.01) == "0.01"


@pytest.mark.django_db
def test_a_weak_true_report_among_a_million_is_stored_as_a_weak_lead_and_queued_after_possible_matches(
    world, reviewer_a, manager_a, run_on_commit, monkeypatch, client
):
    """With a million open reports the prior odds of any one pair are tiny: the true report of a girl who gives only
    her first name scores below the possible threshold. It is still stored, as a weak lead."""
    real_count = candidates._cached_count

    def a_million(name: str, queryset: Any) -> int:
        return 1_000_000 if name == "open_missing" else real_count(name, queryset)

    monkeypatch.setattr(candidates, "_cached_count", a_million)
    report = run_on_commit(report_missing, reviewer_a, district=world.district_a)
    found = run_on_commit(
        register_found, manager_a, district=world.district_a2, name="पूजा", father_name="", home_district=None
    )
    stored = MatchCandidate.objects.get(found_child=found, missing_report=report)
    assert stored.decision == Decision.LEAD
    assert LEAD_FLOOR <= stored.score < Config().possible_threshold
    assert found.status == CaseStatus.OPEN

    # A likely match of another found child (the report names her father) is reviewed first.
    monkeypatch.setattr(candidates, "_cached_count", real_count)
    strong = run_on_commit(register_found, manager_a, district=world.district_a2, home_district=world.district_a)
    likely = MatchCandidate.objects.get(found_child=strong, missing_report=report)
    assert likely.decision == Decision.MATCH
    login_verified(client, reviewer_a)
    page = client.get("/tracing/").content.decode()
    assert "Weak lead" in page and "Likely match" in page
    assert page.index("Likely match") < page.index("Weak lead")
    assert probability(stored.score) in page
