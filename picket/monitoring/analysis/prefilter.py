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
