"""Loading the offences catalogue from ``data/*.csv`` and correcting it, with every change kept.

The loader is a three-way merge per field: the file now, the file at the last load (``Offence.loaded_values``)
and the row. A field the file changed and nobody corrected is updated; a field an administrator corrected and
the file did not change is kept; a field both changed differently is a *conflict*: kept as corrected and
reported until someone reconciles the file or the row. A second load of the same file changes nothing.

It takes the model classes as arguments so that the data migration can run it with historical models.
"""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
ACTS_FILE = DATA_DIR / "acts.csv"
OFFENCES_FILE = DATA_DIR / "offences.csv"

# Fields that come from the file and that administrators may correct (identity: act, section, effective_from).
CATALOGUE_FIELDS = (
    "effective_until", "title", "covers", "min_imprisonment_months", "max_imprisonment_months",
    "life_imprisonment", "death_penalty", "fine", "cognizable", "bailable", "chargesheet_days",
    "two_month_investigation", "corresponds_to", "is_verified", "source", "notes",
)  # fmt: skip
ACT_FIELDS = ("name", "short_name", "kind", "effective_from", "effective_until", "replaced_by", "is_verified", "source")
TERM = re.compile(r"^(\d+)([my])$")
YES, NO = {"yes", "true", "y", "1"}, {"no", "false", "n", "0", ""}


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message names the file, line and column."""


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (offence, field)
    not_in_file: list[str] = field(default_factory=list)
    acts_created: int = 0
    acts_updated: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.acts_created or self.acts_updated)


def chargesheet_days_for(*, death_penalty: bool, life_imprisonment: str, max_imprisonment_months: int | None) -> int:
    """BNSS 187(3) / CrPC 167(2): 90 days when punishable with death, life or not less than 10 years, else 60."""
    if death_penalty or life_imprisonment or (max_imprisonment_months or 0) >= 120:
        return 90
    return 60


def _where(path: Path, line: int, column: str) -> str:
    return f"{path.name} line {line}, column {column}"


def _date(value: str, where: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise CatalogueError(f"{where}: not a date (YYYY-MM-DD)") from None


def _bool(value: str, where: str) -> bool:
    value = value.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise CatalogueError(f"{where}: expected yes or no")


def _term(value: str, where: str) -> tuple[int | None, str]:
    """'6m' → (6, ''), '10y' → (120, ''), 'life' → (None, 'life'), 'natural_life', ''."""
    value = value.strip().lower()
    if value in ("", "life", "natural_life"):
        return None, value
    match = TERM.match(value)
    if not match:
        raise CatalogueError(f"{where}: expected e.g. 6m, 10y, life or natural_life")
    number = int(match.group(1))
    return (number * 12 if match.group(2) == "y" else number), ""


def _choice(value: str, allowed: tuple[str, ...], where: str) -> str:
    value = value.strip().lower()
    if value not in allowed:
        raise CatalogueError(f"{where}: expected one of {', '.join(a or '(empty)' for a in allowed)}")
    return value


def read_acts(path: Path = ACTS_FILE) -> dict[str, dict[str, Any]]:
    acts: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            code = row["code"].strip()
            if not code or code in acts:
                raise CatalogueError(f"{_where(path, line, 'code')}: empty or repeated")
            acts[code] = {
                "name": row["name"].strip(),
                "short_name": row["short_name"].strip() or code,
                "kind": _choice(row["kind"], ("offences", "procedure"), _where(path, line, "kind")),
                "effective_from": _date(row["effective_from"], _where(path, line, "effective_from")),
                "effective_until": _date(row["effective_until"], _where(path, line, "effective_until")),
                "replaced_by": row["replaced_by"].strip(),
                "is_verified": _bool(row["verified"], _where(path, line, "verified")),
                "source": row["source"].strip()[:300],
            }
    return acts


OffenceKey = tuple[str, str, str | None]  # act code, section, effective_from (ISO) or None


def read_offences(path: Path = OFFENCES_FILE, *, acts: dict[str, dict[str, Any]]) -> dict[OffenceKey, dict[str, Any]]:
    offences: dict[OffenceKey, dict[str, Any]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):

            def at(column: str, line: int = line) -> str:
                return _where(path, line, column)

            act = row["act"].strip()
            if act not in acts:
                raise CatalogueError(f"{at('act')}: unknown act (add it to {ACTS_FILE.name})")
            section = row["section"].strip()
            if not section or len(section) > 20:
                raise CatalogueError(f"{at('section')}: empty or longer than 20 characters")
            key = (act, section, _date(row["effective_from"], at("effective_from")))
            if key in offences:
                raise CatalogueError(f"{at('section')}: {act} {section} appears twice with the same effective_from")
            minimum, _ = _term(row["min_imprisonment"], at("min_imprisonment"))
            maximum, life = _term(row["max_imprisonment"], at("max_imprisonment"))
            days_text = row["chargesheet_days"].strip()
            if days_text not in ("", "60", "90"):
                raise CatalogueError(f"{at('chargesheet_days')}: expected 60, 90 or empty")
            title = row["title"].strip()
            if not title:
                raise CatalogueError(f"{at('title')}: empty")
            offences[key] = {
                "effective_until": _date(row["effective_until"], at("effective_until")),
                "title": title[:300],
                "covers": row["covers"].strip(),
                "min_imprisonment_months": minimum,
                "max_imprisonment_months": maximum,
                "life_imprisonment": life,
                "death_penalty": _bool(row["death_penalty"], at("death_penalty")),
                "fine": row["fine"].strip()[:200],
                "cognizable": _choice(row["cognizable"], ("yes", "no", ""), at("cognizable")),
                "bailable": _choice(row["bailable"], ("yes", "no", ""), at("bailable")),
                "chargesheet_days": int(days_text) if days_text else None,
                "two_month_investigation": _bool(row["two_month_investigation"], at("two_month_investigation")),
                "corresponds_to": row["corresponds_to"].strip(),
                "is_verified": _bool(row["verified"], at("verified")),
                "source": row["source"].strip()[:300],
                "notes": row["notes"].strip(),
            }
    cited = {f"{act} {section}" for act, section, _ in offences}
    for (act, section, _), values in offences.items():
        if values["corresponds_to"] and values["corresponds_to"] not in cited:
            raise CatalogueError(f"{path.name}: {act} {section} corresponds to {values['corresponds_to']}, not listed")
    return offences


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def offence_values(offence: Any) -> dict[str, Any]:
    """The catalogue fields of an offence row, as JSON values (dates as ISO strings)."""
    return {name: _json_value(getattr(offence, name)) for name in CATALOGUE_FIELDS}


def _model_value(name: str, value: Any) -> Any:
    if name == "effective_until" and isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


def load_catalogue(
    *, act_model: Any, offence_model: Any, revision_model: Any, acts_path: Path = ACTS_FILE,
    offences_path: Path = OFFENCES_FILE,
) -> LoadReport:  # fmt: skip
    """Create, update or leave each act and offence as the files say; report conflicts with corrections.

    The caller provides the transaction (the command and the migration each run it atomically).
    """
    acts = read_acts(acts_path)
    offences = read_offences(offences_path, acts=acts)
    report = LoadReport()
    act_rows = {}
    for code, values in acts.items():
        dated = {
            k: (datetime.date.fromisoformat(v) if k.startswith("effective") and v else v) for k, v in values.items()
        }
        act = act_model.objects.filter(code=code).first()
        if act is None:
            act = act_model.objects.create(code=code, **dated)
            report.acts_created += 1
        elif any(getattr(act, k) != v for k, v in dated.items()):
            for k, v in dated.items():
                setattr(act, k, v)
            act.save()
            report.acts_updated += 1
        act_rows[code] = act
    existing = {
        (o.act.code, o.section, _json_value(o.effective_from)): o for o in offence_model.objects.select_related("act")
    }
    for key, file_values in offences.items():
        act_code, section, effective_from = key
        label = f"{act_code} {section}" + (f" (from {effective_from})" if effective_from else "")
        row = existing.pop(key, None)
        if row is None:
            row = offence_model(
                act=act_rows[act_code], section=section,
                effective_from=datetime.date.fromisoformat(effective_from) if effective_from else None,
                loaded_values=file_values, **{k: _model_value(k, v) for k, v in file_values.items()},
            )  # fmt: skip
            row.save()
            report.created.append(label)
            continue
        current, loaded = offence_values(row), dict(row.loaded_values or {})
        before, after = {}, {}
        new_loaded = dict(loaded)
        for name in CATALOGUE_FIELDS:
            in_file, in_row = file_values[name], current[name]
            was_loaded = loaded.get(name, in_row)
            if in_file == in_row:
                new_loaded[name] = in_file
            elif in_row == was_loaded:  # nobody corrected it: the file wins
                before[name], after[name] = in_row, in_file
                setattr(row, name, _model_value(name, in_file))
                new_loaded[name] = in_file
            elif in_file != was_loaded:  # corrected here and changed in the file, differently
                report.conflicts.append((label, name))
            # else: corrected here, unchanged in the file: the correction stands
        if before:
            row.loaded_values = new_loaded
            row.save()
            revision_model.objects.create(
                offence=row, kind="file", before=before, after=after, reason=f"{offences_path.name} loaded"
            )
            report.updated.append(label)
        else:
            if new_loaded != loaded:
                row.loaded_values = new_loaded
                row.save(update_fields=["loaded_values"])
            report.unchanged.append(label)
    report.not_in_file = sorted(f"{k[0]} {k[1]}" for k in existing)
    return report
