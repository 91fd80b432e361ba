"""Every indicator's own examples, run through the whole analysis, and the rules file's checks."""

import dataclasses

import pytest

from picket.monitoring.analysis import analyse
from picket.monitoring.analysis.indicators import RuleError, default_rules, parse_rules
from picket.monitoring.analysis.text import fold
from picket.monitoring.synthetic import generate

RULES = default_rules()
EXAMPLES = [(rule.id, text, True) for rule in RULES.rules for text in rule.positive] + [
    (rule.id, text, False) for rule in RULES.rules for text in rule.negative
]


def fired(text: str) -> set[str]:
    return {hit.indicator for hit in analyse(text).hits}


@pytest.mark.parametrize(
    ("rule_id", "text", "fires"), EXAMPLES, ids=[f"{r}-{'pos' if f else 'neg'}" for r, _, f in EXAMPLES]
)
def test_indicator_examples(rule_id, text, fires):
    assert (rule_id in fired(text)) is fires


def test_every_rule_has_law_description_and_both_kinds_of_example():
    assert len(RULES.rules) >= 25
    for rule in RULES.rules:
        assert rule.law and rule.description and rule.positive and rule.negative


def test_the_issue_indicators_and_counter_indicators_exist():
    ids = {rule.id for rule in RULES.rules}
    wanted = {"minor_age", "minor_words", "no_documents", "wages_to_family", "tourist_visa_work", "recruitment_fee",
              "passport_held", "youth_girls", "round_the_clock", "licence_number", "adult_only",
              "police_verification", "salary_to_bank"}  # fmt: skip
    assert wanted <= ids
    weights = RULES.by_id()
    assert all(weights[i].weight < 0 for i in ("licence_number", "adult_only", "police_verification", "salary_to_bank"))


def test_score_and_reasons():
    result = analyse("Girls 14-16 yrs for house work, salary to parents. Call 90000 12345")
    assert result.flagged and result.risk_score > 0.9
    assert result.indicators[:2] == ("minor_age", "wages_to_family")
    assert any("14-16 yrs" in line for line in result.reasons())
    genuine = analyse("Receptionist wanted, age 21-35, PF and ESI, salary credited to your bank account")
    assert not genuine.flagged and genuine.risk_score < 0.05


def test_counter_indicators_lower_the_score_but_not_after_a_decisive_rule():
    plain = analyse("Hotel job in Dubai, passport will be kept by the company, processing fee Rs 5000")
    licensed = analyse(
        "Hotel job in Dubai, passport will be kept by the company, processing fee Rs 5000. Regd. No. DL/PPA/2020/123"
    )
    assert licensed.risk_score < plain.risk_score
    minors = analyse("Girls 14-16 yrs wanted. Regd. No. DL/PPA/2020/123. Police verification done.")
    minors_plain = analyse("Girls 14-16 yrs wanted.")
    assert minors.risk_score == pytest.approx(minors_plain.risk_score)
    assert {h.indicator for h in minors.hits if not h.counted} == {"police_verification", "licence_number"}


def test_prefilter_gives_the_same_hits_as_running_every_rule():
    plain = dataclasses.replace(RULES, prefilter=None)
    texts = [text for _, text, _ in EXAMPLES] + [s.ad.text for s in generate(1500, seed=11)]
    for text in texts:
        folded = fold(text)
        result = analyse(text)
        assert RULES.hits(folded, result.ages, result.licences) == plain.hits(folded, result.ages, result.licences)


def test_rules_file_errors_name_the_rule():
    base = 'version = 1\nbias = -3.0\nthreshold = 0.5\n[[indicator]]\nid = "x_rule"\nweight = 1.0\n'
    complete = (
        base
        + 'description = "d"\nlaw = "l"\npatterns.en = ["a"]\nexamples.positive = ["a"]\nexamples.negative = ["b"]\n'
    )
    assert parse_rules(complete).rules[0].id == "x_rule"
    with pytest.raises(RuleError, match=r"x_rule.*law"):
        parse_rules(
            base + 'description = "d"\npatterns.en = ["a"]\nexamples.positive = ["a"]\nexamples.negative = ["b"]\n'
        )
    with pytest.raises(RuleError, match=r"x_rule.*examples"):
        parse_rules(base + 'description = "d"\nlaw = "l"\npatterns.en = ["a"]\nexamples.positive = ["a"]\n')
    with pytest.raises(RuleError, match=r"x_rule.*patterns"):
        parse_rules(complete.replace('["a"]\nexamples.positive', '["(a"]\nexamples.positive'))
    with pytest.raises(RuleError, match="repeat"):
        parse_rules(complete + complete.split("\n", 3)[3])
