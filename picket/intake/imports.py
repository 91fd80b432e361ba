"""Importing missing and found children from the tracing interchange CSVs of ``DOMAIN.md``.

Reading, checking and writing are separate steps, in separate modules: ``imports_files.read_table`` turns a
file (CSV in UTF-8, an .xlsx workbook or a zip holding one CSV) into numbered rows; ``imports_checks.RowCheck``
checks one row's cells and names the column at fault; ``prepare_child_record`` turns checked cells into a
``ChildRecord``; ``run_import`` writes each record through the intake and people services, **each row in its own
transaction**, and records one audit event. ODK Central and KoboToolbox submissions reuse all of it
(``imports_odk``). Decisions are in docs/adr/0012-intake-imports.md.

Row numbers are spreadsheet numbers (the header is row 1). Messages never repeat a name, a phone number or free
text from the file: only column names, codes, dates, ages and district names.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from picket.accounts.access import Actor
from picket.accounts.permissions import Permission
from picket.audit.models import AuditAction, AuditOutcome
from picket.audit.services import audit_record
from picket.geo.models import District, State
from picket.intake.imports_checks import Geography, Rejection, RowCheck, RowRejected
from picket.intake.imports_files import MAX_ROWS, ImportFileError, read_table
from picket.intake.models import FoundChild, FoundHow, MissingReport
from picket.intake.selectors import found_list, missing_list
from picket.intake.services import found_child_register, missing_report_create
from picket.people.models import Child, Gender, Relation
from picket.people.names import similarity
from picket.people.services import MAX_AGE_ESTIMATE, child_register_with_family, family_member_add

INTERCHANGE_COLUMNS = ("record_id", "name", "father_name", "mother_name", "gender", "age", "date", "state",
                       "district", "place", "language", "marks", "phone")  # fmt: skip
FOUND_EXTRA_COLUMNS = ("home_state", "home_district")
UNKNOWN_REPORTER = "Unknown"  # a filler word: it yields no name keys, so it never matches anyone
SAME_NAME = 0.85  # ``people.names.similarity`` at or above which a re-imported row is taken for the same child
NOON = datetime.time(12, 0)


@dataclass
class ImportReport:
    kind: str
    filename: str
    all_or_nothing: bool = False
    references: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    rolled_back: bool = False  # all-or-nothing, and a row was bad: nothing was imported
    unit: str = "row"  # what ``Rejection.row`` counts: spreadsheet rows, or submissions of a JSON export

    @property
    def added(self) -> int:
        return len(self.references)

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({r.row for r in self.rejected})

    def lines(self) -> list[str]:
        out = [f"{self.filename}: {self.added} added, {len(self.rejected_rows)} rejected"]
        if self.rolled_back:
            out.append("Nothing was imported (all or nothing): correct the rows below and import the file again.")
        if self.references:
            out.append("added: " + ", ".join(self.references))
        out += [f"{self.unit} {r.row}" + (f", column '{r.column}'" if r.column else "") + f": {r.message}"
                for r in self.rejected]  # fmt: skip
        return out


# --- missing and found children --------------------------------------------------------------------------------

GENDERS = {"m": Gender.MALE, "f": Gender.FEMALE, "x": Gender.OTHER, "": Gender.UNKNOWN}
RELATIONS = {value: value for value in Relation.values}
HOWS = {value: value for value in FoundHow.values}


@dataclass
class ChildRecord:
    kind: str  # "missing" or "found"
    row: int
    columns: Mapping[str, str]
    name: str
    gender: str
    age: int | None
    date_of_birth: datetime.date | None
    date: datetime.date
    time: datetime.time | None
    district: District
    place: str
    language: str
    marks: str
    father_name: str
    mother_name: str
    phone: str
    home_district: District | None = None
    home_state_id: int | None = None  # only when the home district is not known
    home_locality: str = ""
    how: str = FoundHow.OTHER
    reporter_relation: str = ""
    reporter_name: str = ""
    report: dict[str, Any] = field(default_factory=dict)  # police report and circumstances (ODK missing form)

    @property
    def contact(self) -> tuple[str, str]:
        """(relation, name) of whom the row's phone belongs to: the father, else the mother, else a guardian."""
        if self.reporter_relation:
            return self.reporter_relation, self.reporter_name
        if self.father_name:
            return Relation.FATHER, self.father_name
        if self.mother_name:
            return Relation.MOTHER, self.mother_name
        return Relation.GUARDIAN, UNKNOWN_REPORTER


def _age_today(check: RowCheck, age: int | None, on: datetime.date | None) -> int | None:
    """The file gives the age on the row's date; Picket keeps an estimate made today."""
    if age is None or on is None:
        return age
    now = age + int((timezone.localdate() - on).days // 365.25)
    if now > MAX_AGE_ESTIMATE:
        check.bad("age", f"{age} on {on.isoformat()} makes the child {now} today; Picket records ages 0 to 25")
        return None
    return now


def prepare_child_record(check: RowCheck, *, kind: str, geography: Geography, actor: Actor) -> ChildRecord | None:
    """A checked record, or ``None`` with ``check.rejections`` saying why. Fields absent from the row are empty."""
    name = check.person_name("name", required=True)
    father, mother = check.person_name("father_name"), check.person_name("mother_name")
    gender = check.choice("gender", GENDERS)
    age = check.integer("age", low=0, high=MAX_AGE_ESTIMATE)
    born = check.date("date_of_birth")
    day = check.date("date", required=True)
    time = check.time("time")
    if born and day and born > day:
        check.bad("date_of_birth", f"{born.isoformat()} is after the {'missing' if kind == 'missing' else 'found'} "
                                   f"date {day.isoformat()}")  # fmt: skip
    age = _age_today(check, age, day)
    district = check.district(geography, actor, state="state", district="district", code="district_lgd")
    home = check.district(geography, actor, state="home_state", district="home_district", code="home_district_lgd",
                          required=False)  # fmt: skip
    home_named = any((check.values.get(column) or "").strip() for column in ("home_district", "home_district_lgd"))
    home_state_id = None if home_named else check.state(geography, "home_state")  # a child who knows only its state
    record_fields: dict[str, Any] = {
        "place": check.text("place", limit=500), "language": check.text("language", limit=200),
        "marks": check.text("marks", limit=2000, one_line=False), "phone": check.phone("phone"),
        "home_locality": check.text("home_locality", limit=500), "how": check.choice("how", HOWS) or FoundHow.OTHER,
    }  # fmt: skip
    relation = check.choice("reporter_relation", RELATIONS)
    reporter = {Relation.FATHER.value: father, Relation.MOTHER.value: mother}.get(relation)
    if relation and reporter is None:
        reporter = check.person_name("reporter_name", required=True)
    elif relation and not reporter:
        check.bad(f"{relation}_name", f"is required when the {relation} reports")
    report = _police_report(check, day) if kind == "missing" else {}
    if check.rejections or district is None or day is None:
        return None
    return ChildRecord(
        kind=kind, row=check.row, columns=check.columns, name=name, gender=gender, age=age, date_of_birth=born,
        date=day, time=time, district=district, father_name=father, mother_name=mother, home_district=home,
        home_state_id=home_state_id if home is None else None, reporter_relation=relation,
        reporter_name=reporter or "", report=report, **record_fields,
    )  # fmt: skip


def _police_report(check: RowCheck, last_seen: datetime.date | None) -> dict[str, Any]:
    report: dict[str, Any] = {"circumstances": check.text("circumstances", limit=5000, one_line=False)}
    if check.choice("reported_to_police", {"yes": "yes", "no": "no"}) != "yes":
        return report
    reported_on = check.date("police_report_date")
    if reported_on and last_seen and reported_on < last_seen:
        check.bad("police_report_date", f"{reported_on.isoformat()} is before the child was last seen")
    return report | {
        "police_report_kind": check.choice("police_report_kind", {"fir": "fir", "gd": "gd"}, required=True),
        "police_report_number": check.text("police_report_number", limit=40),
        "police_report_date": reported_on, "police_station_name": check.text("police_station_name", limit=200),
    }  # fmt: skip


def existing_reference(actor: Actor, record: ChildRecord) -> str | None:
    """The reference of a record this row repeats: in the same district and on the same date (missing since, found
    on), a child of the same name in any script or spelling (``people.names.similarity``), of the same gender and
    father when both sides record one. Same-day records are few, so this stays fast on large files."""
    same_day: list[MissingReport] | list[FoundChild]
    if record.kind == "missing":
        same_day = list(missing_list(actor=actor).filter(district=record.district, last_seen_on=record.date)
                        .prefetch_related("child__family"))  # fmt: skip
    else:
        same_day = list(found_list(actor=actor).filter(district=record.district, found_at__date=record.date)
                        .prefetch_related("child__family"))  # fmt: skip
    for existing in same_day:
        child = existing.child
        other_gender = record.gender and child.gender and record.gender != child.gender
        if other_gender or similarity(child.name, record.name) < SAME_NAME:
            continue
        fathers = [m.name for m in child.family.all() if m.relation == Relation.FATHER]
        if record.father_name and fathers and max(similarity(f, record.father_name) for f in fathers) < SAME_NAME:
            continue
        return existing.reference
    return None


_SERVICE_FIELDS = {
    "age_estimate_years": "age", "languages": "language", "identifying_marks": "marks", "last_seen_on": "date",
    "found_at": "date", "last_seen_place": "place", "found_place": "place", "reporter_phone": "phone",
}  # fmt: skip


def service_rejections(row: int, columns: Mapping[str, str], error: ValidationError) -> list[Rejection]:
    """A service's ``ValidationError`` as rejections naming the file's columns."""
    if not hasattr(error, "error_dict"):
        return [Rejection(row, "", message) for message in error.messages]
    out = []
    for name, messages in error.message_dict.items():
        logical = _SERVICE_FIELDS.get(name, name)
        column = columns.get(logical, "" if name in ("__all__", "organisation") else logical)
        out += [Rejection(row, column, str(message)) for message in messages]
    return out


def write_child_record(actor: Actor, record: ChildRecord) -> str:
    """Create the child, the parents and the missing report or found record; the caller holds the transaction."""
    duplicate = existing_reference(actor, record)
    if duplicate:
        column = record.columns.get("name", "name")
        raise RowRejected([Rejection(record.row, column, f"looks like the existing record {duplicate}; not imported")])
    relation, contact_name = record.contact
    # The contact (with the phone) is written by the report's service or below; the other parents come with the child.
    parents: dict[str, str] = {Relation.FATHER: record.father_name, Relation.MOTHER: record.mother_name}
    if record.phone and relation in parents:
        parents[relation] = ""
    try:
        child: Child = child_register_with_family(
            actor=actor, father_name=parents[Relation.FATHER], mother_name=parents[Relation.MOTHER],
            name=record.name, gender=record.gender, district=record.district, date_of_birth=record.date_of_birth,
            age_estimate_years=record.age, languages=record.language, identifying_marks=record.marks,
            home_district=record.home_district, home_locality=record.home_locality,
            home_state=State.objects.get(pk=record.home_state_id) if record.home_state_id else None,
        )  # fmt: skip
        if record.kind == "missing":
            reference = missing_report_create(
                actor=actor, child=child, reporter_name=contact_name, reporter_relation=relation,
                reporter_phone=record.phone, last_seen_on=record.date, last_seen_place=record.place,
                district=record.district, **record.report,
            ).reference  # fmt: skip
            if record.phone and relation not in (Relation.MOTHER, Relation.FATHER, Relation.GUARDIAN):
                family_member_add(actor=actor, child=child, relation=relation, name=contact_name, phone=record.phone)
        else:
            local = datetime.datetime.combine(record.date, record.time or NOON, tzinfo=timezone.get_current_timezone())
            reference = found_child_register(
                actor=actor, child=child, found_at=min(local, timezone.now()), district=record.district,
                how=record.how, found_place=record.place,
            ).reference  # fmt: skip
            if record.phone:
                family_member_add(actor=actor, child=child, relation=relation, name=contact_name, phone=record.phone,
                                  is_guardian=True)  # fmt: skip
    except ValidationError as error:
        raise RowRejected(service_rejections(record.row, record.columns, error)) from None
    return reference


# --- running an import -----------------------------------------------------------------------------------------

Writer = Callable[[], str]


def run_import(report: ImportReport, actor: Actor, writers: list[Writer], *, file_format: str) -> ImportReport:
    """Write each row in its own transaction (all in one, rolled back on any bad row, when all-or-nothing), then
    record one audit event. ``report.rejected`` already holds the rows refused while checking."""
    done = False
    try:
        if not (report.all_or_nothing and report.rejected):
            with transaction.atomic() if report.all_or_nothing else nullcontext():
                for write in writers:
                    try:
                        with transaction.atomic():
                            report.references.append(write())
                    except RowRejected as rejected:
                        report.rejected += rejected.rejections
                if report.all_or_nothing and report.rejected:
                    transaction.set_rollback(True)
        done = True
    finally:
        if report.all_or_nothing and (report.rejected or not done):
            report.references.clear()
            report.rolled_back = True
        report.rejected.sort(key=lambda r: r.row)
        audit_record(action=AuditAction.CREATE, object_type="intake.import", user=actor.user,
                     outcome=AuditOutcome.SUCCESS if done else AuditOutcome.FAILED,
                     detail={"kind": report.kind, "rows": report.added, "count": len(report.rejected_rows),
                             "format": file_format})  # fmt: skip
    return report


def require_importer(actor: Actor, filename: str) -> None:
    """Only a case team (``CHILD_MANAGE``) imports, and its records belong to the user's organisation."""
    actor.require(Permission.CHILD_MANAGE)
    if actor.user is None or actor.user.organisation_id is None:
        raise ImportFileError(filename, "your account has no organisation; ask your coordinator")


def _interchange(
    *, kind: str, actor: Actor, data: bytes, filename: str, all_or_nothing: bool, max_rows: int
) -> ImportReport:
    require_importer(actor, filename)
    table = read_table(filename, data, max_rows=max_rows)
    expected = INTERCHANGE_COLUMNS + (FOUND_EXTRA_COLUMNS if kind == "found" else ())
    positions = {name.casefold(): index for index, name in reversed(list(enumerate(table.header)))}
    missing = [name for name in expected if name not in positions]
    if missing:
        raise ImportFileError(filename, f"missing column(s): {', '.join(missing)}", row=1)
    report = ImportReport(kind=f"{kind}_csv", filename=filename, all_or_nothing=all_or_nothing)
    geography, columns = Geography(), {name: name for name in expected}
    seen: dict[str, int] = {}
    writers: list[Writer] = []
    for number, cells in table.rows:
        if any(c.strip() for c in cells[len(table.header) :]):
            report.rejected.append(Rejection(number, "", f"has {len(cells)} fields, the header has "
                                                         f"{len(table.header)}"))  # fmt: skip
            continue
        values = {name: cells[positions[name]] if positions[name] < len(cells) else "" for name in expected}
        check = RowCheck(number, values, columns)
        record_id = check.text("record_id", limit=64, required=True)
        if record_id in seen:
            check.bad("record_id", f"the same record_id is also in row {seen[record_id]}")
        elif record_id:
            seen[record_id] = number
        record = prepare_child_record(check, kind=kind, geography=geography, actor=actor)
        report.rejected += check.rejections
        if record is not None:
            writers.append(partial(write_child_record, actor, record))
    return run_import(report, actor, writers, file_format=table.format)


def import_missing_csv(
    *, actor: Actor, data: bytes, filename: str, all_or_nothing: bool = False, max_rows: int = MAX_ROWS
) -> ImportReport:
    """Missing-child reports from ``missing.csv`` (the tracing interchange format)."""
    return _interchange(kind="missing", actor=actor, data=data, filename=filename, all_or_nothing=all_or_nothing,
                        max_rows=max_rows)  # fmt: skip


def import_found_csv(
    *, actor: Actor, data: bytes, filename: str, all_or_nothing: bool = False, max_rows: int = MAX_ROWS
) -> ImportReport:
    """Found and rescued children from ``found.csv`` (the tracing interchange format)."""
    return _interchange(kind="found", actor=actor, data=data, filename=filename, all_or_nothing=all_or_nothing,
                        max_rows=max_rows)  # fmt: skip
