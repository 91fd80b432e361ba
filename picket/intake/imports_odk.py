"""Submissions of Picket's XLSForms (``xlsforms/``) as exported by ODK Central or KoboToolbox.

Accepted shapes: ODK Central's OData JSON (``{"value": [...]}``, groups nested as objects), KoboToolbox's
``/data.json`` (``{"results": [...]}``, groups flattened as ``group/field``), a plain JSON list, and the CSV or
XLSX exports of both (ODK Central writes ``group-field`` column names and zips its CSV; KoboToolbox writes
``group/field`` and separates with semicolons). A field is found by its own name, whatever its groups.

Which form a submission comes from is read from its ``picket_form`` field (a calculate in every Picket form),
else from KoboToolbox's ``_xform_id_string``, the OData context, the zip member or the file name. A tip remembers
its submission's instanceID in ``caller_reference`` (``odk:<uuid>``), so a repeated submission (or an edit of one
already imported, through ``deprecatedID``) is refused; missing and found children are checked against existing
records by name, district and date, as in the CSV import (docs/adr/0012-intake-imports.md).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError

from picket.accounts.access import Actor
from picket.geo.models import District
from picket.intake.imports import (
    ImportReport,
    Writer,
    prepare_child_record,
    require_importer,
    run_import,
    service_rejections,
    write_child_record,
)
from picket.intake.imports_checks import Geography, Rejection, RowCheck, RowRejected
from picket.intake.imports_files import MAX_ROWS, ImportFileError, check_row_count, read_table
from picket.intake.models import Tip, TipSource, Urgency
from picket.intake.selectors import tip_list
from picket.intake.services import tip_record
from picket.privacy.crypto import blind_index

FORMS = ("tip", "missing", "found")
_FORM_ID = re.compile(r"picket_(tip|missing|found)")
INSTANCE_FIELDS = ("instanceID", "KEY", "__id", "_uuid")  # ODK meta, Central CSV, Central OData, KoboToolbox

# Picket's field (as ``imports.prepare_child_record`` names it) -> the XLSForm field.
TIP_FIELDS = {name: name for name in ("state", "district", "district_lgd", "place", "establishment", "what_seen",
                                      "occurred_on", "children_involved", "contact", "urgency")}  # fmt: skip
_CHILD = {"name": "child_name", "gender": "gender", "age": "age", "language": "language", "marks": "marks",
          "father_name": "father_name", "mother_name": "mother_name", "state": "state", "district": "district",
          "district_lgd": "district_lgd"}  # fmt: skip
MISSING_FIELDS = _CHILD | {
    "date_of_birth": "date_of_birth", "reporter_relation": "reporter_relation", "reporter_name": "reporter_name",
    "phone": "reporter_phone", "date": "last_seen_on", "place": "last_seen_place", "circumstances": "circumstances",
    "reported_to_police": "reported_to_police", "police_report_kind": "police_report_kind",
    "police_report_number": "police_report_number", "police_report_date": "police_report_date",
    "police_station_name": "police_station_name",
}  # fmt: skip
FOUND_FIELDS = _CHILD | {
    "date": "found_on", "time": "found_time", "how": "how", "place": "found_place", "phone": "phone",
    "home_state": "home_state", "home_district": "home_district", "home_district_lgd": "home_district_lgd",
    "home_locality": "home_locality",
}  # fmt: skip
FIELDS = {"tip": TIP_FIELDS, "missing": MISSING_FIELDS, "found": FOUND_FIELDS}
URGENCIES = {value: value for value in Urgency.values}
NOT_PICKET = "not a submission of a Picket form (picket_tip, picket_missing, picket_found)"


@dataclass
class Submission:
    row: int  # the spreadsheet row of a CSV or XLSX export; the position (from 1) in a JSON export
    paths: dict[str, str]  # column name, or the JSON path joined with "/", -> value
    values: dict[str, str]  # a field's own name -> value (the first one, if a name repeats)
    sources: dict[str, str]  # a field's own name -> its column name or path, for messages


def _scalar(value: Any) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str | int | float):
        return str(value)
    return None  # repeats and geo shapes: not read


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        path = f"{prefix}/{key}" if prefix else str(key)
        if isinstance(value, dict):
            out |= _flatten(value, path)
        elif (text := _scalar(value)) is not None and "@odata" not in key:
            out[path] = text
    return out


def _submission(row: int, paths: dict[str, str]) -> Submission:
    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    for path, value in paths.items():
        name = re.split(r"[/-]", path.strip())[-1]
        if name and name not in values:
            values[name], sources[name] = value, path
    return Submission(row=row, paths=paths, values=values, sources=sources)


def read_submissions(filename: str, data: bytes, *, max_rows: int = MAX_ROWS) -> tuple[list[Submission], str, str]:
    """(submissions, file format, a hint naming the form) from a JSON, CSV, XLSX or zipped CSV export."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in (b"{", b"["):
        table = read_table(filename, data, max_rows=max_rows)
        submissions = [_submission(row, dict(zip(table.header, cells, strict=False))) for row, cells in table.rows]
        return submissions, table.format, f"{table.member} {filename}"
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFileError(filename, "not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ImportFileError(filename, f"not valid JSON (line {error.lineno}: {error.msg})") from None
    hint = filename
    if isinstance(parsed, dict):
        hint = f"{parsed.get('@odata.context', '')} {filename}"
        parsed = parsed.get("value", parsed.get("results"))
    if not isinstance(parsed, list):
        raise ImportFileError(filename, "not an ODK Central or KoboToolbox export (no 'value' or 'results' list)")
    if not parsed:
        raise ImportFileError(filename, "the export holds no submissions")
    check_row_count(filename, len(parsed), max_rows)
    submissions = [_submission(n, _flatten(item) if isinstance(item, dict) else {}) for n, item in enumerate(parsed, 1)]
    return submissions, "json", hint


def _form(submission: Submission, hint: str) -> str | None:
    declared = submission.values.get("picket_form", "").strip().casefold()
    if declared in FORMS:
        return declared
    match = _FORM_ID.search(f"{submission.values.get('_xform_id_string', '')} {hint}")
    return match[1] if match else None


def _refused_upstream(submission: Submission) -> Rejection | None:
    """A submission its reviewers rejected in ODK Central, or did not approve in KoboToolbox, is not imported."""
    for path in ("__system/reviewState", "ReviewState"):
        if submission.paths.get(path, "").casefold() == "rejected":
            return Rejection(submission.row, path, "rejected by a reviewer in ODK Central; not imported")
    for path in ("_validation_status/uid", "_validation_status"):
        if submission.paths.get(path, "").casefold() in ("validation_status_not_approved", "not approved"):
            return Rejection(submission.row, path, "not approved in KoboToolbox; not imported")
    return None


def _instance_id(submission: Submission) -> tuple[str, str]:
    for name in INSTANCE_FIELDS:
        value = submission.values.get(name, "").strip()
        if value:
            return value.removeprefix("uuid:"), submission.sources[name]
    return "", "instanceID"


def caller_reference(instance_id: str) -> str:
    """What a tip keeps of its submission: ``odk:<uuid>``, or a keyed hash of an instanceID of another shape."""
    if re.fullmatch(r"[0-9A-Za-z\-]{1,36}", instance_id):
        return f"odk:{instance_id}"
    return "odk:" + blind_index(instance_id, purpose="intake.odk-instance")


def _write_tip(actor: Actor, check: RowCheck, district: District, keys: list[str], fields: dict[str, Any]) -> str:
    existing = Tip.objects.filter(caller_reference__in=keys).values_list("reference", flat=True).first()
    if existing:
        shown = existing if tip_list(actor=actor).filter(reference=existing).exists() else "a tip"
        raise RowRejected([Rejection(check.row, check.columns["instanceID"], f"already imported as {shown}")])
    try:
        tip = tip_record(actor=actor, source=TipSource.IMPORT, district=district, caller_reference=keys[0], **fields)
    except ValidationError as error:
        raise RowRejected(service_rejections(check.row, check.columns, error)) from None
    return tip.reference


def _tip_writer(check: RowCheck, geography: Geography, actor: Actor, keys: list[str]) -> Writer | None:
    district = check.district(geography, actor, state="state", district="district", code="district_lgd")
    fields = {
        "what_seen": check.text("what_seen", limit=5000, required=True, one_line=False),
        "place": check.text("place", limit=500), "establishment": check.text("establishment", limit=500),
        "occurred_on": check.date("occurred_on"),
        "children_involved": check.integer("children_involved", low=1, high=500),
        "contact": check.text("contact", limit=200), "urgency": check.choice("urgency", URGENCIES) or Urgency.NORMAL,
    }  # fmt: skip
    if check.rejections or district is None:
        return None
    return partial(_write_tip, actor, check, district, keys, fields)


def import_odk_submissions(
    *, actor: Actor, data: bytes, filename: str, all_or_nothing: bool = False, max_rows: int = MAX_ROWS
) -> ImportReport:
    """Tips, missing-child reports and found children from an export of Picket's ODK / KoboToolbox forms."""
    require_importer(actor, filename)
    submissions, file_format, hint = read_submissions(filename, data, max_rows=max_rows)
    report = ImportReport(kind="odk", filename=filename, all_or_nothing=all_or_nothing,
                          unit="submission" if file_format == "json" else "row")  # fmt: skip
    geography = Geography()
    seen: dict[str, int] = {}
    writers: list[Writer] = []
    for submission in submissions:
        refused = _refused_upstream(submission)
        instance, instance_column = _instance_id(submission)
        form = _form(submission, hint)
        if refused is not None:
            report.rejected.append(refused)
            continue
        if not submission.paths:
            report.rejected.append(Rejection(submission.row, "", "not a submission (not a JSON object)"))
            continue
        problem = None
        if not instance:
            problem = "the submission has no instanceID; export it with its metadata (meta/instanceID)"
        elif instance in seen:
            problem = f"the same submission is also {report.unit} {seen[instance]}"
        if problem:
            report.rejected.append(Rejection(submission.row, instance_column, problem))
            continue
        seen[instance] = submission.row
        if form is None:
            report.rejected.append(Rejection(submission.row, "picket_form", NOT_PICKET))
            continue
        fields = FIELDS[form]
        check = RowCheck(
            submission.row, {name: submission.values.get(odk, "") for name, odk in fields.items()},
            {name: submission.sources.get(odk, odk) for name, odk in fields.items()} | {"instanceID": instance_column},
        )  # fmt: skip
        writer: Writer | None
        if form == "tip":
            deprecated = submission.values.get("deprecatedID", "").strip().removeprefix("uuid:")
            keys = [caller_reference(instance)] + ([caller_reference(deprecated)] if deprecated else [])
            writer = _tip_writer(check, geography, actor, keys)
        else:
            record = prepare_child_record(check, kind=form, geography=geography, actor=actor)
            writer = partial(write_child_record, actor, record) if record is not None else None
        report.rejected += check.rejections
        if writer is not None:
            writers.append(writer)
    return run_import(report, actor, writers, file_format=file_format)
