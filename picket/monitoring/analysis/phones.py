"""Indian phone numbers in ad text, including the ways advertisers hide them from filters.

Read from the folded text (:func:`picket.monitoring.analysis.text.fold`, so Devanagari and other digits are
already ASCII). A *run* is a sequence of digit units separated by at most a few spaces, dashes, dots,
brackets, underscores or stars; a unit is a digit, a spelled digit in English, Hinglish or Hindi ("nine",
"nau", "नौ", "shunya"), or "double"/"triple" and a unit ("double five" = 55). Letters o and l after digits
count as 0 and 1 ("98765o4321", "9OOOO2157O"). A run is cut into numbers at the boundaries between its
groups: the shortest stretch of whole groups, from the left, that is a valid number is taken, so
"90000 12345 90000 67890" gives two numbers and "+91 90000 12345" one.

A stretch is a number when, after dropping a ``91`` (12 digits) or ``0`` (11 digits) prefix, the
``phonenumbers`` library says it is a valid Indian number; ten digits written without a prefix must also
be a mobile number (6-9 first), since a bare landline with its STD code cannot be told from any other ten
digits. Numbers are returned as their 10-digit national significant number. A run glued to letters or a
slash on its left (``B-0123/DEL/…/2024``, ``ref1234567890``) is part of a code, not a phone; ``wa.me/91…``
links are phones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import phonenumbers

DIGIT_WORDS: Final[dict[str, str]] = {
    # English
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9",
    # Hinglish (Hindi in Latin letters); "no" and "do" are left to context: a run needs ten digits
    "shunya": "0", "shoonya": "0", "sunya": "0", "shuniya": "0", "sifar": "0", "ek": "1", "do": "2", "teen": "3",
    "tin": "3", "char": "4", "chaar": "4", "paanch": "5", "panch": "5", "paach": "5", "chhe": "6", "chhah": "6",
    "chah": "6", "che": "6", "chhai": "6", "saat": "7", "sat": "7", "aath": "8", "aat": "8", "ath": "8",
    "nau": "9", "nou": "9", "nao": "9",
    # Hindi (folded: no nukta, anusvara for candrabindu)
    "शून्य": "0", "सुन्न": "0", "एक": "1", "दो": "2", "तीन": "3", "चार": "4", "पांच": "5", "पाच": "5",
    "छह": "6", "छः": "6", "छे": "6", "छै": "6", "सात": "7", "आठ": "8", "नौ": "9",
}  # fmt: skip
REPEATS: Final[dict[str, int]] = {
    "double": 2, "dubal": 2, "dabal": 2, "dabbal": 2, "डबल": 2, "triple": 3, "tripal": 3, "ट्रिपल": 3,
}  # fmt: skip

_LETTER: Final = r"a-z\u0900-\u0963\u0971-\u097f"
_WORDS: Final = "|".join(sorted(map(re.escape, DIGIT_WORDS), key=len, reverse=True))
_REPEAT: Final = "|".join(sorted(map(re.escape, REPEATS), key=len, reverse=True))
_WORD_UNIT: Final = rf"(?<![{_LETTER}])(?:{_WORDS})(?![{_LETTER}])"
_UNIT: Final = rf"(?:\d|(?<![{_LETTER}])(?:{_REPEAT})\s?(?:\d|{_WORD_UNIT})|{_WORD_UNIT})"
_SEP: Final = r"[\s\-.()_*]{0,3}"
RUN: Final = re.compile(rf"(?:\+\s?)?{_UNIT}(?:{_SEP}{_UNIT})*")
# The same when no digit is spelled out; written as two branches, which lets `re` skip to a "+" or a digit
# instead of trying every position (the optional "+" first hid the first character).
DIGITS_RUN: Final = re.compile(rf"\+\s?\d(?:{_SEP}\d)*|\d(?:{_SEP}\d)*")
SPELLED: Final = frozenset(DIGIT_WORDS) | frozenset(REPEATS)
_HAS_DIGIT: Final = re.compile(r"\d")
_GROUP: Final = re.compile(rf"\d+|(?:{_REPEAT})\s?(?:\d|{_WORDS})|{_WORDS}")
_DIGIT_LETTERS: Final = re.compile(r"(?<=\d)[ol]+(?=\d|[^a-z\u0900-\u097f]|$)")
_DIGIT_THEN_OL: Final = re.compile(r"\d[ol]")  # without one, _DIGIT_LETTERS changes nothing
_MIN_DIGITS: Final = 10  # a unit is at least one character for each digit it stands for
_WA_ME: Final = re.compile(r"wa\.me/\+?")
_CANDIDATE: Final = re.compile(rf"\d|{_WORDS}")
# Letters glued to a number that still introduce a phone: "Mob9000012345", "ph:9000012345" (the colon is
# not a letter anyway), "WA9000012345".
CONTACT_PREFIXES: Final = frozenset(
    {"m", "mo", "mob", "mobile", "ph", "phone", "call", "no", "nos", "contact", "cont", "tel", "cell", "wa",
     "whatsapp", "watsapp", "whatsap", "wp", "hp"}
)  # fmt: skip
_TRAILING_LETTERS: Final = re.compile(r"[a-z]+$")


@dataclass(frozen=True, slots=True)
class PhoneHit:
    number: str  # 10-digit national significant number
    start: int  # span in the folded text
    end: int


@lru_cache(maxsize=65536)
def normalise(digits: str) -> str | None:
    """The 10-digit national number of ``digits`` if it is a valid Indian number, else ``None``."""
    prefixed = True
    if len(digits) == 12 and digits.startswith("91"):
        national = digits[2:]
    elif len(digits) == 11 and digits.startswith("0"):
        national = digits[1:]
    elif len(digits) == 10:
        national, prefixed = digits, False
    else:
        return None
    if not prefixed and national[0] not in "6789":
        return None
    if national[0] in "6789" and not national.startswith("91"):
        # What parse() returns for these: no international, trunk or country-code prefix to strip.
        number = phonenumbers.PhoneNumber(country_code=91, national_number=int(national))
    else:
        try:
            number = phonenumbers.parse(national, "IN")
        except phonenumbers.NumberParseException:
            return None
    if not phonenumbers.is_valid_number(number):
        return None
    result = str(number.national_number)
    return result if len(result) == 10 else None


def _group_digits(group: str) -> str:
    if group.isdigit():
        return group
    for word, count in REPEATS.items():
        if group.startswith(word):
            rest = group[len(word) :].strip()
            return (rest if rest.isdigit() else DIGIT_WORDS[rest]) * count
    return DIGIT_WORDS[group]


def _numbers(run: str, offset: int) -> list[PhoneHit]:
    if run.isdigit():  # one group (a run holds only digits, separators and spelled-out digits)
        groups = [(0, len(run), run)]
    else:
        groups = [(m.start(), m.end(), _group_digits(m.group())) for m in _GROUP.finditer(run)]
    if sum(len(g[2]) for g in groups) < 10:
        return []
    hits: list[PhoneHit] = []
    i = 0
    while i < len(groups):
        digits = ""
        for j in range(i, len(groups)):
            digits += groups[j][2]
            if len(digits) > 12:
                break
            if len(digits) >= 10 and (number := normalise(digits)):
                hits.append(PhoneHit(number, offset + groups[i][0], offset + groups[j][1]))
                i = j
                break
        i += 1
    return hits


def _glued(text: str, start: int, run: str) -> bool:
    """Is the run the tail of a code (``DEL/2024…``, ``ref1234…``) rather than a phone?"""
    before = text[start - 1]
    if before == "/":
        return True
    if not run[0].isdigit():
        return False
    if before.isdigit():
        return True
    if before.isalpha():
        letters = _TRAILING_LETTERS.search(text, max(0, start - 12), start)
        return not (letters and letters.group() in CONTACT_PREFIXES)
    return False


def find_phones(folded: str, words: Iterable[str] | None = None) -> list[PhoneHit]:
    """Every phone number in a folded text, in order (a number may repeat). ``words``, the text's words
    if already split, let a text without spelled-out digits take a faster path."""
    if words is not None:
        run = RUN if not SPELLED.isdisjoint(words) else DIGITS_RUN
        if run is DIGITS_RUN and not _HAS_DIGIT.search(folded):
            return []
    elif not _CANDIDATE.search(folded):
        return []
    else:
        run = RUN
    text = _WA_ME.sub(lambda m: " " * len(m.group()), folded) if "wa.me/" in folded else folded
    if _DIGIT_THEN_OL.search(text):
        text = _DIGIT_LETTERS.sub(lambda m: m.group().replace("o", "0").replace("l", "1"), text)
    hits: list[PhoneHit] = []
    for match in run.finditer(text):
        if match.end() - match.start() < _MIN_DIGITS:
            continue
        start = match.start()
        if start and _glued(text, start, match.group()):
            continue
        hits += _numbers(match.group(), start)
    return hits


def phones(folded: str) -> tuple[str, ...]:
    """The distinct numbers of :func:`find_phones`, in order of first appearance."""
    return tuple(dict.fromkeys(hit.number for hit in find_phones(folded)))
