"""Text folding shared by every analyser: one lower-case form in which digits of any script are ASCII.

``fold`` keeps the text's length-independent structure (punctuation, spacing) because phone numbers, ages and
prices are read from it; it only changes characters whose meaning does not change:

- Unicode NFC; every decimal digit of any script (Devanagari, Bengali, Gujarati, full-width…) becomes
  ASCII 0-9; emoji keycaps ("9️⃣") lose their variation selector and keycap mark;
- lower case; typographic quotes and dashes become ASCII; zero-width characters go;
- Devanagari: the nukta is dropped and candrabindu becomes anusvara (पाँच = पांच, लड़की = लडकी), as ads
  spell them both ways;
- runs of white space become one space.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

DEVANAGARI: Final = re.compile(r"[\u0900-\u097f]")
LATIN_LETTER: Final = re.compile(r"[A-Za-z]")


def _translation() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(0x0660, 0x10000):
        char = chr(code)
        if unicodedata.category(char) == "Nd":
            table[code] = str(unicodedata.decimal(char))
    table.update({ord(c): None for c in "\ufe0f\u20e3\u200b\u200c\u200d\u2060\ufeff\u093c"})
    table.update({ord(c): "'" for c in "\u2018\u2019\u201b\u2032"})
    table.update({ord(c): '"' for c in "\u201c\u201d\u201f\u2033"})
    table.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
    table[0x0901] = "\u0902"  # candrabindu → anusvara
    table[0x00A0] = " "
    return table


_TABLE: Final = _translation()
_SPACES: Final = re.compile(r"\s+")


def fold(text: str) -> str:
    """The folded form of ``text`` (see the module doc)."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_TABLE)
    return _SPACES.sub(" ", text.lower()).strip()


WORD: Final = re.compile(r"[a-z\u0900-\u0963\u0971-\u097f]+|[0-9]+")


def words(folded: str) -> list[str]:
    """Words (Latin or Devanagari letters) and numbers of a folded text; punctuation and emoji dropped."""
    return WORD.findall(folded)
