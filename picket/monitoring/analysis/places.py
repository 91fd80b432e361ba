"""Places named in ads: LGD districts, major cities (old names, Hindi names, well-known localities) and
destinations abroad, without a database.

The districts are read from the LGD snapshot shipped in ``data/`` with the geo app's parser
(:func:`picket.geo.lgd_files.parse_lgd`); the cities from ``data/cities.csv``. Latin text is matched word by
word (names of up to three words); Devanagari words are matched by the tracing engine's phonetic place key
(पटना = Patna) and by the Hindi names in ``cities.csv``. District names that are also everyday words
(Gaya "went", Banda "fellow", Mau, Una, Dhar…) are not looked for in free text; they still match when given
in the CSV's ``city`` column (:meth:`Gazetteer.lookup`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from picket.geo.lgd_files import parse_lgd
from picket.monitoring.analysis.text import DEVANAGARI, fold, words

# District names that are common Hindi, Hinglish or English words (or directions on their own).
AMBIGUOUS: Final = frozenset(
    [
        "gaya",
        "banda",
        "mau",
        "una",
        "dhar",
        "pali",
        "bid",
        "jalna",
        "sagar",
        "central",
        "north",
        "south",
        "east",
        "west",
        "kota",
        "puri",
        "salem",
        "tonk",
        "durg",
        "leh",
        "mahe",
        "nuh",
        "jind",
        "simdega",
        "reasi",
        "anand",
        "dang",
        "bhind",
        "morena",
        "diu",
        "datia",
        "hardoi",
        "sikar",
        "churu",
        "kheda",
        "angul",
        "khurda",
        "baran",
        "seoni",
        "rewa",
        "sirsa",
        "ramanagara",
    ]
)


_ONE: Final = (1,)


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    district_code: int | None  # LGD code; None for places abroad
    state: str
    kind: str  # "district", "city" or "abroad"


class Gazetteer:
    def __init__(self, districts: list[Place], cities: list[tuple[Place, list[str]]]):
        self.latin: dict[tuple[str, ...], Place] = {}
        self.devanagari: dict[str, Place] = {}
        self.by_key: dict[str, Place] = {}
        self.max_words = 1
        self.first_words: set[str] = set()
        self._by_sound: dict[str, Place | None] = {}
        for place in districts:
            key = tuple(words(fold(place.name)))
            self.by_key.setdefault(" ".join(key), place)
            if key and not (len(key) == 1 and key[0] in AMBIGUOUS):
                self.latin.setdefault(key, place)
                self.max_words = max(self.max_words, len(key))
        for place, aliases in cities:
            for alias in aliases:
                folded = fold(alias)
                self.by_key[folded] = place
                if DEVANAGARI.search(folded):
                    self.devanagari[folded] = place
                else:
                    key = tuple(words(folded))
                    self.latin[key] = place  # cities win over a district of the same name
                    self.max_words = max(self.max_words, len(key))
        self._index_first_words()

    def _index_first_words(self) -> None:
        self.first_words = {key[0] for key in self.latin if key} | {k.split()[0] for k in self.devanagari}
        widths: dict[str, set[int]] = {}
        for key in self.latin:
            if key:
                widths.setdefault(key[0], set()).add(len(key))
        for text in self.devanagari:
            parts = text.split()
            if parts:
                widths.setdefault(parts[0], {1}).add(len(parts))
        # The lengths of the names that begin with a word, longest first: a word can only start one of those
        # (a Devanagari word is also looked up by sound on its own, hence width 1 for any of them).
        self.widths = {word: tuple(sorted(found, reverse=True)) for word, found in widths.items()}

    def lookup(self, name: str) -> Place | None:
        """The place a short name stands for (the CSV's ``city`` column), ambiguous names included."""
        folded = fold(name)
        if not folded:
            return None
        place = self.by_key.get(" ".join(words(folded))) or self.devanagari.get(folded)
        if place is None and DEVANAGARI.search(folded):
            place = _district_by_place_key().get(_place_key(folded))
        return place

    def find(self, folded: str, tokens: list[str] | None = None) -> tuple[tuple[Place, int, int], ...]:
        """Places named in a folded text (``tokens``: its words, if already split), with the word positions they
        cover, longest names first."""
        if tokens is None:
            tokens = words(folded)
        first_words = self.first_words
        starts = [i for i, token in enumerate(tokens) if token in first_words or "\u0900" <= token[0] <= "\u097f"]
        found: list[tuple[Place, int, int]] = []
        covered = 0
        for i in starts:
            if i < covered:
                continue
            token = tokens[i]
            left = len(tokens) - i
            for width in self.widths.get(token, _ONE if "\u0900" <= token[0] <= "\u097f" else ()):
                if width > left:
                    continue
                place = self._place(tokens, i, width)
                if place is not None:
                    found.append((place, i, i + width))
                    covered = i + width
                    break
        return tuple(found)

    def _place(self, tokens: list[str], i: int, width: int) -> Place | None:
        key = tuple(tokens[i : i + width])
        place = self.latin.get(key)
        if place is None and "\u0900" <= tokens[i][0] <= "\u097f":
            text = " ".join(key)
            place = self.devanagari.get(text)
            if place is None and width == 1:
                if text not in self._by_sound:
                    self._by_sound[text] = _district_by_place_key().get(_place_key(text))
                place = self._by_sound[text]
        return place


def _place_key(text: str) -> str:
    from picket.tracing.text import place_key

    return place_key(text)


@cache
def _district_by_place_key() -> dict[str, Place]:
    """Devanagari spellings of district names are found through the tracing engine's phonetic place key."""
    index: dict[str, Place] = {}
    for place in gazetteer().by_key.values():
        if place.kind == "district" and fold(place.name) not in AMBIGUOUS:
            key = _place_key(place.name)
            if key and len(key) >= 4:
                index.setdefault(key, place)
    return index


def _data(name: str) -> bytes:
    return resources.files("picket.monitoring").joinpath("data", name).read_bytes()


@cache
def gazetteer() -> Gazetteer:
    """The shipped gazetteer (LGD districts of the snapshot in ``data/`` and ``data/cities.csv``)."""
    states = {row.lgd_code: row.name.title() for row in parse_lgd("lgd-states.csv", _data("lgd-states.csv")).rows}
    districts = []
    by_code: dict[int, Place] = {}
    for row in parse_lgd("lgd-districts.csv", _data("lgd-districts.csv")).rows:
        state = states.get(row.state_code or row.parent_code or 0, "")
        place = Place(row.name.title(), row.lgd_code, state, "district")
        districts.append(place)
        by_code[row.lgd_code] = place
    cities = []
    for line in csv.DictReader(io.StringIO(_data("cities.csv").decode("utf-8"))):
        code = int(line["district_code"]) if line["district_code"] else None
        state = by_code[code].state if code is not None else ""
        place = Place(line["name"], code, state, line["kind"])
        cities.append((place, line["aliases"].split("|")))
    return Gazetteer(districts, cities)
