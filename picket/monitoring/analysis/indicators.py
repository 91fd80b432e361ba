"""Risk indicators as data: rules read from ``data/indicators.toml`` (see its header), and the risk score.

A rule fires at most once per ad and gives its id, its weight and the text that made it fire. The score is
``1 / (1 + exp(-(bias + Σ weights)))``; counter-indicators (negative weights) are left out of the sum, and
shown as not counted, when a ``decisive`` rule fired.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Final

from picket.monitoring.analysis.entities import Age
from picket.monitoring.analysis.prefilter import Prefilter, Starts, first_matches

PATTERN: Final = "pattern"
KINDS: Final = (PATTERN, "minor_age", "adult_only", "licence")
LANGUAGES: Final = ("en", "hinglish", "hi")
_BEFORE: Final = 30
_AFTER: Final = 25


class RuleError(ValueError):
    """An indicators file that cannot be used; names the rule."""


@dataclass(frozen=True, slots=True)
class Hit:
    indicator: str
    weight: float
    text: str
    counted: bool = True


@dataclass(frozen=True)
class Rule:
    id: str
    weight: float
    description: str
    law: str
    kind: str = PATTERN
    decisive: bool = False
    age_below: int = 18
    patterns: dict[str, tuple[str, ...]] | None = None
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    regexes: tuple[re.Pattern[str], ...] = ()
    unless_before: re.Pattern[str] | None = None
    unless_after: re.Pattern[str] | None = None
    requires: tuple[re.Pattern[str], ...] = ()

    def match(
        self,
        folded: str,
        ages: Sequence[Age],
        licences: Sequence[str],
        starts: Sequence[Sequence[int] | None] | None = None,
    ) -> str | None:
        """The text that makes this rule fire on an ad, or ``None``. ``starts``: for each of ``regexes``, the
        only positions where its matches can start (:class:`~.prefilter.Starts`), or None to scan the text."""
        if self.kind == "minor_age":
            return next((a.text for a in ages if not a.adult_only and a.low < self.age_below), None)
        if self.kind == "adult_only":
            return next((a.text for a in ages if a.adult_only), None)
        if self.kind == "licence":
            return licences[0] if licences else None
        for index, regex in enumerate(self.regexes):
            where = starts[index] if starts is not None else None
            for found in regex.finditer(folded) if where is None else first_matches(regex, folded, where):
                start, end = found.span()
                if self.unless_before and self.unless_before.search(folded[max(0, start - _BEFORE) : start]):
                    continue
                if self.unless_after and self.unless_after.search(folded[end : end + _AFTER]):
                    continue
                if self.requires and not any(r.search(folded) for r in self.requires):
                    return None
                return found.group()
        return None


def _compile(rule_id: str, field: str, patterns: Sequence[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error as error:
        raise RuleError(f"indicator '{rule_id}', {field}: {error}") from None


def _compile_patterns(rule_id: str, patterns: Sequence[str], field: str = "patterns") -> tuple[re.Pattern[str], ...]:
    """Patterns that start with ``\\b`` are joined under one look-behind ``(?<!\\w)``: the same meaning, but
    ``re`` can then skip ahead by the first characters instead of trying every position (about 10x faster)."""
    bounded = [p[2:] for p in patterns if p.startswith("\\b")]
    others = [p for p in patterns if not p.startswith("\\b")]
    result = []
    if bounded:
        joined = _compile(rule_id, field, ["|".join(f"(?:{p})" for p in bounded)])
        assert joined is not None
        result.append(re.compile(rf"(?<!\w)(?:{joined.pattern})"))
    if others:
        joined = _compile(rule_id, field, others)
        assert joined is not None
        result.append(joined)
    return tuple(result)


def _strings(rule_id: str, value: Any, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"indicator '{rule_id}': {field} must be a list of strings")
    return tuple(value)


def _rule(entry: dict[str, Any]) -> Rule:
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]{1,40}", rule_id):
        raise RuleError(f"indicator id {rule_id!r} must be lower-case letters, digits and underscores")
    kind = entry.get("kind", PATTERN)
    if kind not in KINDS:
        raise RuleError(f"indicator '{rule_id}': kind must be one of {', '.join(KINDS)}")
    weight = entry.get("weight")
    if not isinstance(weight, int | float) or isinstance(weight, bool) or not -10 <= weight <= 10:
        raise RuleError(f"indicator '{rule_id}': weight must be a number between -10 and 10")
    for field in ("description", "law"):
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            raise RuleError(f"indicator '{rule_id}': {field} is required")
    raw_patterns = entry.get("patterns", {})
    unknown = set(raw_patterns) - set(LANGUAGES)
    if unknown:
        raise RuleError(f"indicator '{rule_id}': patterns for unknown language(s) {', '.join(sorted(unknown))}")
    patterns = {lang: _strings(rule_id, raw_patterns.get(lang), f"patterns.{lang}") for lang in LANGUAGES}
    every = [p for lang in LANGUAGES for p in patterns[lang]]
    if kind == PATTERN and not every:
        raise RuleError(f"indicator '{rule_id}': a pattern rule needs patterns")
    examples = entry.get("examples", {})
    positive = _strings(rule_id, examples.get("positive"), "examples.positive")
    negative = _strings(rule_id, examples.get("negative"), "examples.negative")
    if not positive or not negative:
        raise RuleError(f"indicator '{rule_id}': needs positive and negative examples")
    return Rule(
        id=rule_id,
        weight=float(weight),
        description=entry["description"].strip(),
        law=entry["law"].strip(),
        kind=kind,
        decisive=bool(entry.get("decisive", False)),
        age_below=int(entry.get("age_below", 18)),
        patterns=patterns,
        positive=positive,
        negative=negative,
        regexes=_compile_patterns(rule_id, every),
        unless_before=_compile(rule_id, "unless_before", _strings(rule_id, entry.get("unless_before"), "unless")),
        unless_after=_compile(rule_id, "unless_after", _strings(rule_id, entry.get("unless_after"), "unless")),
        requires=_compile_patterns(rule_id, _strings(rule_id, entry.get("requires"), "requires"), "requires"),
    )


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    bias: float
    threshold: float
    version: int
    prefilter: Prefilter | None = None

    @cached_property
    def _starts(self) -> tuple[Starts, tuple[tuple[int, ...], ...], tuple[int, ...], frozenset[int], frozenset[int]]:
        """One multi-pattern matcher over every pattern rule's regexes; each rule's regexes (their numbers); the
        rule each regex belongs to; the regexes that must scan the whole text; the rules always tried."""
        regexes: list[re.Pattern[str]] = []
        numbers = []
        owner: list[int] = []
        for index, rule in enumerate(self.rules):
            first = len(regexes)
            if rule.kind == PATTERN:
                regexes.extend(rule.regexes)
                owner.extend([index] * len(rule.regexes))
            numbers.append(tuple(range(first, len(regexes))))
        starts = Starts(regexes)
        always = {i for i, rule in enumerate(self.rules) if rule.kind != PATTERN} | {owner[n] for n in starts.scan}
        return starts, tuple(numbers), tuple(owner), frozenset(starts.scan), frozenset(always)

    def hits(self, folded: str, ages: Sequence[Age], licences: Sequence[str]) -> tuple[Hit, ...]:
        """The rules that fire, strongest first; counter-indicators marked not counted after a decisive rule.

        A pattern rule is tried only where its patterns' literal prefixes occur (one Aho-Corasick pass,
        :class:`~.prefilter.Starts`): the same hits as trying every rule on the whole text, faster."""
        starts, numbers, owner, scan, always = self._starts
        positions = starts.positions(folded)
        fired = []
        for index in sorted(always.union([owner[n] for n in positions])):
            rule = self.rules[index]
            if rule.kind != PATTERN:
                text = rule.match(folded, ages, licences)
            else:
                where = [None if n in scan else positions.get(n, ()) for n in numbers[index]]
                text = rule.match(folded, ages, licences, where)
            if text is not None:
                fired.append((rule, text))
        decisive = any(rule.decisive for rule, _ in fired)
        hits = [Hit(rule.id, rule.weight, text, counted=not (decisive and rule.weight < 0)) for rule, text in fired]
        return tuple(sorted(hits, key=lambda h: (-h.weight, h.indicator)))

    def score(self, hits: Sequence[Hit]) -> float:
        logit = self.bias + sum(hit.weight for hit in hits if hit.counted)
        return 1.0 / (1.0 + math.exp(-logit))

    def by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}


def parse_rules(text: str, *, source: str = "indicators.toml") -> RuleSet:
    """A rule set from TOML text; :class:`RuleError` names the rule at fault."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleError(f"{source}: {error}") from None
    entries = document.get("indicator")
    if not isinstance(entries, list) or not entries:
        raise RuleError(f"{source}: no [[indicator]] entries")
    bias, threshold = document.get("bias", -3.0), document.get("threshold", 0.5)
    if not isinstance(bias, int | float) or not isinstance(threshold, int | float) or not 0 < threshold < 1:
        raise RuleError(f"{source}: bias must be a number and threshold between 0 and 1")
    return rule_set(
        entries, bias=float(bias), threshold=float(threshold), version=int(document.get("version", 1)), source=source
    )


def compile_rule(entry: dict[str, Any]) -> Rule:
    """One rule from an entry shaped like a ``[[indicator]]`` table; :class:`RuleError` names what is wrong."""
    return _rule(entry)


def rule_set(
    entries: Sequence[dict[str, Any]], *, bias: float, threshold: float, version: int, source: str = "indicators"
) -> RuleSet:
    """A rule set from entries shaped like ``[[indicator]]`` tables: the file's, or the database's rows
    (``picket/monitoring/indicator_catalogue.py``)."""
    rules = tuple(_rule(entry) for entry in entries)
    ids = [rule.id for rule in rules]
    if len(set(ids)) != len(ids):
        raise RuleError(f"{source}: indicator ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
    patterns = [[p for lang in LANGUAGES for p in (rule.patterns or {}).get(lang, ())] for rule in rules]
    prefilter = Prefilter([p if rule.kind == PATTERN else [] for rule, p in zip(rules, patterns, strict=True)])
    return RuleSet(rules, bias, threshold, version, prefilter)


def load_rules(path: Path | None = None) -> RuleSet:
    """The rules in ``path``, or the shipped ``data/indicators.toml``."""
    if path is not None:
        return parse_rules(Path(path).read_text(encoding="utf-8"), source=Path(path).name)
    return default_rules()


@cache
def default_rules() -> RuleSet:
    text = resources.files("picket.monitoring").joinpath("data", "indicators.toml").read_text(encoding="utf-8")
    return parse_rules(text)
