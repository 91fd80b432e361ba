"""Normalising the non-name fields of a tracing record: places, languages, identifying marks and phones.

Pure Python on top of :mod:`picket.people.names` (``to_latin``, ``phonetic_key``, ``similarity``). Every table
here is data: extend it from real records.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Final

from picket.people.names import phonetic_key, similarity, to_latin

_WORD: Final = re.compile(r"[^\W\d_]+")


def _split(text: str) -> list[str]:
    return text.split()


def _words(text: str) -> list[str]:
    return _WORD.findall(to_latin(text)) if text else []


# --- places ----------------------------------------------------------------------------------------------------

#: Words that say nothing about which place it is.
_PLACE_NOISE: Final = frozenset(
    phonetic_key(w) for w in ("district", "distt", "dist", "zila", "jila", "zilla", "jilla", "state", "the", "of")
)
#: Direction words in Hindi and Bengali → English (Purbi Champaran = East Champaran, Paschim Bardhaman).
_DIRECTIONS: Final = {
    phonetic_key(w): canonical
    for canonical, words in {
        "east": ("east", "purbi", "purvi", "poorvi", "purba", "purab"),
        "west": ("west", "pashchim", "paschim", "pashchimi", "paschimi"),
        "north": ("north", "uttar", "uttari"),
        "south": ("south", "dakshin", "dakshini", "dakhin"),
    }.items()
    for w in words
}
#: State abbreviations and old or local names → the LGD name, as a phonetic key string.
_STATE_ALIASES: Final = {
    "up": "uttar pradesh",
    "mp": "madhya pradesh",
    "wb": "west bengal",
    "bengal": "west bengal",
    "paschimbanga": "west bengal",
    "pashchim banga": "west bengal",
    "banga": "west bengal",
    "orissa": "odisha",
    "tn": "tamil nadu",
    "ap": "andhra pradesh",
    "hp": "himachal pradesh",
    "jk": "jammu and kashmir",
    "j&k": "jammu and kashmir",
    "uk": "uttarakhand",
    "uttaranchal": "uttarakhand",
    "cg": "chhattisgarh",
    "chattisgarh": "chhattisgarh",
    "jh": "jharkhand",
    "br": "bihar",
    "delhi": "delhi",
    "nct of delhi": "delhi",
    "new delhi": "delhi",
    "mh": "maharashtra",
    "ka": "karnataka",
    "ts": "telangana",
}


@lru_cache(maxsize=8192)
def place_key(text: str) -> str:
    """A comparable form of a state or district name: phonetic keys of its words, directions in English.

    >>> place_key("Purbi Champaran") == place_key("East Champaran"), place_key("गया") == place_key("Gaya")
    (True, True)
    """
    raw = " ".join(text.casefold().split())
    if raw in _STATE_ALIASES:
        raw = _STATE_ALIASES[raw]
    keys = []
    for word in _words(raw):
        key = phonetic_key(word)
        if not key or key in _PLACE_NOISE:
            continue
        keys.append(_DIRECTIONS.get(key, key))
    return " ".join(keys)


@lru_cache(maxsize=65536)
def same_place(a: str, b: str) -> bool:
    """Two place keys (from ``place_key``) name the same place, allowing a small spelling difference."""
    if not a or not b:
        return False
    if a == b:
        return True
    return a.replace(" ", "") == b.replace(" ", "") or similarity(a, b) >= 0.9


# --- languages -------------------------------------------------------------------------------------------------

_LANGUAGES: Final = {
    "hindi": ("hindi", "hindee", "hindustani"),
    "bhojpuri": ("bhojpuri",),
    "maithili": ("maithili", "mithila"),
    "magahi": ("magahi", "magadhi"),
    "awadhi": ("awadhi", "avadhi"),
    "bundeli": ("bundeli",),
    "chhattisgarhi": ("chhattisgarhi",),
    "sadri": ("sadri", "sadani", "nagpuri"),
    "urdu": ("urdu",),
    "bengali": ("bengali", "bangla", "bangali", "banla", "bengoli"),
    "assamese": ("assamese", "asamiya", "axomiya", "ahomiya"),
    "odia": ("odia", "oriya", "odiya"),
    "santali": ("santali", "santhali"),
    "ho": ("ho",),
    "mundari": ("mundari",),
    "kurukh": ("kurukh", "oraon", "kurux"),
    "nepali": ("nepali", "gorkhali"),
    "punjabi": ("punjabi", "panjabi"),
    "marathi": ("marathi",),
    "gujarati": ("gujarati",),
    "telugu": ("telugu",),
    "tamil": ("tamil",),
    "kannada": ("kannada",),
    "malayalam": ("malayalam",),
    "english": ("english",),
}
_LANGUAGE_INDEX: Final = {phonetic_key(v): canonical for canonical, variants in _LANGUAGES.items() for v in variants}
#: Languages a child from the Hindi belt may name for the same speech ("Hindi" to an outsider, "Bhojpuri" at home).
_HINDI_BELT: Final = frozenset(
    {"hindi", "bhojpuri", "maithili", "magahi", "awadhi", "bundeli", "chhattisgarhi", "sadri", "urdu"}
)
_RELATED_GROUPS: Final = (_HINDI_BELT, frozenset({"bengali", "assamese"}), frozenset({"santali", "ho", "mundari"}))
_LANGUAGE_NOISE: Final = frozenset(phonetic_key(w) for w in ("bhasha", "language", "boli", "and", "aur", "or"))


@lru_cache(maxsize=4096)
def languages(text: str) -> frozenset[str]:
    """The canonical languages named in a cell ("Hindi, Bhojpuri", "हिंदी", "Bangla" → bengali)."""
    found: set[str] = set()
    for word in _words(text):
        key = phonetic_key(word)
        if key and key not in _LANGUAGE_NOISE:
            found.add(_LANGUAGE_INDEX.get(key, key))
    return frozenset(found)


def related_languages(a: frozenset[str], b: frozenset[str]) -> bool:
    """Different languages a child could name for the same speech (Hindi/Bhojpuri, Bengali/Assamese)."""
    return any(a & group and b & group for group in _RELATED_GROUPS)


# --- identifying marks -----------------------------------------------------------------------------------------

_MARK_TYPES: Final = {
    "burn": ("burn", "burnt", "burned", "jala", "jale", "jali", "jalne", "jalna", "jalaa", "jhulsa"),
    "scar": ("scar", "scars", "chot", "kata", "kate", "cut", "cuts", "tanka", "tanke", "stitch", "stitches", "ghav"),
    "mole": ("mole", "moles", "til", "masa", "massa", "wart"),
    "birthmark": ("birthmark", "janamchinh", "lehsun", "lahsun", "lehsan"),
    "tattoo": ("tattoo", "tatoo", "tattooed", "godna", "gudna", "godana", "gudana"),
    "spot": ("spot", "patch", "daag", "dag", "dhabba", "safed", "white"),
    "tooth": ("tooth", "teeth", "dant", "daant"),
    "finger": ("finger", "fingers", "ungli", "ungali", "angootha", "angutha", "thumb"),
    "squint": ("squint", "bhenga", "bhainga"),
    "limp": ("limp", "langda", "langdata"),
}
_BODY_PARTS: Final = {
    "hand": ("hand", "hands", "hath", "haath", "hathon", "palm", "hatheli"),
    "arm": ("arm", "arms", "banh", "baanh", "bah", "bazu", "baju", "elbow", "kohni"),
    "leg": ("leg", "legs", "pair", "pairon", "paon", "pao", "pau", "tang", "taang", "foot", "feet", "ankle"),
    "knee": ("knee", "knees", "ghutna", "ghutne"),
    "face": ("face", "chehra", "chehre", "muh", "munh", "mooh"),
    "forehead": ("forehead", "matha", "maatha", "mathe", "lalat"),
    "cheek": ("cheek", "cheeks", "gal", "gaal"),
    "chin": ("chin", "thodi", "thuddi"),
    "lip": ("lip", "lips", "honth", "hoth"),
    "nose": ("nose", "naak", "nak"),
    "eye": ("eye", "eyes", "ankh", "aankh", "aankhon", "eyebrow", "bhaun"),
    "ear": ("ear", "ears", "kaan", "kan"),
    "neck": ("neck", "gardan", "gala"),
    "head": ("head", "sir", "sar", "scalp"),
    "back": ("back", "pith", "peeth", "kamar", "waist"),
    "chest": ("chest", "chhati", "chhaati", "seena", "sina"),
    "stomach": ("stomach", "belly", "pet", "navel", "nabhi"),
    "shoulder": ("shoulder", "kandha", "kandhe"),
}
_SIDES: Final = {
    "left": ("left", "baen", "baein", "bayen", "baayen", "bayan", "baya", "baaya", "bae", "bain", "bam", "ulta"),
    "right": ("right", "daen", "dayen", "daayen", "dayan", "daya", "daaya", "dae", "dain", "dahina", "dahine", "sidha"),
}
_MARK_STOPWORDS: Final = frozenset(
    phonetic_key(w)
    for w in (
        _split(
            "a an the on of in at near above below with and small big large old mark marks nishan nishaan chinh "
            "hai ka ki ke par pe me mein upar niche hua hui huye hue se ek do sa chhota bada purana sign"
        )
    )
)


def _concepts(table: Mapping[str, tuple[str, ...]], prefix: str) -> dict[str, str]:
    return {phonetic_key(word): prefix + canonical for canonical, words in table.items() for word in words}


_MARK_CONCEPTS: Final = {
    **_concepts(_MARK_TYPES, "type:"),
    **_concepts(_BODY_PARTS, "part:"),
    **_concepts(_SIDES, "side:"),
}


@lru_cache(maxsize=8192)
def mark_terms(text: str) -> frozenset[str]:
    """Identifying marks as concepts (``type:burn``, ``part:hand``, ``side:left``) plus other content words.

    >>> sorted(mark_terms("burn mark left hand")) == sorted(mark_terms("बाएं हाथ पर जलने का निशान"))
    True
    """
    terms: set[str] = set()
    for word in _words(text):
        key = phonetic_key(word)
        if len(key) < 2 or key in _MARK_STOPWORDS:
            continue
        terms.add(_MARK_CONCEPTS.get(key, "word:" + key))
    return frozenset(terms)


# --- phones ----------------------------------------------------------------------------------------------------

_PHONE_SPLIT: Final = re.compile(r"[/,;|]| or ")


def phones(text: str) -> frozenset[str]:
    """The 10-digit Indian numbers in a cell (several may be separated by / , ; or "or"); +91 and 0 prefixes go."""
    if len(text) == 10 and text.isascii() and text.isdigit():  # the common case, as the loop below would take it
        return frozenset() if text == text[0] * 10 else frozenset((text,))
    found: set[str] = set()
    for part in _PHONE_SPLIT.split(text or ""):
        digits = "".join(str(unicodedata.decimal(ch)) for ch in part if ch.isdecimal())
        if len(digits) == 12 and digits.startswith("91"):
            digits = digits[2:]
        elif len(digits) == 11 and digits.startswith("0"):
            digits = digits[1:]
        if len(digits) == 10 and digits != digits[0] * 10:
            found.add(digits)
    return frozenset(found)
