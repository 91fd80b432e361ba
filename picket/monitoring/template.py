"""A network's template: its members' texts aligned word by word, the words that vary marked as slots.

The member whose words agree most with the others (the medoid, by ``difflib`` ratio over a sample) is the
backbone; every other member is aligned to it (``difflib.SequenceMatcher`` on words). A backbone word kept
by at least ``fixed_share`` of the members is fixed; a run of other words is a slot, with the values the
members put there. Enough for an analyst to see "Girls {14-16} yrs for {Delhi}, call {9000…}".
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

MAX_MEMBERS: Final = 40
SLOT: Final = "{…}"


@dataclass
class Slot:
    values: Counter[str] = field(default_factory=Counter)


@dataclass
class Template:
    parts: list[str | Slot]  # fixed words (str) and slots, in order
    members: int

    def text(self) -> str:
        """The template with each slot as ``{…}``."""
        return " ".join(SLOT if isinstance(part, Slot) else part for part in self.parts)

    def slots(self) -> list[list[str]]:
        """Each slot's values, commonest first."""
        return [[value for value, _ in part.values.most_common()] for part in self.parts if isinstance(part, Slot)]


def _sample(texts: Sequence[str]) -> list[list[str]]:
    step = max(1, len(texts) // MAX_MEMBERS)
    return [text.split() for text in texts[::step][:MAX_MEMBERS]]


def template(texts: Sequence[str], *, fixed_share: float = 0.8) -> Template:
    """The template of a network's texts (at most 40 of them are aligned, evenly spread)."""
    members = [words for words in _sample(texts) if words]
    if not members:
        return Template([], 0)
    if len(members) == 1:
        return Template(list(members[0]), 1)

    def agreement(candidate: list[str]) -> float:
        return sum(difflib.SequenceMatcher(None, candidate, other, autojunk=False).ratio() for other in members)

    backbone = max(members, key=agreement)
    alignments = [difflib.SequenceMatcher(None, backbone, words, autojunk=False).get_opcodes() for words in members]
    kept = [0] * len(backbone)
    for opcodes in alignments:
        for tag, i1, i2, _, _ in opcodes:
            if tag == "equal":
                for i in range(i1, i2):
                    kept[i] += 1
    fixed = [count >= fixed_share * len(members) for count in kept]
    runs: list[tuple[int, int]] = []
    for i, is_fixed in enumerate(fixed):
        if not is_fixed:
            if runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
    slots = {run: Slot() for run in runs}
    for words, opcodes in zip(members, alignments, strict=True):
        for (start, end), slot in slots.items():
            value = []
            for tag, i1, i2, j1, j2 in opcodes:
                if tag == "equal":
                    low, high = max(i1, start), min(i2, end)
                    value += words[j1 + low - i1 : j1 + high - i1] if low < high else []
                elif (i1 < end and i2 > start) or (i1 == i2 and start <= i1 <= end and tag == "insert"):
                    value += words[j1:j2]
            if value:
                slot.values[" ".join(value)] += 1
    parts: list[str | Slot] = []
    i = 0
    for start, end in [*runs, (len(backbone), len(backbone))]:
        parts += backbone[i:start]
        if start < end:
            parts.append(slots[(start, end)])
        i = end
    return Template(parts, len(members))
