"""Tracing records (one row of ``missing.csv`` or ``found.csv``) and their prepared, comparable form."""

from __future__ import annotations

import datetime
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, overload

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


@lru_cache(maxsize=1 << 16)
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


class PreparedColumns(Sequence[Prepared]):
    """Prepared records kept as columns, for a large reference file (``Linker``): the ``Record`` objects, and
    per record the position of its names, places, languages and marks in small tables of distinct values.
    ``columns[i]`` is a new ``Prepared``, equal to ``prepare(records[i])``.

    A million reports as a million ``Prepared`` objects (each with its own phones set) take ~400 MB, and forked
    workers that score them write the reference counts of every object they read, so they copy the pages of
    the whole heap. Here the per-record data are arrays of ints (no objects, nothing written when read) and
    the shared values recur in few pages.
    """

    def __init__(self, records: Sequence[Record]):
        self.records = records
        self._names: list[PersonName] = []
        self._name_ids: dict[str, int] = {}
        self._texts: list[str] = []
        self._text_ids: dict[str, int] = {}
        self._sets: list[frozenset[str]] = []
        self._set_ids: dict[frozenset[str], int] = {}
        self._columns = tuple(array("i") for _ in range(10))

    def append(self, p: Prepared) -> None:
        """Add the next record's prepared form (``p.record`` must be ``records[len(self)]``)."""
        name, father, mother, state, district, home_state, home_district, place, langs, marks = self._columns
        name.append(self._name_id(p.name))
        father.append(self._name_id(p.father))
        mother.append(self._name_id(p.mother))
        state.append(self._text_id(p.state))
        district.append(self._text_id(p.district))
        home_state.append(self._text_id(p.home_state))
        home_district.append(self._text_id(p.home_district))
        place.append(self._text_id(p.place))
        langs.append(self._set_id(p.languages))
        marks.append(self._set_id(p.marks))

    def _name_id(self, name: PersonName) -> int:
        # A PersonName is a function of its (normalised) raw text, so the text identifies it.
        found = self._name_ids.get(name.raw)
        if found is None:
            found = self._name_ids[name.raw] = len(self._names)
            self._names.append(name)
        return found

    def _text_id(self, text: str) -> int:
        found = self._text_ids.get(text)
        if found is None:
            found = self._text_ids[text] = len(self._texts)
            self._texts.append(text)
        return found

    def _set_id(self, values: frozenset[str]) -> int:
        found = self._set_ids.get(values)
        if found is None:
            found = self._set_ids[values] = len(self._sets)
            self._sets.append(values)
        return found

    def __len__(self) -> int:
        return len(self._columns[0])

    @overload
    def __getitem__(self, index: int) -> Prepared: ...

    @overload
    def __getitem__(self, index: slice) -> list[Prepared]: ...

    def __getitem__(self, index: int | slice) -> Prepared | list[Prepared]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        name, father, mother, state, district, home_state, home_district, place, langs, marks = self._columns
        names, texts, sets = self._names, self._texts, self._sets
        record = self.records[index]
        return Prepared(
            record=record,
            name=names[name[index]],
            father=names[father[index]],
            mother=names[mother[index]],
            state=texts[state[index]],
            district=texts[district[index]],
            home_state=texts[home_state[index]],
            home_district=texts[home_district[index]],
            place=texts[place[index]],
            languages=sets[langs[index]],
            marks=sets[marks[index]],
            phones=phones(record.phone),
            birth_year=birth_year(record.age, record.date),
            gender=record.gender if record.gender in ("M", "F", "X") else "",
        )

    def __iter__(self) -> Iterator[Prepared]:
        return (self[i] for i in range(len(self)))
