"""Per-field explanations a case worker understands: ("father's name", "agrees", "Ramesh ≈ रमेश").

Values are shown as recorded, the missing report's first: "Gaya vs Patna" is the report's district against the
found child's home district. Verdicts are one of ``VERDICTS``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Final

from picket.tracing.features import DEDUPE, LINK, FieldResult, expected_age
from picket.tracing.records import PersonName, Prepared

VERDICTS: Final = (
    "agrees",
    "partly agrees",
    "similar",
    "fits",
    "doubtful",
    "does not fit",
    "neutral",
    "unknown",
    "differs",
    "conflicts",
)

LABELS: Final = {
    "name": "child's name",
    "father": "father's name",
    "mother": "mother's name",
    "gender": "gender",
    "age": "age",
    "dates": "dates",
    "home": "home district",
    "found_in": "where found",
    "place": "place",
    "language": "language",
    "marks": "marks",
    "phone": "phone",
    "sibling": "family",
}

_NAME_VERDICTS: Final = {
    "agree": "agrees",
    "variant": "agrees",
    "partial": "partly agrees",
    "surname_only": "differs",
    "close": "similar",
    "nickname": "neutral",
    "generic": "neutral",
    "conflict": "differs",
    "missing": "unknown",
}
_PLACE_VERDICTS: Final = {
    "village": "agrees",
    "district": "agrees",
    "state": "partly agrees",
    "other_district": "differs",
    "other": "differs",
    "unknown": "unknown",
}
_VERDICTS: Final = {
    "gender": {"same": "agrees", "differ": "conflicts", "unknown": "unknown"},
    "age": {"exact": "fits", "fits": "fits", "near": "doubtful", "far": "does not fit", "unknown": "unknown"},
    "dates": {
        "after": "fits",
        "just_before": "doubtful",
        "before": "conflicts",
        "same": "agrees",
        "close": "fits",
        "apart": "doubtful",
        "far": "differs",
        "unknown": "unknown",
    },
    "language": {"same": "agrees", "related": "similar", "differ": "differs", "unknown": "unknown"},
    "marks": {"agree": "agrees", "partial": "partly agrees", "differ": "differs", "unknown": "unknown"},
    "phone": {"same": "agrees", "differ": "differs", "unknown": "unknown"},
    "sibling": {"one": "differs", "several": "conflicts"},
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One field's part in a score: ``weight`` is its contribution to the log-odds (nats)."""

    field: str
    verdict: str
    text: str
    weight: float

    def as_tuple(self) -> tuple[str, str, str]:
        return (self.field, self.verdict, self.text)

    def __str__(self) -> str:
        return f"{self.field}: {self.text} ({self.verdict})"


def verdict(field: str, level: str) -> str:
    if field in ("name", "father", "mother"):
        return _NAME_VERDICTS.get(level, "unknown")
    if field in ("home", "found_in", "place"):
        if field == "found_in" and level in ("other", "other_district"):
            return "neutral"  # children are often found far from where they went missing
        return _PLACE_VERDICTS.get(level, "unknown")
    return _VERDICTS.get(field, {}).get(level, "unknown")


def _month(day: datetime.date | None) -> str:
    return day.strftime("%Y-%m") if day else "an unknown date"


def _span(days: int) -> str:
    days = abs(days)
    if days < 45:
        return f"{days} day{'s' if days != 1 else ''}"
    months = round(days / 30.44)
    if months < 12:
        return f"{months} months"
    years, months = divmod(months, 12)
    return f"{years} year{'s' if years != 1 else ''}" + (
        f" {months} month{'s' if months != 1 else ''}" if months else ""
    )


def _place(district: str, state: str) -> str:
    return ", ".join(part for part in (district, state) if part) or "not recorded"


def _name_text(level: str, a: PersonName, b: PersonName) -> str:
    if level == "missing":
        if a.raw and b.raw:
            return f"{a.raw} / {b.raw}: no informative word to compare"
        return (
            "not recorded on both records" if not (a.raw or b.raw) else f"recorded on one side only ({a.raw or b.raw})"
        )
    if level == "generic":
        nick = b.raw if b.generic_only else a.raw
        return f"{a.raw} / {b.raw}: '{nick}' is what any small child is called, so it says nothing"
    if level == "nickname":
        nick = b.raw if b.nickname_only else a.raw
        return f"{a.raw} / {b.raw}: '{nick}' is a pet name, not a spelling of the other; neither for nor against"
    texts = {
        "agree": f"{a.raw} = {b.raw}" if a.raw.casefold() == b.raw.casefold() else f"{a.raw} ≈ {b.raw}",
        "variant": f"{a.raw} ≈ {b.raw} (spelling differs)",
        "partial": f"{a.raw} / {b.raw}: the first name agrees, another word differs",
        "surname_only": f"{a.raw} / {b.raw}: only the family name agrees",
        "close": f"{a.raw} ~ {b.raw}: similar, probably different names",
        "conflict": f"{a.raw} vs {b.raw}: different names",
    }
    return texts.get(level, f"{a.raw} / {b.raw}")


def _age_text(level: str, a: Prepared, b: Prepared, kind: str) -> str:
    ra, rb = a.record, b.record
    if ra.age is None or rb.age is None:
        return "not recorded on both records"
    expected = expected_age(a, b)
    assert expected is not None  # ra.age is known
    if kind == LINK:
        text = f"reported {ra.age} in {_month(ra.date)}, found aged ~{rb.age} in {_month(rb.date)}"
    else:
        text = f"{ra.age} in {_month(ra.date)} and {rb.age} in {_month(rb.date)}"
    if ra.date and rb.date and ra.date != rb.date:
        text += f" (expected about {expected:.0f})"
    elif not (ra.date and rb.date):
        text += " (dates unknown, so the time between is unknown)"
    return text


def _dates_text(level: str, a: Prepared, b: Prepared, kind: str) -> str:
    da, db = a.record.date, b.record.date
    if da is None or db is None:
        return "a date is not recorded"
    days = (db - da).days
    if kind == LINK:
        when = "after" if days >= 0 else "before"
        return f"found {db.isoformat()}, {_span(days)} {when} going missing ({da.isoformat()})"
    return f"missing since {da.isoformat()} and {db.isoformat()} ({_span(days)} apart)"


def _marks_text(level: str, a: Prepared, b: Prepared) -> str:
    ra, rb = a.record.marks, b.record.marks
    if level == "unknown":
        return "not recorded on both records"
    shared = sorted(t.split(":", 1)[1] for t in a.marks & b.marks)
    if level == "agree":
        return f"{ra} ≈ {rb} (both: {', '.join(shared)})"
    if level == "partial":
        return f"{ra} / {rb} (in common: {', '.join(shared)})"
    return f"{ra} / {rb}: nothing in common"


def describe(result: FieldResult, a: Prepared, b: Prepared, kind: str) -> tuple[str, str, str]:
    """``(field label, verdict, text)`` for one field's result."""
    field, level = result.field, result.level
    label, said = LABELS.get(field, field), verdict(field, level)
    ra, rb = a.record, b.record
    text: str
    if field in ("name", "father", "mother"):
        text = _name_text(level, getattr(a, field), getattr(b, field))
    elif field == "gender":
        text = "not recorded on both records" if level == "unknown" else f"{ra.gender} / {rb.gender}"
    elif field == "age":
        text = _age_text(level, a, b, kind)
    elif field == "dates":
        text = _dates_text(level, a, b, kind)
    elif field == "home":
        home = _place(rb.home_district, rb.home_state)
        sign = {"district": "≈", "state": "/"}.get(level, "vs")
        text = f"{_place(ra.district, ra.state)} {sign} {home}" if home != "not recorded" else "the child did not say"
    elif field == "found_in":
        text = f"went missing in {_place(ra.district, ra.state)}; found in {_place(rb.district, rb.state)}"
    elif field == "place":
        text = f"{_place(ra.district, ra.state)} / {_place(rb.district, rb.state)}"
        if level == "village":
            text = f"same village or town: {ra.place} ≈ {rb.place} ({_place(ra.district, ra.state)})"
    elif field == "language":
        text = "not recorded on both records" if level == "unknown" else f"{ra.language} / {rb.language}"
        if level == "related":
            text += " (related languages)"
    elif field == "marks":
        text = _marks_text(level, a, b)
    elif field == "phone":
        shared = sorted(a.phones & b.phones)
        text = {
            "same": f"same number (…{shared[0][-4:]})" if shared else "same number",
            "differ": "different numbers",
        }.get(level, "not recorded on both records")
    elif field == "sibling" and level == "one":
        text = "the child's names differ; the one family detail that agrees may be a coincidence or a sibling"
    elif field == "sibling":
        text = "the same family, but the child's names differ: maybe a brother or sister (score kept low)"
    else:
        text = level
    return label, said, text


__all__ = ["DEDUPE", "LABELS", "LINK", "VERDICTS", "Evidence", "describe", "verdict"]
