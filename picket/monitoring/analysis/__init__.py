"""Analysis of one ad: language, entities (phones, e-mails, handles, ages, money, places, names, licence
numbers), indicators and a risk score with its reasons. No database; see docs/adr/0015-monitoring-analysis.md.

    >>> result = analyse("Girls 14-16 yrs for house work, salary to parents. Call nine0000 12345")
    >>> result.phones, result.flagged, [hit.indicator for hit in result.hits][:2]
    (('9000012345',), True, ['minor_age', 'wages_to_family'])
"""

from __future__ import annotations

from dataclasses import dataclass

from picket.monitoring.analysis import entities
from picket.monitoring.analysis.indicators import Hit, RuleSet, default_rules
from picket.monitoring.analysis.language import detect
from picket.monitoring.analysis.phones import PhoneHit, find_phones
from picket.monitoring.analysis.places import Place, gazetteer
from picket.monitoring.analysis.text import fold, words


@dataclass(frozen=True, slots=True)
class Analysis:
    language: str
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    handles: tuple[str, ...]
    ages: tuple[entities.Age, ...]
    money: tuple[entities.Money, ...]
    places: tuple[Place, ...]
    names: tuple[str, ...]
    licences: tuple[str, ...]
    hits: tuple[Hit, ...]
    risk_score: float
    flagged: bool
    folded: str
    phone_spans: tuple[tuple[int, int], ...]
    place_words: frozenset[str]

    @property
    def indicators(self) -> tuple[str, ...]:
        """Ids of the indicators that count towards the score, strongest first."""
        return tuple(hit.indicator for hit in self.hits if hit.counted)

    def reasons(self) -> list[str]:
        """One line per indicator: id, weight and the text that made it fire."""
        return [
            f"{hit.indicator} ({hit.weight:+.1f}{'' if hit.counted else ', not counted'}): {hit.text!r}"
            for hit in self.hits
        ]


def analyse(text: str, *, rules: RuleSet | None = None, threshold: float | None = None) -> Analysis:
    """Everything Picket reads from one ad's text."""
    rules = rules or default_rules()
    folded = fold(text)
    tokens = words(folded)
    token_set = frozenset(tokens)
    phone_hits: list[PhoneHit] = find_phones(folded, token_set)
    ages = entities.ages(folded, token_set)
    licences = entities.licences(folded)
    hits = rules.hits(folded, ages, licences)
    score = rules.score(hits)
    found_places = gazetteer().find(folded, tokens)
    return Analysis(
        language=detect(folded),
        phones=tuple(dict.fromkeys(hit.number for hit in phone_hits)),
        emails=entities.emails(folded),
        handles=entities.handles(folded),
        ages=ages,
        money=entities.money(folded, token_set),
        places=tuple(dict.fromkeys(place for place, _, _ in found_places)),
        names=entities.names(text, token_set),
        licences=licences,
        hits=hits,
        risk_score=score,
        flagged=score >= (rules.threshold if threshold is None else threshold),
        folded=folded,
        phone_spans=tuple((hit.start, hit.end) for hit in phone_hits),
        place_words=frozenset(word for place, _, _ in found_places for word in fold(place.name).split()),
    )


__all__ = ["Analysis", "Hit", "RuleSet", "analyse", "default_rules"]
