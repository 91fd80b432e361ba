"""Casual Latin forms, phonetic keys and similarity for Indian names in any script.

A child may be recorded as "पूजा", "Pooja", "Puja" or "Km. Puja Kumari"; a rescued boy may be known only as
"Chhotu". This module turns such text into comparable forms. It is pure Python: no Django, no database.

Public API
==========

``to_latin(text)``
    Devanagari, Bengali/Assamese, Gurmukhi, Gujarati, Odia, Tamil, Telugu, Kannada and Malayalam text to a
    lowercase *casual* Latin spelling, the way an Indian would type it (पूजा → ``puja``, मोहन → ``mohan``,
    लक्ष्मी → ``lakshmi``). Latin text is NFKC-normalised, lowercased and stripped of accents (Pūjā → ``puja``);
    anything else (digits, punctuation, emoji, Urdu script) passes through.
``name_tokens(text)``
    The casual Latin words of a name: honorifics (Shri, Smt, Km., Master) and fillers ("unknown", "balak",
    "urf") removed, "Mohd"/"Md"/"Muhammad" unified to ``mohammad``, and everything from a relation marker
    ("s/o", "d/o", "w/o", "putra", "putri") onwards dropped, because what follows is a parent's name.
``phonetic_key(token)``
    A key for one name word that merges the usual spelling variants (Pooja/Puja/पूजा, Laxmi/Lakshmi,
    Sunita/Sunitha/Suneeta, Vikas/Vikash/Wikas, Zahid/Jahid, Fatima/Phatima, Chhotu/Chotu/छोटू).
``skeleton_key(token)``
    A coarser key: first letter, consonants, final vowel; ``v`` and ``b`` merged (Ramesh/Rmesh, Anjali/Anjli,
    Laxmi/Luxmi, Vikas/বিকাশ Bikash). The final vowel is kept so that Amit/Amita and Sunita/Sunil stay apart.
``name_keys(text)``
    The set of keys to store for a name (the caller HMACs each one, see ``picket.privacy.crypto.blind_index``).
``query_keys(text)``
    The keys to look up for a search.
``similarity(a, b)`` / ``explain(a, b)``
    A score in [0, 1] for two name words and a short human reason.
``WEAK_TOKENS`` / ``is_weak(token)``
    Low-information words kept in tokens but not used as search keys on their own (Kumar, Kumari, Devi, Singh,
    Begum, Khatun, Mohammad, ...).
``nickname_key(token)`` / ``is_nickname(token)`` / ``nickname_info(token)``
    Look-ups in :mod:`picket.people.nicknames`.

Key levels
==========

``name_keys`` returns strings with a level prefix, so levels never collide with each other:

- ``e:<casual>``  the casual spelling (high precision);
- ``p:<phonetic>`` the phonetic key;
- ``s:<skeleton>`` the consonant skeleton (only when it has at least 3 letters);
- ``n:<nickname>`` the canonical nickname, when the word is a known nickname;
- ``w:<phonetic>`` for weak words (Kumari, Devi, ...) and single letters, instead of the keys above.

``query_keys`` uses the same keys, except that weak words are only searched for when the query has nothing
else: a search for "Pooja Kumari" looks for Pooja, not for every Kumari.

Schwa deletion
==============

Devanagari writes an inherent vowel after every consonant that has no vowel sign; Hindi does not pronounce it
at the end of a word and in many medial positions (मोहन is "mohan", not "mohana"). Before transliterating
(with ``indic_transliteration.sanscript``, Devanagari → ITRANS, then mapped to casual spelling), a virama is
inserted after each consonant whose inherent vowel Hindi drops. The rule (after Ohala, 1983; Narasimhan et al.,
2004), applied right to left:

1. **Word-final**: dropped (मोहन → mohan, राम → ram) unless the word has no other vowel (न → na) or ends in a
   cluster whose last consonant is र, य, व, ल, न, ण or म (चन्द्र → chandra, आदित्य → aditya, कृष्ण → krishna,
   शुक्ल → shukla). After other clusters it is dropped (प्रशांत → prashant, आनंद → anand).
2. **Medial**: dropped in the context V C _ C V, i.e. after a single consonant preceded by a vowel and before a
   single consonant followed by a (still pronounced) vowel: कमला → kamla, सपना → sapna, राजकुमार → rajkumar,
   जगदीश → jagdish. Also before a consonant + र onset (गुरप्रीत → gurprit) and before an independent vowel.
   Because the rule runs right to left, a dropped vowel protects the one before it (कमल → kamal, not kaml).
3. **Compounds**: a few common first elements (राम, राज, श्याम, शिव, देव, जय, प्रेम, मन, हरि, ...) and last
   elements (कुमार, प्रसाद, प्रकाश, लाल, नाथ, देवी, राम, श्याम, किशोर, वती, ...) are split off and
   transliterated separately, which fixes रामचरण → ramcharan (not ramachran), घनश्याम → ghanshyam, नंदकिशोर →
   nandkishor and भगवती → bhagvati.
4. A chandrabindu only nasalises its vowel (चाँदनी → chandni); an anusvara counts as a consonant (अंजलि →
   anjali, not anjli).

Known limits: compounds not in the lists can get a vowel too many or too few; Sanskrit-style names where the
vowel is pronounced (धर्म → dharma, fine, but सुनयना → sunayna where Sunaina/Sunayana is written); Bengali and
Odia names follow the Hindi rule although Bengali romanises the inherent vowel as "o" (সুব্রত → subrat where a
Bengali writes Subrata or Subroto; মোহন → mohan, not Mohon); Dravidian scripts get no schwa deletion at all
(they write the virama explicitly, and Kannada/Telugu names written without it do end in "a": ರಮೇಶ → ramesha);
Tamil script has no voiced or aspirated letters, so its output is approximate (முருகன் → murughan). Urdu script
is not transliterated (it has no short vowels); such a word keeps only its exact key. Those misses are what
the phonetic and skeleton keys, and ``similarity``, are there to absorb.

Casual spelling choices: long vowels are written single (ā → a, ī → i, ū → u: पूजा → puja, दीपक → dipak), since
the phonetic key merges aa/ee/oo anyway; श and ष → sh; छ → chh; ज्ञ → gy; anusvara → m before
p/b/m, n elsewhere; chandrabindu → n; visarga dropped; nukta letters as in Urdu loans (ज़ → z, फ़ → f, क़ → q, ख़ → kh,
ग़ → gh); ड़/ढ़ → d/dh (Gudiya, not Guriya); ऑ → o. Bengali ব → b (বিকাশ → bikash) and a word-initial য/ଯ → j
(যমুনা → jamuna).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from types import ModuleType
from typing import Final

from rapidfuzz.distance import JaroWinkler, Levenshtein

from picket.people.nicknames import NICKNAMES, NicknameInfo

__all__ = [
    "KEY_EXACT",
    "KEY_NICKNAME",
    "KEY_PHONETIC",
    "KEY_SKELETON",
    "KEY_WEAK",
    "WEAK_TOKENS",
    "dropped_final_vowel",
    "explain",
    "is_nickname",
    "is_weak",
    "name_keys",
    "name_tokens",
    "nickname_info",
    "nickname_key",
    "phonetic_key",
    "query_keys",
    "similarity",
    "skeleton_key",
    "to_latin",
]

KEY_EXACT: Final = "e:"
KEY_PHONETIC: Final = "p:"
KEY_SKELETON: Final = "s:"
KEY_NICKNAME: Final = "n:"
KEY_WEAK: Final = "w:"

#: Skeleton keys shorter than this are not emitted (two letters match far too many names).
MIN_SKELETON_LEN: Final = 3

# --------------------------------------------------------------------------------------------------------------
# Script handling
# --------------------------------------------------------------------------------------------------------------

# Unicode's Indic blocks are laid out in parallel (ISCII order), 128 code points each, starting at U+0900.
_BLOCK_SCHEMES: Final = (
    "devanagari",
    "bengali",  # also Assamese
    "gurmukhi",
    "gujarati",
    "oriya",
    "tamil",
    "telugu",
    "kannada",
    "malayalam",
)
_DEVANAGARI, _BENGALI, _ORIYA = 0, 1, 4
#: Blocks whose languages drop the inherent vowel the Hindi way (near enough for names).
_SCHWA_DELETING_BLOCKS: Final = frozenset({0, 1, 2, 3, 4})

_INDIC_RUN: Final = re.compile("[\u0900-\u0d7f\u200c\u200d]+")


@lru_cache(maxsize=1)
def _sanscript() -> ModuleType:
    """``indic_transliteration.sanscript``, imported on first use (it takes ~0.1 s to load its schemes)."""
    from indic_transliteration import sanscript

    return sanscript


def _transliterate(text: str, source: str, target: str) -> str:
    result: str = _sanscript().transliterate(text, source, target)
    return result


_NUKTA: Final = "\u093c"
_VIRAMA: Final = "\u094d"
_CONSONANTS: Final = frozenset(chr(c) for c in (*range(0x915, 0x93A), *range(0x979, 0x980)))
_NUKTA_CONSONANTS: Final = frozenset("कखगजडढफय")
_MATRAS: Final = frozenset(
    chr(c) for c in (*range(0x93A, 0x93C), *range(0x93E, 0x94D), 0x94E, 0x94F, 0x955, 0x956, 0x957, 0x962, 0x963)
)
_INDEPENDENT_VOWELS: Final = frozenset(chr(c) for c in (*range(0x904, 0x915), 0x960, 0x961, *range(0x972, 0x978)))
_CODAS: Final = frozenset("\u0902\u0903")  # anusvara, visarga (chandrabindu only nasalises the vowel: skipped)
#: A word-final cluster ending in one of these keeps its vowel (chandra, aditya, krishna, shukla, padma).
_KEEP_FINAL_AFTER_CLUSTER: Final = frozenset("रयवलनणम")
_RA: Final = "र"

_DEVANAGARI_FIXES: Final = str.maketrans(
    {
        "\u0911": "\u0913",  # ऑ → ओ (English "o")
        "\u0949": "\u094b",  # ॉ → ो
        "\u090d": "\u090f",  # ऍ → ए
        "\u0945": "\u0947",  # ॅ → े
        "\u090e": "\u090f",  # ऎ (short e, Dravidian) → ए
        "\u0946": "\u0947",
        "\u0912": "\u0913",  # ऒ (short o) → ओ
        "\u094a": "\u094b",
        "\u0929": "\u0928",  # ऩ → न (Tamil ன)
        "\u0931": "\u0930",  # ऱ → र (Tamil ற)
        "\u0934": "\u0933",  # ऴ → ळ (Tamil ழ)
        "\u0972": "\u0905",  # ॲ → अ
        "\u200c": None,
        "\u200d": None,
        "\u0900": "\u0901",
    }
)

_COMPOUND_FIRST: Final = tuple(
    sorted(
        ("राम", "राज", "श्याम", "शिव", "देव", "जय", "प्रेम", "सत्य", "ज्ञान", "हरि", "मन", "चंद्र", "चन्द्र", "सूर्य"),
        key=len,
        reverse=True,
    )
)
_COMPOUND_LAST: Final = tuple(
    sorted(
        (
            "कुमार",
            "कुमारी",
            "प्रसाद",
            "प्रकाश",
            "लाल",
            "नाथ",
            "देवी",
            "दास",
            "राम",
            "श्याम",
            "किशोर",
            "चंद",
            "चन्द",
            "पाल",
            "वती",
        ),
        key=len,
        reverse=True,
    )
)

_ITRANS_TO_CASUAL: Final = {
    "RRi": "ri",
    "RRI": "ri",
    "LLi": "li",
    "LLI": "li",
    "j~n": "gy",
    "~n": "n",
    "~N": "n",
    ".N": "n",
    ".a": "",
    ".c": "",
    ".Dh": "dh",
    ".D": "d",
    "Ch": "chh",
    "Sh": "sh",
    "Th": "th",
    "Dh": "dh",
    "K": "kh",
    "G": "gh",
    "Y": "y",
    "H": "",
    "A": "a",
    "I": "i",
    "U": "u",
    "T": "t",
    "D": "d",
    "N": "n",
    "L": "l",
    "R": "r",
    "x": "ksh",
    "OM": "om",
    "||": ".",
    "|": ".",
    "è": "e",
    "ò": "o",
    "\\'": "",
    "\\_": "",
    "^": "",
}
_ITRANS_RE: Final = re.compile(
    "|".join(re.escape(k) for k in sorted(_ITRANS_TO_CASUAL, key=len, reverse=True)) + "|M|[\u0900-\u0d7f]"
)


def _itrans_replace(match: re.Match[str]) -> str:
    piece = match.group(0)
    if piece == "M":  # anusvara: m before a labial, n elsewhere (अंबिका → ambika, शंकर → shankar)
        following = match.string[match.end() : match.end() + 1]
        return "m" if following in ("p", "b", "m") else "n"
    return _ITRANS_TO_CASUAL.get(piece, "")  # unknown Indic characters are dropped


def _to_devanagari(word: str, block: int) -> str:
    """Another Brahmic script → Devanagari, via sanscript, with the fixes sanscript does not make."""
    if block in (_BENGALI, _ORIYA):
        first, nukta = ("য", "\u09bc") if block == _BENGALI else ("ଯ", "\u0b3c")
        if word.startswith(first) and word[1:2] != nukta:  # word-initial ya is said "ja" in Bengali and Odia
            word = ("জ" if block == _BENGALI else "ଜ") + word[1:]
    text = _transliterate(word, _BLOCK_SCHEMES[block], "devanagari")
    if block == _BENGALI:
        # Bengali has one letter ব for both b and v, sanscript maps it to व; it is said (and romanised) b.
        text = text.replace("व", "ब").replace("\u09f1", "व").replace("\u09f0", "र")  # Assamese ৱ, ৰ
    elif block == _ORIYA:
        text = text.replace("\u0b71", "व")  # Odia ୱ
    # Anything left in another Indic block (a nukta, a rare sign) moves to the parallel Devanagari code point.
    return "".join(chr(ord(c) - 0x80 * block) if 0x980 <= ord(c) < 0xD80 else c for c in text)


def _phones(word: str) -> list[tuple[str, int, str]]:
    """The phoneme outline of a Devanagari word.

    Items are ``(kind, position, letter)``: ``C`` a consonant (position = where a virama would go), ``S`` its
    inherent vowel, ``V`` a vowel sign, ``I`` an independent vowel, ``N`` anusvara, chandrabindu or visarga.
    """
    phones: list[tuple[str, int, str]] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if ch in _CONSONANTS:
            j = i + 1
            if j < n and word[j] == _NUKTA:
                j += 1
            phones.append(("C", j, ch))
            if j < n and word[j] == _VIRAMA:
                j += 1
            elif j < n and word[j] in _MATRAS:
                phones.append(("V", j, word[j]))
                j += 1
            else:
                phones.append(("S", j, ""))
            i = j
        else:
            if ch in _INDEPENDENT_VOWELS:
                phones.append(("I", i, ch))
            elif ch in _CODAS:
                phones.append(("N", i, ch))
            i += 1
    return phones


def _syllables(word: str) -> int:
    return sum(1 for kind, _, _ in _phones(word) if kind in "VIS")


def _drop_schwas(word: str) -> str:
    """Insert a virama after every consonant whose inherent vowel Hindi does not pronounce (see module doc)."""
    phones = _phones(word)
    last = len(phones) - 1
    deleted: set[int] = set()

    def vowel(k: int) -> bool:
        if not 0 <= k <= last:
            return False
        kind = phones[k][0]
        return kind in "VI" or (kind == "S" and k not in deleted)

    for i in range(last, 0, -1):
        if phones[i][0] != "S":
            continue
        consonant = phones[i - 1][2]
        if i == last:
            if not any(kind in "VIS" for kind, _, _ in phones[: i - 1]):
                continue  # a one-syllable word keeps its vowel
            if i >= 2 and phones[i - 2][0] == "C" and consonant in _KEEP_FINAL_AFTER_CLUSTER:
                continue  # chandra, aditya, krishna
            deleted.add(i)
            continue
        if not vowel(i - 2):
            continue  # first syllable, or after a cluster/anusvara: keep (anjali, not anjli)
        following = phones[i + 1]
        if following[0] == "I":
            deleted.add(i)  # hiatus
        elif following[0] == "C":
            if vowel(i + 2):
                deleted.add(i)  # V C _ C V
            elif (
                i + 3 <= last
                and phones[i + 2][0] == "C"
                and phones[i + 2][2] == _RA
                and (phones[i + 3][0] in "VI" or (phones[i + 3][0] == "S" and i + 3 != last))
            ):
                deleted.add(i)  # V C _ C r V (gurpreet, jayprakash)
    if not deleted:
        return word
    cuts = sorted(phones[i - 1][1] for i in deleted)
    pieces: list[str] = []
    start = 0
    for cut in cuts:
        pieces.append(word[start:cut])
        pieces.append(_VIRAMA)
        start = cut
    pieces.append(word[start:])
    return "".join(pieces)


def _split_compound(word: str) -> list[str]:
    """Split a listed first or last element off a compound name, when what remains is a word of its own."""

    def standalone(part: str) -> bool:
        return bool(part) and (part[0] in _CONSONANTS or part[0] in _INDEPENDENT_VOWELS) and _syllables(part) >= 2

    parts = [word]
    for first in _COMPOUND_FIRST:
        if word.startswith(first) and standalone(word[len(first) :]):
            parts = [first, word[len(first) :]]
            break
    tail = parts[-1]
    for last in _COMPOUND_LAST:
        stem = tail[: -len(last)]
        # The stem must be a syllable of its own, not half of a cluster that crosses the boundary (पार्वती).
        if tail.endswith(last) and stem and stem[-1] not in (_VIRAMA, _NUKTA) and _syllables(stem) >= 1:
            parts[-1:] = [stem, last]
            break
    return parts


def _clean_devanagari(word: str) -> str:
    word = word.translate(_DEVANAGARI_FIXES)
    # A nukta only matters on क ख ग ज ड ढ फ य; drop it elsewhere (it is noise from other scripts).
    if _NUKTA in word:
        word = "".join(c for k, c in enumerate(word) if c != _NUKTA or (k > 0 and word[k - 1] in _NUKTA_CONSONANTS))
    if word.endswith("ंह"):  # सिंह is said and written "singh"
        word = word[:-1] + "घ"
    return word


@lru_cache(maxsize=65536)
def _indic_word(word: str) -> str:
    """One word in an Indic script → casual Latin."""
    block = (ord(word[0]) - 0x900) >> 7
    if not 0 <= block < len(_BLOCK_SCHEMES):
        return ""
    text = word if block == _DEVANAGARI else _to_devanagari(word, block)
    text = _clean_devanagari(text)
    if not text:
        return ""
    if block in _SCHWA_DELETING_BLOCKS:
        text = "".join(_drop_schwas(part) for part in _split_compound(text))
    itrans = _transliterate(text, "devanagari", "itrans")
    return _ITRANS_RE.sub(_itrans_replace, itrans).lower()


def _indic_run(run: str) -> str:
    """A run of Indic-block characters: letters grouped into words, digits and dandas converted."""
    out: list[str] = []
    word: list[str] = []
    for k, ch in enumerate(run):
        category = unicodedata.category(ch)
        if category[0] in "LM" or ch in "\u200c\u200d":
            word.append(ch)
            continue
        if word:
            out.append(_indic_word("".join(word)))
            word = []
        if category == "Nd":
            digit = unicodedata.digit(ch)
            # "मो०": a zero right after a letter is the abbreviation mark, not a digit.
            is_mark = digit == 0 and k > 0 and unicodedata.category(run[k - 1])[0] in "LM"
            is_mark = is_mark and not (k + 1 < len(run) and unicodedata.category(run[k + 1]) == "Nd")
            out.append("." if is_mark else str(digit))
        elif ch in "\u0964\u0965\u0970":  # danda, double danda, abbreviation sign
            out.append(".")
        else:
            out.append(ch)
    if word:
        out.append(_indic_word("".join(word)))
    return "".join(out)


def _fold_latin(text: str) -> str:
    """NFKC, lowercase, accents removed (Pūjā → puja)."""
    text = unicodedata.normalize("NFKC", text).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def to_latin(text: str) -> str:
    """Text in any supported script → lowercase casual Latin (see the module doc for the rules).

    >>> to_latin("मोहन"), to_latin("राजकुमार"), to_latin("Pooja कुमारी"), to_latin("পূজা")
    ('mohan', 'rajkumar', 'pooja kumari', 'puja')
    """
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFC", text)
    parts: list[str] = []
    pos = 0
    for match in _INDIC_RUN.finditer(text):
        if match.start() > pos:
            parts.append(_fold_latin(text[pos : match.start()]))
        parts.append(_indic_run(match.group()))
        pos = match.end()
    if pos < len(text):
        parts.append(_fold_latin(text[pos:]))
    return "".join(parts)


# --------------------------------------------------------------------------------------------------------------
# Phonetic keys
# --------------------------------------------------------------------------------------------------------------

_NOT_AZ: Final = re.compile("[^a-z]+")
_ASPIRATE_H: Final = re.compile("([bcdfgjkpqstvz])h")  # kh gh ch jh th dh ph bh sh; not nh/mh/lh/rh (Sinha)
_DOUBLES: Final = re.compile(r"(.)\1+")
_JY: Final = re.compile("(?<=[ij])y(?=[aeiou])")
_FINAL_Y: Final = re.compile("(?<=[^aeiou])y$|ie$")
_LETTER_MAP: Final = str.maketrans({"x": "ks", "z": "j", "q": "k", "w": "v"})
_VOWELS: Final = frozenset("aeiou")


def _latin_word(token: str) -> str:
    """A single word as ``[a-z]`` only (after ``to_latin``)."""
    word = token if token.isascii() else to_latin(token)
    word = word.lower()
    return word if word.isalpha() and word.isascii() else _NOT_AZ.sub("", word)


_FINAL_CE: Final = re.compile(r"ce$")
_SOFT_C: Final = re.compile(r"c(?=[eiy])")


@lru_cache(maxsize=131072)
def _base_key(word: str) -> str:
    """The phonetic transformation of an ``[a-z]`` word, without alias resolution."""
    w = word
    if not w:
        return ""
    if "c" in w:  # English soft c: Prince = प्रिंस (prins), Lucy = Lusi; not ch (Chetan)
        w = _SOFT_C.sub("s", _FINAL_CE.sub("s", w))
    # Long vowels first, so "ee"/"oo" become the vowels they stand for before doubles collapse.
    w = w.replace("ee", "i").replace("oo", "u").replace("ou", "au")
    w = w.replace("chh", "c").replace("ch", "c").replace("ck", "k").replace("hh", "h")  # Radhha: a doubled h
    w = w.replace("ph", "f").replace("sh", "s").translate(_LETTER_MAP)  # x→ks, z→j, q→k, w→v
    if "h" in w:
        w = _ASPIRATE_H.sub(r"\1", w)  # aspiration is ignored: Bhola = Bola, Sunitha = Sunita, Jyothi = Jyoti
    w = _DOUBLES.sub(r"\1", w)  # Guddu = Gudu, Kaajal = Kajal, Mohammad = Mohamad
    if "y" in w:
        w = _DOUBLES.sub(r"\1", _JY.sub("", w))  # Jyoti = Joti, Naziya = Nazia, Priya = Pria
    if len(w) > 2 and w.endswith(("ay", "oy")):
        w = w[:-2] + "ai"  # Ajay = Ajai, Sanjay = Sanjai = Sanjoy (Bengali o for the inherent a), Roy = Rai
    elif len(w) > 3 and w[-1] == "o" and w[-2] not in _VOWELS:
        w = w[:-1] + "a"  # Bengali final o for a: Subroto = Subrota, Shubho = Shubha
    if len(w) > 3 and w.endswith("iy"):
        w = w[:-1] + "a"  # Priy, Papiy: Priya and Papiya with the final a dropped (the y shows it was there)
    elif w.endswith(("y", "ie")):
        w = _DOUBLES.sub(r"\1", _FINAL_Y.sub("i", w))  # Rinky = Rinki, Rinkie = Rinki
    if w.endswith(("ore", "oke")):
        w = w[:-1]  # Kishore = Kishor, Ashoke = Ashok
    return w


_ALIAS_GROUPS: Final = {
    "mohammad": (
        "mohammad",
        "mohammed",
        "mohamed",
        "mohamad",
        "mohamud",
        "mohammod",
        "mohamod",
        "muhammad",
        "muhammed",
        "muhamed",
        "muhamad",
        "mohmmad",
        "mohmad",
        "mahammad",
        "mohd",
        "mohd",
        "mhd",
        "md",
    ),
    "sheikh": ("sheikh", "shaikh", "shekh", "seikh", "sekh", "sk"),
    "kumar": ("kumar", "kr"),
    "kumari": ("kumari", "km", "kmr", "ku"),
}
#: Phonetic base key of a variant → canonical casual token (Mohd → mohammad).
_ALIASES: Final = {_base_key(v): canonical for canonical, variants in _ALIAS_GROUPS.items() for v in variants}


def _canonical(word: str) -> str:
    """Resolve abbreviations and variant spellings of the few words that have a canonical form."""
    return _ALIASES.get(_base_key(word), word)


def phonetic_key(token: str) -> str:
    """The phonetic key of one name word (any script).

    Lowercase ``[a-z]``; ``ee``→i, ``oo``→u, ``ou``→au; ch/chh→c, ph→f, sh→s, x→ks, z→j, q→k, w→v; an ``h``
    after b/c/d/f/g/j/k/p/q/s/t/v/z dropped (aspiration ignored); doubled letters collapsed; a ``y`` between
    i/j and a vowel dropped (Jyoti = Joti, Naziya = Nazia, Priya = Pria); a final consonant+y or ``ie`` → i
    (Rinky = Rinki); a silent final e after or/ok dropped (Kishore = Kishor). Known abbreviations and variant
    spellings resolve first (Mohd, Md, Muhammad → mohammad; Kr → kumar; Km → kumari; Sk, Shaikh → sheikh).
    Empty for text with no Latin-transliterable letters.

    >>> phonetic_key("Pooja") == phonetic_key("पूजा") == "puja"
    True
    """
    word = _latin_word(token)
    if not word:
        return ""
    return _base_key(_canonical(word))


def _skeleton(key: str) -> str:
    if len(key) < 2:
        return key
    final = key[-1] if key[-1] in _VOWELS else ""
    out = [key[0]]
    previous = key[0]
    for ch in key[1:-1] if final else key[1:]:
        # Vowels go; so does a y straight after a consonant (Priya = Pria, Vyas = Vas).
        if ch not in _VOWELS and not (ch == "y" and previous not in _VOWELS):
            out.append(ch)
        previous = ch
    out.append(final)
    return "".join(out).replace("v", "b")


def skeleton_key(token: str) -> str:
    """The consonant skeleton of one name word: first letter, the other consonants, and a final vowel.

    Built from the phonetic key; ``y`` after a consonant is dropped and ``v`` is written ``b`` (Bengali and
    Odia have one letter for both: Vikas = Bikash, Ravi = Rabi).

    >>> skeleton_key("Ramesh"), skeleton_key("Rmesh"), skeleton_key("Amit"), skeleton_key("Amita")
    ('rms', 'rms', 'amt', 'amta')
    """
    return _skeleton(phonetic_key(token))


# --------------------------------------------------------------------------------------------------------------
# Nicknames and weak words
# --------------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _nickname_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, info in NICKNAMES.items():
        for spelling in (canonical, *info["variants"]):
            key = phonetic_key(spelling)
            if key:
                index.setdefault(key, canonical)
    return index


def nickname_key(token: str) -> str | None:
    """The canonical nickname key for a word (Chotu, छोटू → ``"chhotu"``), or ``None``."""
    return _nickname_index().get(phonetic_key(token))


def is_nickname(token: str) -> bool:
    """True when the word is a known nickname (it may also be a given name: see ``nickname_info``)."""
    return nickname_key(token) is not None


def nickname_info(token: str) -> NicknameInfo | None:
    """The nickname entry (gender, meaning, generic, also_given_name) for a word, or ``None``."""
    key = nickname_key(token)
    return NICKNAMES[key] if key else None


#: Low-information words: kept in ``name_tokens`` but searched for only when a name has nothing else.
#: "Kumar"/"Kumari" are middle or last names for most boys/girls in Bihar and Jharkhand; "Devi" for women.
WEAK_TOKENS: Final = frozenset(
    {
        "kumar",
        "kumari",
        "devi",
        "singh",
        "kaur",
        "bai",
        "ben",
        "bhai",
        "begum",
        "khatun",
        "khatoon",
        "bibi",
        "bano",
        "banu",
        "mohammad",
        "sheikh",
        "baby",
        "beby",
    }
)
_WEAK_KEYS: Final = frozenset(_base_key(w) for w in WEAK_TOKENS)


def is_weak(token: str) -> bool:
    """True for low-information words (``WEAK_TOKENS`` in any spelling) and single letters (initials)."""
    key = phonetic_key(token)
    return len(key) == 1 or key in _WEAK_KEYS


# --------------------------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------------------------

_HONORIFICS: Final = (
    "shri",
    "sri",
    "shree",
    "smt",
    "shrimati",
    "shrimti",
    "srimati",
    "sushri",
    "mr",
    "mrs",
    "ms",
    "miss",
    "master",
    "mst",
    "mosammat",
    "musammat",
    "late",
    "lt",
    "svargiya",
    "swargiya",
    "svargiy",
    "sv",
    "ji",
    "janab",
)
_FILLERS: Final = (
    "unknown",
    "unknwn",
    "unk",
    "agyat",
    "agyaat",
    "lawaris",
    "lavaris",
    "na",
    "none",
    "null",
    "balak",
    "baalak",
    "balika",
    "baalika",
    "ladka",
    "ladki",
    "bachcha",
    "bachchi",
    "boy",
    "girl",
    "child",
    "name",
    "naam",
    "urf",
    "urph",
    "alias",
    "alis",
    "aka",
    "or",
)
_DROP_KEYS: Final = frozenset(_base_key(w) for w in (*_HONORIFICS, *_FILLERS))
#: Whole phrases that say the name is not known (after transliteration: पता नहीं → pata nahin); their words alone
#: ("not", "known") could be part of a name.
_UNKNOWN_PHRASES: Final = re.compile(
    r"\b(?:not\s+known|no\s+name|not\s+given|not\s+available|not\s+stated|unidentified|"
    r"(?:naam\s+)?(?:pata|maloom|malum)\s+nahi[n]?)\b"
)

_RELATION: Final = re.compile(
    r"(?:^|(?<=[\s,;:()\-]))"
    r"(?:[sdwch]\s*[/\\.]\s*[o0]\b\.?|(?:son|daughter|wife|husband|care)\s+of\b|(?:su)?putr[ai]\b|patni\b)"
    r".*$",
    re.DOTALL,
)
_ABBREVIATED_MOHAMMAD: Final = re.compile(r"\b(?:mo|mu)\s*\.")
_APOSTROPHES: Final = re.compile("['\u2019\u02bc`]")
_WORD: Final = re.compile(r"[^\W\d_]+")


def name_tokens(text: str) -> list[str]:
    """The casual Latin words of a person's own name, in order.

    Honorifics and fillers are removed, Mohd/Md/Muhammad/... become ``mohammad``, Kr → ``kumar``, Km → ``kumari``,
    and a relation marker ("s/o", "d/o", "w/o", "c/o", "son of", "putra", "putri", "पुत्री") ends the name: what
    follows is a relative's name. Weak words (``WEAK_TOKENS``) are kept.

    >>> name_tokens("Km. Pooja Kumari d/o Ramesh")
    ['kumari', 'pooja', 'kumari']
    >>> name_tokens("श्री मो० इरफ़ान")
    ['mohammad', 'irfan']
    """
    if not text:
        return []
    latin = to_latin(text)
    latin = _RELATION.sub("", latin)
    latin = _UNKNOWN_PHRASES.sub(" ", latin)
    latin = _ABBREVIATED_MOHAMMAD.sub(" mohammad ", latin)
    latin = _APOSTROPHES.sub("", latin)
    tokens: list[str] = []
    for word in _WORD.findall(latin):
        key = _base_key(word) if word.isascii() else ""
        if key in _DROP_KEYS:
            continue
        tokens.append(_ALIASES.get(key, word) if key else word)
    return tokens


# --------------------------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=131072)
def _token_keys(token: str) -> tuple[bool, frozenset[str]]:
    """``(weak, keys)`` for one token from ``name_tokens``."""
    key = phonetic_key(token)
    if not key:  # a script we cannot transliterate (Urdu, ...): exact form only
        return False, frozenset({KEY_EXACT + token})
    if len(key) == 1 or key in _WEAK_KEYS:
        return True, frozenset({KEY_WEAK + key})
    keys = {KEY_EXACT + token, KEY_PHONETIC + key}
    skeleton = _skeleton(key)
    if len(skeleton) >= MIN_SKELETON_LEN:
        keys.add(KEY_SKELETON + skeleton)
    nickname = _nickname_index().get(key)
    if nickname:
        keys.add(KEY_NICKNAME + nickname)
    return False, frozenset(keys)


def name_keys(text: str) -> set[str]:
    """The keys to store for a name (each to be HMAC'd by the caller; see the module doc for the levels).

    >>> sorted(name_keys("Pooja Kumari"))
    ['e:pooja', 'p:puja', 's:pja', 'w:kumari']
    """
    keys: set[str] = set()
    for token in name_tokens(text):
        keys |= _token_keys(token)[1]
    return keys


def query_keys(text: str) -> set[str]:
    """The keys to look up when searching for a name: as ``name_keys``, but weak words only if nothing else.

    >>> sorted(query_keys("पूजा कुमारी")), sorted(query_keys("Kumari"))
    (['e:puja', 'p:puja', 's:pja'], ['w:kumari'])
    """
    strong: set[str] = set()
    weak: set[str] = set()
    for token in name_tokens(text):
        is_weak_token, keys = _token_keys(token)
        (weak if is_weak_token else strong).update(keys)
    return strong or weak


# --------------------------------------------------------------------------------------------------------------
# Similarity
# --------------------------------------------------------------------------------------------------------------


def _word(text: str) -> str:
    """One comparable word: the name's tokens run together ("Ram Kumar" = "Ramkumar"), ``[a-z]`` only."""
    tokens = name_tokens(text)
    if tokens:
        joined = "".join(tokens)
        return joined if joined.isascii() else _NOT_AZ.sub("", joined) or joined
    return _latin_word(text)


def _ending(key: str) -> str:
    return key[-1] if key and key[-1] in _VOWELS else ""


def _score(wa: str, wb: str) -> tuple[float, str]:
    """``(score, level)``: level is one of same, phonetic, nickname, skeleton, final_a, ending, other."""
    if not wa or not wb:
        return 0.0, "empty"
    if wa == wb:
        return 1.0, "same"
    pa, pb = _base_key(wa), _base_key(wb)
    if not pa or not pb:
        return round(0.9 * Levenshtein.normalized_similarity(wa, wb), 4), "other"
    sa, sb = _skeleton(pa), _skeleton(pb)
    score = (
        0.45 * Levenshtein.normalized_similarity(pa, pb)
        + 0.35 * Levenshtein.normalized_similarity(sa, sb)
        + 0.20 * JaroWinkler.normalized_similarity(wa, wb)
    )
    level = "other"
    if pa == pb:
        score, level = max(score, 0.95), "phonetic"
    else:
        nick_a, nick_b = _nickname_index().get(pa), _nickname_index().get(pb)
        if nick_a and nick_a == nick_b:
            score, level = max(score, 0.9), "nickname"
        elif sa == sb:
            score, level = max(score, 0.85), "skeleton"
        elif _ending(pa) != _ending(pb):
            # Amit/Amita, Sunita/Sunil, Rinki/Rinku; a bare dropped final "a" (Sabin/Sabina, Subrat/Subrata)
            # may be a spelling or the other gender's name, which a word alone cannot tell.
            score, level = score - 0.1, "final_a" if _drops_final_a(pa, pb) else "ending"
    return round(min(max(score, 0.0), 0.99), 4), level


#: Shortest key that may lose a final "a" (Asha/Ash: two letters left are too little to go on).
MIN_DROPPED_A_KEY: Final = 4


def _drops_final_a(pa: str, pb: str) -> bool:
    short, long = (pa, pb) if len(pa) < len(pb) else (pb, pa)
    return (
        len(long) >= MIN_DROPPED_A_KEY
        and long == short + "a"
        and short[-1] not in _VOWELS
        and short[-1] != "y"  # Priy/Priya is no spelling
    )


def dropped_final_vowel(a: str, b: str) -> bool:
    """Whether two name words differ only by a final "a" after a consonant: Sabin/Sabina, Subrat/Subrata
    (Hindi drops the inherent vowel, Bengali writes it), Fatim/Fatima — but also Amit/Amita, a brother's and a
    sister's name. ``similarity`` cannot tell these apart and scores them as different endings (about 0.7); a
    caller that knows both records' gender (the tracing engine) can.
    """
    return _score(_word(a), _word(b))[1] == "final_a"


def similarity(a: str, b: str) -> float:
    """How alike two name words are, in [0, 1] (any script; multi-word input is run together).

    1.0 for the same casual spelling; at least 0.95 for the same phonetic key, 0.9 for the same nickname,
    0.85 for the same consonant skeleton; otherwise a blend of Levenshtein similarity of the phonetic keys
    (0.45) and of the skeletons (0.35) and Jaro-Winkler of the casual forms (0.2), less 0.1 when the final
    vowels differ (often the other gender's name: Amit/Amita). Different names typically score below 0.75.
    """
    return _score(_word(a), _word(b))[0]


def explain(a: str, b: str) -> str:
    """A short human reason for ``similarity(a, b)``, e.g. ``"same sound: Pooja ≈ पूजा"``."""
    wa, wb = _word(a), _word(b)
    score, level = _score(wa, wb)
    a, b = a.strip(), b.strip()
    if level == "empty":
        return "nothing to compare"
    if level == "same":
        if _latin_word(a) == _latin_word(b) or a.casefold() == b.casefold():
            return f"same name: {a} = {b}"
        return f"same name, written differently: {a} = {b}"
    if level == "phonetic":
        return f"same sound: {a} ≈ {b}"
    if level == "nickname":
        return f"same nickname: {a} ≈ {b}"
    if level == "skeleton":
        return f"same consonants, vowels differ: {a} ≈ {b}"
    # A nickname that is not also a given name (Guddi, Chhotu) is never a spelling of a given name.
    info_a, info_b = nickname_info(wa), nickname_info(wb)
    nick_a = info_a is not None and not info_a["also_given_name"]
    nick_b = info_b is not None and not info_b["also_given_name"]
    if nick_a != nick_b:
        nick, other = (a, b) if nick_a else (b, a)
        return f"nickname vs name: {nick} is a nickname, not a spelling of {other}"
    if level == "final_a":
        return f"different ending: a final vowel dropped (a spelling, or the other gender's form): {a} / {b}"
    if level == "ending" and score >= 0.6:
        return f"different ending (often a different name or the other gender's form): {a} / {b}"
    if score >= 0.75:
        return f"spelling differs: {a} ~ {b}"
    return f"different names: {a} / {b}"
