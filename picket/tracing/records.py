"""Tracing records (one row of ``missing.csv`` or ``found.csv``) and their prepared, comparable form."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from picket.people.names import is_nickname, is_weak, name_tokens, nickname_info, phonetic_key, to_latin
from picket.tracing.text import languages, mark_terms, phones, place_key

MISSING: Final = "missing"
FOUND: Final = "found"


@dataclass(frozen=True, slots=True)
class Record:
    """One child as the interchange format describes it (``found.csv`` adds ``home_state``/``home_district``).

    ``row`` is the row number in the file it came from (the header is row 1), for messages; 0 if none.
    """

    record_id: str
    name: str = ""
    father_name: str = ""
    mother_name: str = ""
    gender: str = ""  # "M", "F", "X" or ""
    age: int | None = None
    date: datetime.date | None = None
    state: str = ""
    district: str = ""
    place: str = ""
    language: str = ""
    marks: str = ""
    phone: str = ""
    home_state: str = ""
    home_district: str = ""
    row: int = 0


@dataclass(frozen=True, slots=True)
class PersonName:
    """A name ready for comparison: its strong (informative) tokens and their phonetic keys."""

    raw: str
    strong: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    joined: str = ""  # every token (weak ones too) run together: "Ram Kumar" = "Ramkumar"
    nickname_only: bool = False  # every strong token is a known nickname
    generic_only: bool = False  # every strong token is a generic nickname (Chhotu, Munni, Babu)

    def __bool__(self) -> bool:
        return bool(self.strong)


#: At most this many words of a name are compared (a long cell is usually a note, not a name).
MAX_NAME_TOKENS: Final = 5


@lru_cache(maxsize=1 << 18)
def person_name(raw: str) -> PersonName:
    """Tokens of a name (``name_tokens``) split into strong words and weak ones (Kumari, Devi: ``is_weak``)."""
    raw = " ".join(raw.split())
    tokens = name_tokens(raw)[: MAX_NAME_TOKENS * 2]
    strong = tuple(t for t in tokens if not is_weak(t))[:MAX_NAME_TOKENS]
    if not strong:
        return PersonName(raw=raw)
    infos = [nickname_info(t) for t in strong]
    return PersonName(
        raw=raw,
        strong=strong,
        keys=tuple(phonetic_key(t) or t for t in strong),
        joined="".join(tokens),
        nickname_only=all(is_nickname(t) for t in strong),
        generic_only=all(info is not None and info["generic"] for info in infos),
    )


_RELATION: Final = re.compile(
    r"(?:^|[\s,;(])(?:[sdc]\s*[/\\.]\s*o\b\.?|son\s+of\b|daughter\s+of\b|(?:su)?putr[ai]\b)", re.IGNORECASE
)


def relative_in_name(name: str) -> str:
    """The parent's name written into a name cell ("Pooja d/o Ramesh", "पूजा पुत्री रमेश" → the part after it)."""
    latin = to_latin(name)
    match = _RELATION.search(latin)
    return latin[match.end() :].strip(" .,:;-") if match else ""


def birth_year(age: int | None, date: datetime.date | None) -> int | None:
    """The year of birth an age on a date implies (rounded; ``None`` when either is unknown)."""
    if age is None or date is None:
        return None
    return date.year - age


@dataclass(slots=True)
class Prepared:
    """A record with every field in comparable form, computed once per record."""

    record: Record
    name: PersonName
    father: PersonName
    mother: PersonName
    state: str
    district: str
    home_state: str
    home_district: str
    place: str
    languages: frozenset[str]
    marks: frozenset[str]
    phones: frozenset[str]
    birth_year: int | None
    gender: str = field(default="")

    @property
    def record_id(self) -> str:
        return self.record.record_id


def prepare(record: Record) -> Prepared:
    """The comparable form of a record. A parent's name written into the name cell fills an empty father."""
    father_raw = record.father_name or relative_in_name(record.name)
    return Prepared(
        record=record,
        name=person_name(record.name),
        father=person_name(father_raw),
        mother=person_name(record.mother_name),
        state=place_key(record.state),
        district=place_key(record.district),
        home_state=place_key(record.home_state),
        home_district=place_key(record.home_district),
        place=place_key(record.place),
        languages=languages(record.language),
        marks=mark_terms(record.marks),
        phones=phones(record.phone),
        birth_year=birth_year(record.age, record.date),
        gender=record.gender if record.gender in ("M", "F", "X") else "",
    )
