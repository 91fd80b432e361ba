"""The words of an ad as an operator's template sees them: slots masked, then word 3-gram shingles.

Operators rotate phone numbers, contact names, cities and amounts between otherwise identical ads, so those
are replaced by slot tokens before shingling: a phone (its span, also when spelled out) disappears, a
number becomes ``#``, a place ``<place>``, a contact name ``<name>``, a handle or e-mail ``<id>``. Two posts
of one template then share nearly all their shingles.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import rensa  # type: ignore[import-untyped]

from picket.monitoring.analysis import Analysis
from picket.monitoring.analysis.text import fold, words

SHINGLE_WORDS: Final = 3
NUMBER: Final = "#"
PLACE: Final = "<place>"
NAME: Final = "<name>"
IDENTIFIER: Final = "<id>"


def slot_tokens(analysis: Analysis) -> list[str]:
    """The words of an ad with its slots masked (see the module doc)."""
    text = analysis.folded
    if analysis.phone_spans:
        pieces, last = [], 0
        for start, end in analysis.phone_spans:
            pieces.append(text[last:start])
            pieces.append(" ")
            last = end
        pieces.append(text[last:])
        text = "".join(pieces)
    names = {w for name in analysis.names for w in fold(name).split()}
    identifiers = {w for value in analysis.handles + analysis.emails for w in words(value.split(":", 1)[-1])}
    places = analysis.place_words
    tokens: list[str] = []
    slot: str
    for word in words(text):
        if word[0].isdigit():  # a word is all letters or all digits (text.WORD)
            slot = NUMBER
        elif word in places:
            slot = PLACE
        elif word in names:
            slot = NAME
        elif word in identifiers:
            slot = IDENTIFIER
        else:
            slot = word
        if not (slot == NUMBER and tokens and tokens[-1] == NUMBER):
            tokens.append(slot)
    return tokens


def shingles(tokens: list[str]) -> list[str]:
    """Word 3-grams (the words themselves for a text of fewer than three)."""
    if len(tokens) < SHINGLE_WORDS:
        return tokens
    return [" ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)]


def hashed(token_sets: list[list[str]]) -> list[np.ndarray]:
    """Each document's shingles as sorted, distinct 64-bit hashes (rensa's FxHash: the same in every process)."""
    return [np.unique(np.asarray(h, dtype=np.uint64)) for h in rensa.RMinHash.hash_token_sets(token_sets)]


def as_tokens(hashes: np.ndarray) -> list[bytes]:
    """Hashes as 8-byte tokens for a MinHash sketch."""
    data = hashes.tobytes()
    return [data[i : i + 8] for i in range(0, len(data), 8)]
