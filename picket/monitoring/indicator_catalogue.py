"""Indicator rules as stored rows: read from the shipped ``data/indicators.toml``, checked with the real engine,
merged with administrators' edits on reload, and compiled into the rule set the web process and the worker
score ads with (ADR 18).

The loader mirrors the offences catalogue (``picket/prosecution/catalogue.py``, ADR 14): a three-way merge per
field of the file now, the file at the last load (``IndicatorRule.loaded_values``) and the row. A field only the
file changed is updated (an ``IndicatorRevision`` of kind *file*); a field only an administrator edited is kept;
a field both changed differently is kept as edited and reported as a conflict on every load. A merged rule that
would fail its own examples is left as it was and reported. A second load changes nothing.

It takes the model classes as arguments so that the data migration can run it with historical models.
"""

from __future__ import annotations

import logging
import re
import tomllib
import uuid
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final

from django.utils import timezone
from django.utils.translation import gettext as _

from picket.monitoring.analysis import analyse
from picket.monitoring.analysis.indicators import (
    KINDS,
    PATTERN,
    RuleError,
    RuleSet,
    compile_rule,
    default_rules,
    parse_rules,
    rule_set,
)

logger = logging.getLogger(__name__)

PATTERN_FIELDS: Final = ("patterns_en", "patterns_hinglish", "patterns_hi", "unless_before", "unless_after", "requires")
EXAMPLE_FIELDS: Final = ("positive_examples", "negative_examples")
# Every field that comes from the file and that administrators may edit (the id, ``code``, is the identity).
RULE_FIELDS: Final = (
    "kind", "age_below", "weight", "decisive", "description", "law", *PATTERN_FIELDS, *EXAMPLE_FIELDS,
)  # fmt: skip
CODE: Final = re.compile(r"[a-z][a-z0-9_]{1,40}")
MAX_WEIGHT: Final = 10.0
LAW_LIMIT: Final = 300


def shipped_text(path: Path | None = None) -> str:
    if path is not None:
        return Path(path).read_text(encoding="utf-8")
    return resources.files("picket.monitoring").joinpath("data", "indicators.toml").read_text(encoding="utf-8")


def values_of_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A ``[[indicator]]`` table as the row's field values (JSON values)."""
    patterns, examples = entry.get("patterns", {}), entry.get("examples", {})
    return {
        "kind": entry.get("kind", PATTERN),
        "age_below": int(entry.get("age_below", 18)),
        "weight": float(entry["weight"]),
        "decisive": bool(entry.get("decisive", False)),
        "description": entry["description"].strip(),
        "law": entry["law"].strip(),
        "patterns_en": list(patterns.get("en", [])),
        "patterns_hinglish": list(patterns.get("hinglish", [])),
        "patterns_hi": list(patterns.get("hi", [])),
        "unless_before": list(entry.get("unless_before", [])),
        "unless_after": list(entry.get("unless_after", [])),
        "requires": list(entry.get("requires", [])),
        "positive_examples": list(examples.get("positive", [])),
        "negative_examples": list(examples.get("negative", [])),
    }


def entry_of(code: str, values: dict[str, Any]) -> dict[str, Any]:
    """The row's values as a ``[[indicator]]`` table, for the engine."""
    return {
        "id": code,
        "kind": values["kind"],
        "age_below": values["age_below"],
        "weight": values["weight"],
        "decisive": values["decisive"],
        "description": values["description"],
        "law": values["law"],
        "patterns": {"en": values["patterns_en"], "hinglish": values["patterns_hinglish"], "hi": values["patterns_hi"]},
        "unless_before": values["unless_before"],
        "unless_after": values["unless_after"],
        "requires": values["requires"],
        "examples": {"positive": values["positive_examples"], "negative": values["negative_examples"]},
    }


def row_values(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in RULE_FIELDS}


def read_file(path: Path | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The file's rules as (id, values), in file order; :class:`RuleError` names the rule when the file is broken."""
    text = shipped_text(path)
    parse_rules(text, source=path.name if path else "indicators.toml")  # every check the engine makes
    return [(entry["id"], values_of_entry(entry)) for entry in tomllib.loads(text)["indicator"]]


# --- checking a rule with the real engine ---------------------------------------------------------------------


def single_rule_set(code: str, values: dict[str, Any]) -> RuleSet:
    shipped = default_rules()
    return rule_set([entry_of(code, values)], bias=shipped.bias, threshold=shipped.threshold, version=0)


def fired_on(rules: RuleSet, code: str, text: str) -> str | None:
    """The words that make rule ``code`` fire on ``text`` in the whole analysis, or ``None``."""
    return next((hit.text for hit in analyse(text, rules=rules).hits if hit.indicator == code), None)


def rule_problems(code: str, values: dict[str, Any]) -> dict[str, list[str]]:
    """What stops a rule being saved, by field ({} when none): each pattern must compile, and every positive
    example must fire and no negative example fire, on the rule alone through the whole analysis."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if not CODE.fullmatch(code or ""):
        add("code", _("Use 2 to 41 lower-case letters, digits and underscores, starting with a letter."))
    if values["kind"] not in KINDS:
        add("kind", _("Not one of the choices."))
    weight = values["weight"]
    if not isinstance(weight, int | float) or isinstance(weight, bool) or not -MAX_WEIGHT <= weight <= MAX_WEIGHT:
        add("weight", _("Give a number between -10 and 10."))
    if not 1 <= int(values["age_below"]) <= 18:
        add("age_below", _("Give an age between 1 and 18."))
    for name in ("description", "law"):
        if not str(values[name]).strip():
            add(name, _("This field is required."))
    if len(values["law"]) > LAW_LIMIT:
        add("law", _("At most %(n)d characters.") % {"n": LAW_LIMIT})
    for name in PATTERN_FIELDS:
        for line, pattern in enumerate(values[name], start=1):
            try:
                re.compile(pattern)
            except re.error as error:
                add(name, _("Line %(line)d does not compile: %(error)s.") % {"line": line, "error": error})
    if values["kind"] == PATTERN and not any(values[n] for n in ("patterns_en", "patterns_hinglish", "patterns_hi")):
        add("patterns_en", _("A rule of this kind needs at least one pattern in some language."))
    for name in EXAMPLE_FIELDS:
        if not values[name]:
            add(name, _("Give at least one example."))
    if problems:
        return problems
    try:
        rules = single_rule_set(code, values)
    except RuleError as error:
        return {"__all__": [str(error)]}
    for example in values["positive_examples"]:
        if fired_on(rules, code, example) is None:
            add("positive_examples", _("This example does not fire: “%(example)s”.") % {"example": example})
    for example in values["negative_examples"]:
        matched = fired_on(rules, code, example)
        if matched is not None:
            add(
                "negative_examples",
                _("This example fires (on “%(matched)s”): “%(example)s”.") % {"matched": matched, "example": example},
            )
    return problems


# --- loading the file -------------------------------------------------------------------------------------------


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (rule id, field)
    invalid: list[tuple[str, str]] = field(default_factory=list)  # (rule id, first problem) — left as it was
    not_in_file: list[str] = field(default_factory=list)
    version: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def version_bump(version_model: Any) -> int:
    """A new version of the stored rule set (a new token): every process reloads its compiled rules."""
    state = version_model.objects.select_for_update().filter(pk=1).first()
    if state is None:
        state = version_model.objects.create(pk=1, number=1, token=uuid.uuid4().hex, changed_at=timezone.now())
        return int(state.number)
    state.number += 1
    state.token = uuid.uuid4().hex
    state.changed_at = timezone.now()
    state.save()
    return int(state.number)


def _first(problems: dict[str, list[str]]) -> str:
    name, messages = next(iter(problems.items()))
    return f"{name}: {messages[0]}"


def load_indicators(
    *, rule_model: Any, revision_model: Any, version_model: Any, path: Path | None = None, user: Any = None
) -> LoadReport:
    """Create, update or leave each rule as the file says; report conflicts with edits and merges that would
    break a rule's examples. The caller provides the transaction (the migration and the service run it
    atomically)."""
    file_rules = read_file(path)
    source = path.name if path else "indicators.toml"
    report = LoadReport()
    existing = {row.code: row for row in rule_model.objects.all()}
    pending: list[tuple[Any, str, dict[str, Any], dict[str, Any]]] = []  # row, kind, before, after
    for position, (code, file_values) in enumerate(file_rules, start=1):
        row = existing.pop(code, None)
        if row is None:
            row = rule_model(code=code, position=position, loaded_values=file_values, **file_values)
            pending.append((row, "file", {}, file_values))
            report.created.append(code)
            continue
        current, loaded = row_values(row), row.loaded_values
        never_loaded = loaded is None  # created here: every difference is the administrator's
        loaded = dict(loaded or {})
        merged, new_loaded, before, after = dict(current), dict(loaded), {}, {}
        for name in RULE_FIELDS:
            in_file, in_row = file_values[name], current[name]
            was_loaded = in_row if name not in loaded and not never_loaded else loaded.get(name)
            if in_file == in_row:
                new_loaded[name] = in_file
            elif in_row == was_loaded:  # nobody edited it: the file wins
                before[name], after[name] = in_row, in_file
                merged[name] = new_loaded[name] = in_file
            elif in_file != was_loaded:  # edited here and changed in the file, differently
                report.conflicts.append((code, name))
            # else: edited here, unchanged in the file: the edit stands
        if before:
            problems = rule_problems(code, merged)
            if problems:
                report.invalid.append((code, _first(problems)))
                continue
            for name, value in merged.items():
                setattr(row, name, value)
            row.loaded_values = new_loaded
            pending.append((row, "file", before, after))
            report.updated.append(code)
        else:
            if new_loaded != (row.loaded_values or {}) and not never_loaded:
                row.loaded_values = new_loaded
                row.save(update_fields=["loaded_values"])
            report.unchanged.append(code)
    report.not_in_file = sorted(existing)
    if not pending and version_model.objects.filter(pk=1).exists():
        report.version = int(version_model.objects.get(pk=1).number)
        return report
    report.version = version_bump(version_model)
    now = timezone.now()
    for row, kind, before, after in pending:
        row.updated_at = now
        row.save()
        revision_model.objects.create(
            rule=row, kind=kind, changed_by=user, before=before, after=after, reason=f"{source} loaded",
            set_version=report.version,
        )  # fmt: skip
    return report


# --- the stored rule set, compiled once per version per process ------------------------------------------------

_compiled: tuple[str, RuleSet] | None = None


def current_rules() -> RuleSet:
    """The active stored rules, compiled; recompiled when the stored version's token changes (one small read
    per call). Without stored rules (no version row), the shipped file's rules."""
    global _compiled
    from picket.monitoring.models import IndicatorRule, IndicatorSetVersion

    state = IndicatorSetVersion.objects.filter(pk=1).values_list("token", "number").first()
    if state is None:
        return default_rules()
    token, number = state
    cached = _compiled
    if cached is not None and cached[0] == token:
        return cached[1]
    entries = []
    for row in IndicatorRule.objects.filter(is_active=True):
        entry = entry_of(row.code, row_values(row))
        try:
            compile_rule(entry)
        except RuleError:  # checked when saved; an engine change could still refuse it — skip it, say which
            logger.error("stored indicator %s no longer compiles; it is left out", row.code)
            continue
        entries.append(entry)
    shipped = default_rules()
    rules = rule_set(entries, bias=shipped.bias, threshold=shipped.threshold, version=number, source="database")
    _compiled = (token, rules)
    return rules


def forget_compiled() -> None:
    global _compiled
    _compiled = None


@dataclass(frozen=True)
class IndicatorNote:
    description: str
    law: str


def indicator_notes() -> dict[str, IndicatorNote]:
    """Every stored rule's description and law by id (inactive ones too: old ads name them), else the file's."""
    from picket.monitoring.models import IndicatorRule

    notes = {
        code: IndicatorNote(d, law) for code, d, law in IndicatorRule.objects.values_list("code", "description", "law")
    }
    if notes:
        return notes
    return {rule.id: IndicatorNote(rule.description, rule.law) for rule in default_rules().rules}
