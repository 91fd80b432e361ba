"""A prefilter for the indicator rules: which rules can possibly fire on a text, found in one scan.

Each pattern is parsed (``re._parser``) for the literal strings every match must start with ("salary to",
"wage", "no doc"…); their first words are the rule's triggers. The words of an ad, looked up in a table of
triggers, tell which rules have a chance; only those run their full patterns. Rules with a pattern without a
usable literal prefix (one starting with a digit class, say) always run. The result is the same as running
every rule (the tests compare both on every example and on generated ads); it is only faster: of about 30
rules, a handful can fire on a given ad.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Any, Final

# The standard library's own regex parser (private modules, as re._parser/re._constants since Python 3.11).
P: Any = importlib.import_module("re._parser")
C: Any = importlib.import_module("re._constants")

_LIMIT: Final = 256
_CACHE_SIZE: Final = 200_000
_MIN_LENGTH: Final = 2
_ZERO_WIDTH: Final = {C.AT, C.ASSERT, C.ASSERT_NOT}


def _expand(items: Iterable[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """Literal prefixes of a parsed sequence, and whether they are its whole matches. When the set would grow
    past a limit, expansion stops there (shorter prefixes are still prefixes)."""
    results = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        grown: set[str]
        complete = True
        if op is C.LITERAL:
            grown = {r + chr(av) for r in results}
        elif op is C.IN and av and all(o is C.LITERAL for o, _ in av):
            grown = {r + chr(c) for r in results for _, c in av}
        elif op is C.SUBPATTERN:
            strings, complete = _expand(av[-1])
            grown = {r + s for r in results for s in strings}
        elif op is C.BRANCH:
            alternatives = [_expand(branch) for branch in av[1]]
            complete = all(done for _, done in alternatives)
            grown = {r + s for r in results for strings, _ in alternatives for s in strings}
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, high, sub_items = av
            strings, done = _expand(sub_items)
            if low == 0 and high == 1 and done:
                grown = results | {r + s for r in results for s in strings}
            elif low >= 1:
                grown, complete = {r + s for r in results for s in strings}, False
            else:
                return results, False
        else:
            return results, False
        if len(grown) > _LIMIT:
            return results, False
        results = grown
        if not complete:
            return results, False
    return results, True


def literal_prefixes(pattern: str) -> set[str] | None:
    """Strings one of which starts every match of ``pattern``; None when there is no useful set."""
    prefixes, _ = _expand(P.parse(pattern))
    if not prefixes or any(not p for p in prefixes):
        return None
    return prefixes


_WORD: Final = re.compile(r"[a-z0-9\u0900-\u0963\u0971-\u097f]+")


class Prefilter:
    """Which of a list of rules (each a list of patterns) may match a text.

    A literal prefix gives a *trigger*: its first word when the literal goes on past that word ("salary to"
    → the word "salary"), else the start of a word ("ladki" → any word beginning "ladki"). A rule is a
    candidate when a word of the text is one of its whole-word triggers or begins with one of its partial
    ones. Rules with a pattern without triggers are always candidates.
    """

    def __init__(self, rules: Sequence[Sequence[str]]):
        self.always: set[int] = set()
        self.whole: dict[str, set[int]] = {}
        self.partial: dict[str, set[int]] = {}
        for index, patterns in enumerate(rules):
            triggers = [_trigger(prefix) for pattern in patterns for prefix in literal_prefixes(pattern) or [""]]
            if not triggers or any(t is None for t in triggers):
                if patterns:
                    self.always.add(index)
                continue
            for trigger in triggers:
                assert trigger is not None
                word, is_whole = trigger
                (self.whole if is_whole else self.partial).setdefault(word, set()).add(index)
        self.lengths = sorted({len(p) for p in self.partial})
        self._cache: dict[str, frozenset[int]] = {}

    def _rules_of(self, word: str) -> frozenset[int]:
        found = set(self.whole.get(word, ()))
        for length in self.lengths:
            if length > len(word):
                break
            found |= self.partial.get(word[:length], set())
        result = frozenset(found)
        if len(self._cache) < _CACHE_SIZE:
            self._cache[word] = result
        return result

    def candidates(self, text: str) -> set[int]:
        found = set(self.always)
        cache = self._cache
        for word in set(_WORD.findall(text)):
            rules = cache.get(word)
            if rules is None:
                rules = self._rules_of(word)
            if rules:
                found |= rules
        return found


def _trigger(prefix: str) -> tuple[str, bool] | None:
    """The trigger of a literal prefix: (word, True) for a whole word, (start, False) for a word's start."""
    match = _WORD.match(prefix)
    if match is None:
        return None
    is_whole = match.end() < len(prefix)
    if not is_whole and len(match.group()) < _MIN_LENGTH:
        return None
    return match.group(), is_whole


# --- where the patterns can start ------------------------------------------------------------------------------

_MIN_START: Final = 2  # shorter literals (a digit, "₹") start too many places: such a regex scans the text


def _start_literals(items: Any) -> set[str] | None:
    """Literal prefixes of a parsed pattern, an alternation taken branch by branch (so that a rule's many
    patterns, joined, do not exceed the expansion limit together); None when some match has none."""
    consuming = [(op, av) for op, av in items if op not in _ZERO_WIDTH]
    if len(consuming) == 1:
        op, av = consuming[0]
        if op is C.SUBPATTERN:
            return _start_literals(av[-1])
        if op is C.BRANCH:
            found: set[str] = set()
            for branch in av[1]:
                literals = _start_literals(branch)
                if literals is None:
                    return None
                found |= literals
            return found
    prefixes, _ = _expand(consuming)
    if not prefixes or any(len(p) < _MIN_START for p in prefixes):
        return None
    return prefixes


class Starts:
    """Where each of a list of compiled regular expressions can start matching in a text, from one
    Aho-Corasick pass (``pyahocorasick``) over the literal prefixes of their matches.

    ``positions(text)`` gives, for each regex that has such prefixes, the sorted positions in ``text`` where
    one of them occurs: every match of the regex starts at one of them, so trying the regex only there
    (``regex.match(text, position)``) finds the same matches as ``finditer`` (:func:`first_matches`).
    Regexes without usable prefixes are listed in ``scan``: they must run over the whole text.
    """

    def __init__(self, regexes: Sequence[re.Pattern[str]]):
        import ahocorasick  # type: ignore[import-not-found]

        self.scan: list[int] = []
        by_literal: dict[str, list[tuple[int, int]]] = {}
        for index, regex in enumerate(regexes):
            literals = _start_literals(P.parse(regex.pattern, regex.flags))
            if literals is None:
                self.scan.append(index)
                continue
            for literal in literals:
                by_literal.setdefault(literal, []).append((index, len(literal) - 1))
        self.automaton: Any = ahocorasick.Automaton()
        for literal, owners in by_literal.items():
            self.automaton.add_word(literal, tuple(owners))
        self.empty = not by_literal
        if not self.empty:
            self.automaton.make_automaton()

    def positions(self, text: str) -> dict[int, list[int]]:
        """Regex index → sorted distinct start positions of its literal prefixes in ``text``."""
        found: dict[int, set[int]] = {}
        if self.empty:
            return {}
        for end, owners in self.automaton.iter(text):
            for index, back in owners:
                starts = found.get(index)
                if starts is None:
                    found[index] = {end - back}
                else:
                    starts.add(end - back)
        return {index: sorted(starts) for index, starts in found.items()}


def first_matches(regex: re.Pattern[str], text: str, starts: Sequence[int]) -> Iterable[re.Match[str]]:
    """The matches ``regex.finditer(text)`` gives, when every match starts at one of ``starts`` (sorted):
    left to right, not overlapping (a match is looked for only from the end of the previous one)."""
    after = 0
    for start in starts:
        if start < after:
            continue
        found = regex.match(text, start)
        if found is not None:
            yield found
            after = found.end()
