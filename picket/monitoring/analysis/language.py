"""The language of an ad: English, Hindi in Devanagari, or Hinglish (Hindi, or Hindi mixed with English, in
Latin letters).

Devanagari letters making up at least 40 % of the letters: ``hi``. Otherwise Latin text is ``hinglish`` when
at least two of its words, and at least 8 % of them, are Hindi function words or everyday Hindi words that
English does not use (hai, ke, chahiye, ladki, naukri, saal…); else ``en``. Cheap, and good enough to pick
which reviewers see an ad and to report coverage; the indicators match every script whatever the verdict.
"""

from __future__ import annotations

import re
from typing import Final

ENGLISH: Final = "en"
HINDI: Final = "hi"
HINGLISH: Final = "hinglish"

HINGLISH_WORDS: Final = frozenset(
    [
        "hai",
        "hain",
        "ho",
        "hoga",
        "hogi",
        "ke",
        "ki",
        "ka",
        "ko",
        "se",
        "aur",
        "ya",
        "bhi",
        "mein",
        "pe",
        "tak",
        "wala",
        "wali",
        "wale",
        "liye",
        "chahiye",
        "chahie",
        "chaiye",
        "kaam",
        "kam",
        "naukri",
        "nokri",
        "ladki",
        "ladkiyan",
        "ladkiyon",
        "ladke",
        "ladka",
        "saal",
        "sal",
        "umar",
        "umr",
        "paisa",
        "paise",
        "milega",
        "milegi",
        "milenge",
        "karein",
        "karen",
        "karo",
        "kare",
        "kijiye",
        "turant",
        "jaldi",
        "abhi",
        "nahi",
        "nahin",
        "koi",
        "sabhi",
        "apna",
        "apni",
        "apne",
        "hamare",
        "hamari",
        "humare",
        "yahan",
        "wahan",
        "rehna",
        "rahna",
        "khana",
        "ghar",
        "gharelu",
        "vetan",
        "tankhwah",
        "mahina",
        "mahine",
        "roz",
        "din",
        "raat",
        "sirf",
        "bas",
        "naya",
        "nayi",
        "naye",
        "kuch",
        "sath",
        "saath",
        "bina",
        "diya",
        "dena",
        "denge",
        "jayega",
        "jayegi",
        "ayi",
        "aayi",
        "aaye",
        "aao",
        "sampark",
        "baat",
        "wapas",
        "achha",
        "acchi",
        "accha",
        "vaali",
        "vaale",
        "jagah",
        "shehar",
        "bahar",
        "videsh",
    ]
)
_LATIN_WORD: Final = re.compile(r"[a-z]+")
_DEVANAGARI_LETTER: Final = re.compile(r"[\u0900-\u0963\u0971-\u097f]")
_LATIN_LETTER: Final = re.compile(r"[a-z]")


def detect(folded: str) -> str:
    """``en``, ``hi`` or ``hinglish`` for a folded text (see the module doc)."""
    if not folded.isascii():  # letters are counted only when there is Devanagari to compare
        devanagari = len(_DEVANAGARI_LETTER.findall(folded))
        if devanagari and devanagari >= 0.4 * (devanagari + len(_LATIN_LETTER.findall(folded))):
            return HINDI
    tokens = _LATIN_WORD.findall(folded)
    hindi = sum(map(HINGLISH_WORDS.__contains__, tokens))
    if hindi >= 2 and hindi >= 0.08 * len(tokens):
        return HINGLISH
    return ENGLISH
