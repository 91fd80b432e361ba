"""Checking one imported row: geography look-ups and cell checks that name the column at fault."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone

from picket.accounts.access import Actor
from picket.geo.models import District
from picket.geo.selectors import district_current_successors


@dataclass(frozen=True)
class Rejection:
    row: int
    column: str
    message: str


class RowRejected(Exception):
    def __init__(self, rejections: list[Rejection]):
        super().__init__(f"{len(rejections)} problem(s)")
        self.rejections = rejections


# --- geography -------------------------------------------------------------------------------------------------


def name_key(text: str) -> str:
    """A district or state name for comparison: case, spaces and punctuation ignored, '&' read as 'and'."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", "and")
    return "".join(ch for ch in text if ch.isalnum())


class GeographyError(ValueError):
    def __init__(self, message: str, *, in_state: bool = False):
        super().__init__(message)
        self.in_state = in_state  # the state column is at fault, not the district column


class Geography:
    """Every district in memory (India has under a thousand, retired ones included), found by code or name."""

    def __init__(self) -> None:
        districts = sorted(District.objects.select_related("state"), key=lambda d: not d.is_active)
        self.by_code = {d.lgd_code: d for d in districts}
        self.states: dict[str, int] = {}
        self.by_name: dict[tuple[int, str], District] = {}
        self.anywhere: dict[str, list[District]] = {}
        for district in districts:  # active first: a retired district answers only to a name no active one has
            self.states.setdefault(name_key(district.state.name), district.state_id)
            self.states.setdefault(str(district.state.lgd_code), district.state_id)
            self.by_name.setdefault((district.state_id, name_key(district.name)), district)
            self.anywhere.setdefault(name_key(district.name), []).append(district)

    def resolve(self, state: str, district: str) -> District:
        """The district named (or coded) in a row; ``GeographyError`` saying what was not found."""
        state_id = self.states.get(name_key(state)) if state else None
        if state and state_id is None:
            raise GeographyError(f"unknown state '{state}'", in_state=True)
        if district.isdigit():
            found = self.by_code.get(int(district))
            if found is None:
                raise GeographyError(f"unknown district LGD code {district}")
            if state_id not in (None, found.state_id):
                raise GeographyError(f"district LGD code {district} ({found.name}) is in {found.state.name}, "
                                     f"not in '{state}'")  # fmt: skip
            return self._current(found)
        if state_id is None:
            named = self.anywhere.get(name_key(district), [])
            candidates = {d.state_id: d for d in named if d.is_active} or {d.state_id: d for d in named}
            if len(candidates) > 1:
                raise GeographyError(f"there is a district '{district}' in more than one state; give the state")
            if not candidates:
                raise GeographyError(f"unknown district '{district}'")
            return self._current(next(iter(candidates.values())))
        found = self.by_name.get((state_id, name_key(district)))
        if found is None:
            raise GeographyError(f"unknown district '{district}' in state '{state}'")
        return self._current(found)

    def state_id(self, state: str) -> int:
        """The state named (or LGD-coded) in a row; ``GeographyError`` if there is none such."""
        state_id = self.states.get(name_key(state))
        if state_id is None:
            raise GeographyError(f"unknown state '{state}'", in_state=True)
        return state_id

    def _current(self, district: District) -> District:
        """A district LGD retired (renamed, split, merged) stands for its successor, if there is just one."""
        if district.is_active:
            return district
        successors = district_current_successors(district)
        if len(successors) == 1:
            return successors[0]
        names = ", ".join(d.name for d in successors) or "no current district"
        raise GeographyError(f"district '{district.name}' was retired and its area is now in {names}; give one")


# --- checking one row ------------------------------------------------------------------------------------------

_PHONE = re.compile(r"\+?[0-9][0-9 ()\-]*")


def _shown(value: str) -> str:
    """A cell quoted in a message only if it cannot be a name: digits and punctuation, short."""
    return f"'{value}' " if re.fullmatch(r"[0-9 /.:+\-]{1,20}", value) else "the value "


class RowCheck:
    """The cells of one row by field, with checks that note a ``Rejection`` (naming the column) and go on."""

    def __init__(self, row: int, values: Mapping[str, str], columns: Mapping[str, str]):
        self.row, self.values, self.columns = row, values, columns
        self.rejections: list[Rejection] = []

    def bad(self, name: str, message: str) -> None:
        self.rejections.append(Rejection(self.row, self.columns.get(name, name), message))

    def text(self, name: str, *, limit: int, required: bool = False, one_line: bool = True) -> str:
        value = (self.values.get(name) or "").strip()
        allowed = "" if one_line else "\n\r\t"
        if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value):
            self.bad(
                name, "contains a line break or a control character" if one_line else "contains a control character"
            )
        elif required and not value:
            self.bad(name, "is required")
        elif len(value) > limit:
            self.bad(name, f"is {len(value)} characters long; at most {limit}")
        else:
            return " ".join(value.split()) if one_line else value
        return ""

    def person_name(self, name: str, *, required: bool = False) -> str:
        value = self.text(name, limit=200, required=required)
        if value and not any(ch.isalpha() for ch in value):
            self.bad(name, "a name needs letters")
            return ""
        return value

    def integer(self, name: str, *, low: int, high: int) -> int | None:
        value = self.text(name, limit=12)
        if not value:
            return None
        if not re.fullmatch(r"\d+", value):
            self.bad(name, f"{_shown(value)}is not a whole number")
        elif not low <= int(value) <= high:
            self.bad(name, f"{int(value)} is not between {low} and {high}")
        else:
            return int(value)
        return None

    def date(self, name: str, *, required: bool = False) -> datetime.date | None:
        value = self.text(name, limit=40, required=required)
        if not value:
            return None
        try:
            day = datetime.date.fromisoformat(value[:10]) if re.fullmatch(r"\d{4}-\d\d-\d\d([T ].*)?", value) else None
        except ValueError:
            day = None
        if day is None:
            self.bad(name, f"{_shown(value)}is not a date of the form YYYY-MM-DD")
        elif day > timezone.localdate():
            self.bad(name, f"{day.isoformat()} is in the future")
        elif day.year < 1950:
            self.bad(name, f"{day.isoformat()} is too long ago")
        else:
            return day
        return None

    def time(self, name: str) -> datetime.time | None:
        value = self.text(name, limit=40)
        match = re.match(r"(\d\d):(\d\d)", value)
        if value and (not match or int(match[1]) > 23 or int(match[2]) > 59):
            self.bad(name, f"{_shown(value)}is not a time of the form HH:MM")
            return None
        return datetime.time(int(match[1]), int(match[2])) if match else None

    def choice(self, name: str, choices: Mapping[str, str], *, required: bool = False) -> str:
        value = self.text(name, limit=40, required=required)
        if value.casefold() in choices:
            return choices[value.casefold()]
        if value:
            shown = ", ".join(sorted(key.upper() if len(key) == 1 else key for key in choices if key))
            self.bad(name, f"{_shown(value)}is not one of: {shown}" + ("" if required else " (or empty)"))
        return ""

    def phone(self, name: str) -> str:
        value = self.text(name, limit=30)
        digits = "".join(ch for ch in value if ch.isdigit())
        if value and not (_PHONE.fullmatch(value) and 10 <= len(digits) <= 13):
            self.bad(name, "not a phone number of 10 digits (with an optional country code)")
            return ""
        return value

    def district(self, geography: Geography, actor: Actor, *, state: str, district: str, code: str = "",
                 required: bool = True) -> District | None:  # fmt: skip
        """The district from an LGD code field (if given) or the state and district names; in the jurisdiction."""
        code_value = self.text(code, limit=12) if code else ""
        state_value, district_value = self.text(state, limit=100), self.text(district, limit=100)
        if code_value and not code_value.isdigit():
            self.bad(code, f"{_shown(code_value)}is not an LGD code")
            return None
        if not (code_value or district_value):
            if required:
                self.bad(district, "is required")
            return None
        try:
            found = geography.resolve("" if code_value else state_value, code_value or district_value)
        except GeographyError as error:
            self.bad(state if error.in_state else code if code_value else district, str(error))
            return None
        if required and not actor.covers({found.pk}):
            self.bad(code if code_value else district, f"district '{found.name}' is outside your jurisdiction")
            return None
        return found

    def state(self, geography: Geography, field: str) -> int | None:
        """The id of the state named in ``field`` (optional), for a child who can name its state but not its
        district."""
        value = self.text(field, limit=100)
        if not value:
            return None
        try:
            return geography.state_id(value)
        except GeographyError as error:
            self.bad(field, str(error))
            return None
