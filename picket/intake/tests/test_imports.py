"""Imports: the tracing interchange CSVs, ODK Central / KoboToolbox exports, the XLSForms, the command and the page.

The files are in ``fixtures_import/`` (invented records; ``@D<n>@`` is the date n days ago).
"""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from picket.accounts.access import actor_for
from picket.accounts.permissions import ROLE_PERMISSIONS, Permission
from picket.accounts.roles import Role
from picket.accounts.services import api_token_create
from picket.audit.models import AuditEvent
from picket.geo.models import SuccessionKind
from picket.geo.services import district_succession_record
from picket.intake import selectors
from picket.intake.imports import ImportFileError, import_found_csv, import_missing_csv
from picket.intake.imports_odk import FIELDS, import_odk_submissions
from picket.intake.models import FoundChild, FoundHow, MissingReport, Tip, TipSource, Urgency
from picket.intake.xlsforms import build
from picket.notify.models import Notification
from picket.people.models import Child, FamilyMember
from picket.people.search import children_matching_name
from picket.people.selectors import child_list, child_search
from picket.testing.auth import login_verified
from picket.testing.factories import DistrictFactory, UserFactory
from picket.testing.rolematrix import SEATS, seat_id, snapshot

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures_import"
HEADER = "record_id,name,father_name,mother_name,gender,age,date,state,district,place,language,marks,phone"


def days_ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def fixture(name: str) -> bytes:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return re.sub(r"@D(\d+)@", lambda m: days_ago(int(m[1])), text).encode()


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def everything() -> list:
    """A picture of every record an import can write, to prove that a refused import wrote nothing."""
    return snapshot(Child.objects.all(), FamilyMember.objects.all(), MissingReport.objects.all(),
                    FoundChild.objects.all(), Tip.objects.all())  # fmt: skip


@pytest.fixture
def importer(world):
    return world.user(Role.CASE_WORKER, inside=True)


@pytest.fixture
def actor(importer):
    return actor_for(importer)


@pytest.fixture
def outsider(world):
    return world.user(Role.CASE_WORKER, inside=False)


# --- the interchange CSVs ---------------------------------------------------------------------------------------


def test_a_good_missing_csv_imports_every_row_with_parents_and_searchable_names(world, actor, importer):
    report = import_missing_csv(actor=actor, data=fixture("missing.csv"), filename="missing.csv")
    assert (report.added, report.rejected) == (3, [])
    reports = {r.reference: r for r in MissingReport.objects.select_related("child")}
    assert set(reports) == set(report.references)
    pooja = next(r for r in reports.values() if r.child.name == "Pooja Kumari")
    assert (pooja.district, pooja.last_seen_on.isoformat(), pooja.last_seen_place) == (world.district_a, days_ago(30),
                                                                                       "Rampur bus stand")  # fmt: skip
    # The father reports (he is named first) and the phone is his; the mother is recorded too.
    assert (pooja.reporter_name, pooja.reporter_relation, pooja.reporter_phone) == ("Ramesh Paswan", "father",
                                                                                    "9000000001")  # fmt: skip
    family = {(m.relation, m.name, m.phone, m.is_guardian) for m in pooja.child.family.all()}
    assert family == {("father", "Ramesh Paswan", "9000000001", True), ("mother", "Sunita Devi", "", False)}
    assert (pooja.child.gender, pooja.child.age_on(timezone.localdate()), pooja.child.languages) == ("F", 13, "Hindi")
    assert pooja.child.organisation == importer.organisation and pooja.created_by == importer
    # Missing for 400 days, aged 9 then: the estimate kept is today's age.
    guddi = next(r for r in reports.values() if r.child.name == "गुड्डी कुमारी")
    assert (guddi.child.age_estimate_years, guddi.child.age_estimated_on) == (10, timezone.localdate())
    assert guddi.reporter_relation == "mother"
    # No parent named: the phone is a guardian's whose name was not recorded.
    chhotu = next(r for r in reports.values() if r.child.name == "Chhotu")
    assert (chhotu.reporter_name, chhotu.reporter_relation, chhotu.reporter_phone) == ("Unknown", "guardian",
                                                                                       "9000000003")  # fmt: skip
    assert chhotu.child.identifying_marks == "burn scar on the right hand\nand a missing tooth"
    visible = child_list(actor=actor)
    assert [c.name for c in children_matching_name(children=visible, name="Puja")] == ["Pooja Kumari"]
    assert [c.name for c in children_matching_name(children=visible, name="Guddi")] == ["गुड्डी कुमारी"]
    assert [c.name for c in children_matching_name(children=visible, name="Ramesh", relation_names=True)] == [
        "Pooja Kumari"
    ]
    event = AuditEvent.objects.get(object_type="intake.import")
    assert (event.action, event.actor, event.detail) == ("create", importer, {"kind": "missing_csv", "rows": 3,
                                                                              "count": 0, "format": "csv"})  # fmt: skip


def test_a_good_found_csv_imports_found_children_at_noon_of_the_day(world, actor):
    report = import_found_csv(actor=actor, data=fixture("found.csv"), filename="found.csv")
    assert (report.added, report.rejected) == (3, [])
    records = {r.child.name: r for r in FoundChild.objects.select_related("child")}
    munni = records["Munni"]
    assert timezone.localtime(munni.found_at).replace(tzinfo=None) == datetime.datetime.combine(
        datetime.date.fromisoformat(days_ago(2)), datetime.time(12, 0)
    )
    assert (munni.how, munni.district, munni.child.district, munni.child.home_district) == (
        FoundHow.OTHER, world.district_a, world.district_a, world.district_b,
    )  # fmt: skip
    assert [(m.relation, m.name) for m in munni.child.family.all()] == [("father", "Suresh")]
    assert records["Raju"].found_at <= timezone.now()  # found today: noon, or now if it is not noon yet
    pooja = records["पूजा"]
    assert [(m.relation, m.name, m.phone) for m in pooja.child.family.all()] == [("guardian", "Unknown", "9000000004")]
    assert [c.name for c in children_matching_name(children=child_list(actor=actor), name="Pooja")] == ["पूजा"]


def bad_file() -> bytes:
    future = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    return csv_bytes(
        f"B001,Asha Kumari,Raju,,F,12,{days_ago(3)},State A,District A,,,,",
        f"B002,Bina,,,F,11,{days_ago(3)},State A,District Nowhere,,,,",
        f"B003,Champa,,,F,10,{future},State A,District A,,,,",
        f"B004,Dolly,,,F,40,{days_ago(3)},State A,District A,,,,",
        f"B005,{'E' * 201},,,F,8,{days_ago(3)},State A,District A,,,,",
        f"B006,Fulo,,,Boy,8,{days_ago(3)},State A,District A,,,,",
        f"B001,Gita,,,F,8,{days_ago(3)},State A,District A,,,,",
        f"B008,Hira,,,F,8,{days_ago(3)},State B,District B,,,,",
        f"B009,Indu,,,F,8,{days_ago(3)},State A,District A,,,,12345",
        "B010,Jaya,,,F,8,12/03/2025,State A,District A,,,,",
        f"B011,,,,F,ten,{days_ago(3)},State A,District A,,,,",
        f"B012,Meena,,,F,7,{days_ago(9)},State A,District A,,,,",
        f"B013,Nisha,,,F,7,{days_ago(9)},Atlantis,District A,,,,",
        f"B014,Pinki,,,F,7,{days_ago(9)},State A,District A,,,,,extra",
    )


def bad_rows() -> list[tuple[int, str, str]]:
    return [
        (3, "district", "unknown district 'District Nowhere' in state 'State A'"),
        (4, "date", f"{(timezone.localdate() + datetime.timedelta(days=5)).isoformat()} is in the future"),
        (5, "age", "40 is not between 0 and 25"),
        (6, "name", "is 201 characters long; at most 200"),
        (7, "gender", "the value is not one of: F, M, X (or empty)"),
        (8, "record_id", "the same record_id is also in row 2"),
        (9, "district", "district 'District B' is outside your jurisdiction"),
        (10, "phone", "not a phone number of 10 digits (with an optional country code)"),
        (11, "date", "'12/03/2025' is not a date of the form YYYY-MM-DD"),
        (12, "name", "is required"),
        (12, "age", "the value is not a whole number"),
        (14, "state", "unknown state 'Atlantis'"),
        (15, "", "has 14 fields, the header has 13"),
    ]


def rejections(report):
    return [(r.row, r.column, r.message) for r in report.rejected]


def test_a_found_child_who_can_name_only_its_state_keeps_the_state_and_an_unknown_state_names_the_column(world, actor):
    header = HEADER + ",home_state,home_district"
    rows = (
        f"F1,Guddi,,,F,9,{days_ago(1)},State A,District A,,,,,State B,",
        f"F2,Chhotu,,,M,8,{days_ago(1)},State A,District A,,,,,Atlantis,",
    )
    report = import_found_csv(actor=actor, data=csv_bytes(*rows, header=header), filename="found.csv")
    assert report.added == 1
    assert rejections(report) == [(3, "home_state", "unknown state 'Atlantis'")]
    guddi = FoundChild.objects.select_related("child").get().child
    assert (guddi.home_district, guddi.home_state) == (None, world.state_b)


def test_a_file_with_bad_rows_imports_the_good_ones_and_names_each_bad_row_column_and_reason(world, actor):
    report = import_missing_csv(actor=actor, data=bad_file(), filename="bad.csv")
    assert rejections(report) == bad_rows()
    assert report.rejected_rows == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15]
    assert report.added == 2 and sorted(c.name for c in Child.objects.all()) == ["Asha Kumari", "Meena"]
    assert "row 9, column 'district': district 'District B' is outside your jurisdiction" in report.lines()
    assert AuditEvent.objects.get(object_type="intake.import").detail == {
        "kind": "missing_csv", "rows": 2, "count": 12, "format": "csv"
    }  # fmt: skip


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(actor):
    report = import_missing_csv(actor=actor, data=bad_file(), filename="bad.csv", all_or_nothing=True)
    assert report.rolled_back and report.added == 0 and rejections(report) == bad_rows()
    assert everything() == []
    good = import_missing_csv(actor=actor, data=fixture("missing.csv"), filename="m.csv", all_or_nothing=True)
    assert good.added == 3 and not good.rolled_back


def test_all_or_nothing_also_undoes_rows_written_before_a_late_refusal(actor):
    import_missing_csv(actor=actor, data=fixture("missing.csv"), filename="missing.csv")
    before = everything()
    repeat = fixture("missing.csv").decode().splitlines()[2]  # Guddi again, already imported
    data = csv_bytes(f"N1,Rekha,,,F,9,{days_ago(2)},State A,District A,,,,", repeat)
    report = import_missing_csv(actor=actor, data=data, filename="again.csv", all_or_nothing=True)
    existing = MissingReport.objects.get(last_seen_on=days_ago(400)).reference
    assert rejections(report) == [(3, "name", f"looks like the existing record {existing}; not imported")]
    assert report.rolled_back and everything() == before


def test_a_missing_column_refuses_the_file_naming_it(actor):
    data = csv_bytes("X1,Asha,,,F,12,2025-01-01,State A,District A,,,", header=HEADER.replace(",phone", ""))
    with pytest.raises(ImportFileError) as refused:
        import_missing_csv(actor=actor, data=data, filename="short.csv")
    assert str(refused.value) == "short.csv, row 1: missing column(s): phone"
    with pytest.raises(ImportFileError, match=r"missing column\(s\): home_state, home_district"):
        import_found_csv(actor=actor, data=fixture("missing.csv"), filename="missing.csv")
    assert everything() == []


def test_a_file_not_in_utf8_is_refused_naming_the_first_bad_line(actor):
    rows = [
        f"A1,Asha,,,F,12,{days_ago(3)},State A,District A,,,,",
        f"A2,Séma,,,F,12,{days_ago(3)},State A,District A,,,,",
    ]
    text = "\n".join([HEADER, *rows]) + "\n"
    with pytest.raises(ImportFileError, match=r"not UTF-8 text \(the first bad byte is on line 3\)"):
        import_missing_csv(actor=actor, data=text.encode("cp1252"), filename="latin.csv")
    assert everything() == []
    assert import_missing_csv(actor=actor, data=b"\xef\xbb\xbf" + text.encode(), filename="bom.csv").added == 2


def test_rows_outside_the_jurisdiction_are_refused_and_nothing_of_them_is_created(world, actor, outsider):
    data = csv_bytes(f"O1,Rupa,Kishan,Radha,F,12,{days_ago(3)},State B,District B,,,,9000000009")
    report = import_missing_csv(actor=actor, data=data, filename="b.csv")
    assert rejections(report) == [(2, "district", "district 'District B' is outside your jurisdiction")]
    # An outsider importing district A's file creates nothing either.
    report = import_missing_csv(actor=actor_for(outsider), data=fixture("missing.csv"), filename="missing.csv")
    assert report.added == 0 and {r.message for r in report.rejected} == {
        "district 'District A' is outside your jurisdiction"
    }
    assert everything() == []


def test_importing_the_same_file_twice_adds_nothing_the_second_time(actor):
    first = import_missing_csv(actor=actor, data=fixture("missing.csv"), filename="missing.csv")
    before = everything()
    second = import_missing_csv(actor=actor, data=fixture("missing.csv"), filename="missing.csv")
    assert second.added == 0 and everything() == before
    assert [(r.row, r.column) for r in second.rejected] == [(2, "name"), (3, "name"), (4, "name")]
    assert {r.message.split()[-3].rstrip(";") for r in second.rejected} == set(first.references)
    import_found_csv(actor=actor, data=fixture("found.csv"), filename="found.csv")
    assert import_found_csv(actor=actor, data=fixture("found.csv"), filename="found.csv").added == 0


def test_a_different_child_of_the_same_name_and_day_is_not_taken_for_a_repeat(actor):
    day = days_ago(3)
    data = csv_bytes(f"S1,Pooja Kumari,Ramesh,,F,12,{day},State A,District A,,,,",
                     f"S2,Pooja Kumari,Mahesh,,F,12,{day},State A,District A,,,,",
                     f"S3,Pooja Kumari,,,M,12,{day},State A,District A,,,,")  # fmt: skip
    assert import_missing_csv(actor=actor, data=data, filename="same.csv").added == 3


def test_districts_match_by_name_loosely_or_by_lgd_code(world, actor):
    code = world.district_a.lgd_code
    data = csv_bytes(f"C1,Asha,,,f,,{days_ago(3)},,{code},,,,",
                     f"C2,Bina,,,x,,{days_ago(3)}, state  A ,District-a.,,,,",
                     f"C3,Champa,,,,,{days_ago(3)},,District A,,,,",
                     f"C4,Dolly,,,,,{days_ago(3)},State B,{code},,,,")  # fmt: skip
    report = import_missing_csv(actor=actor, data=data, filename="codes.csv")
    assert rejections(report) == [(5, "district", f"district LGD code {code} (District A) is in State A, not in "
                                                  "'State B'")]  # fmt: skip
    assert sorted(Child.objects.values_list("gender", flat=True)) == ["", "F", "X"]


def test_a_retired_district_stands_for_its_successor_and_a_split_one_asks_which(world, actor):
    renamed = DistrictFactory.create(state=world.state_a, name="Old Name")
    split = DistrictFactory.create(state=world.state_a, name="Before The Split")
    district_succession_record(predecessor=renamed, successors=[world.district_a], kind=SuccessionKind.RENAME)
    district_succession_record(predecessor=split, successors=[world.district_a, world.district_a2],
                               kind=SuccessionKind.SPLIT)  # fmt: skip
    data = csv_bytes(f"R1,Asha,,,F,12,{days_ago(3)},State A,Old Name,,,,",
                     f"R2,Bina,,,F,12,{days_ago(3)},State A,Before the split,,,,")  # fmt: skip
    report = import_missing_csv(actor=actor, data=data, filename="old.csv")
    assert rejections(report) == [(3, "district", "district 'Before The Split' was retired and its area is now in "
                                                  "District A, District A2; give one")]  # fmt: skip
    assert MissingReport.objects.get().district == world.district_a


def test_an_xlsx_workbook_with_the_interchange_columns_is_read_like_the_csv(actor):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(["X1", "Asha", "", "", "F", 12, datetime.date.fromisoformat(days_ago(3)), "State A", "District A",
                  "", "", "", 9000000007])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_missing_csv(actor=actor, data=buffer.getvalue(), filename="missing.xlsx")
    assert (report.added, report.rejected) == (1, [])
    assert MissingReport.objects.get().reporter_phone == "9000000007"


def test_an_account_without_the_permission_or_an_organisation_cannot_import(world):
    legal = world.user(Role.LEGAL_OFFICER, inside=True)
    with pytest.raises(PermissionDenied, match=r"child\.manage"):
        import_missing_csv(actor=actor_for(legal), data=fixture("missing.csv"), filename="m.csv")
    homeless = UserFactory.create(role=Role.CASE_WORKER, districts=[world.district_a])
    with pytest.raises(ImportFileError, match="no organisation"):
        import_missing_csv(actor=actor_for(homeless), data=fixture("missing.csv"), filename="m.csv")
    assert everything() == []


# --- ODK Central and KoboToolbox ----------------------------------------------------------------------------------


def test_odk_central_json_missing_reports_with_police_details(world, actor):
    report = import_odk_submissions(actor=actor, data=fixture("odk_central_missing.json"), filename="export.json")
    assert rejections(report) == [(2, "__system/reviewState", "rejected by a reviewer in ODK Central; not imported")]
    assert report.unit == "submission" and report.added == 2
    rani = MissingReport.objects.get(child__in=[c for c in Child.objects.all() if c.name == "Rani Kumari"])
    assert (rani.reporter_name, rani.reporter_relation, rani.reporter_phone) == ("Lalita Devi", "mother", "9000000005")
    assert (rani.police_report_kind, rani.police_report_number, str(rani.police_report_date)) == (
        "gd", "GD 17", days_ago(5),
    )  # fmt: skip
    assert {(m.relation, m.name) for m in rani.child.family.all()} == {("mother", "Lalita Devi"),
                                                                       ("father", "Mohan Ram")}  # fmt: skip
    kajal = MissingReport.objects.exclude(pk=rani.pk).get()
    assert kajal.child.date_of_birth == days_ago(3000) and kajal.reporter_relation == "grandparent"
    assert [(m.relation, m.name, m.phone) for m in kajal.child.family.all()] == [
        ("grandparent", "Fulmati Devi", "9000000006")
    ]
    again = import_odk_submissions(actor=actor, data=fixture("odk_central_missing.json"), filename="export.json")
    assert again.added == 0 and [r.row for r in again.rejected] == [1, 2, 3]
    assert "looks like the existing record M-" in again.rejected[0].message


def test_odk_missing_submissions_with_impossible_dates_name_the_field(actor):
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    base = {"picket_form": "missing", "child/child_name": "Asha", "family/reporter_relation": "mother",
            "family/mother_name": "Lata", "last_seen/last_seen_on": days_ago(10), "last_seen/state": "State A",
            "last_seen/district": "District A", "police/reported_to_police": "no"}  # fmt: skip
    submissions = [
        base | {"meta/instanceID": "uuid:1", "child/date_of_birth": future},
        base | {"meta/instanceID": "uuid:2", "child/date_of_birth": days_ago(5)},
        base
        | {
            "meta/instanceID": "uuid:3",
            "police/reported_to_police": "yes",
            "police/police_report_kind": "fir",
            "police/police_report_date": days_ago(12),
        },
        base | {"meta/instanceID": "uuid:4", "family/reporter_relation": "father"},
        base | {"meta/instanceID": "uuid:5", "last_seen/district_lgd": "99999"},
    ]
    report = import_odk_submissions(actor=actor, data=json.dumps(submissions).encode(), filename="kobo.json")
    assert rejections(report) == [
        (1, "child/date_of_birth", f"{future} is in the future"),
        (2, "child/date_of_birth", f"{days_ago(5)} is after the missing date {days_ago(10)}"),
        (3, "police/police_report_date", f"{days_ago(12)} is before the child was last seen"),
        (4, "father_name", "is required when the father reports"),
        (5, "last_seen/district_lgd", "unknown district LGD code 99999"),
    ]
    assert everything() == []


def test_kobo_json_tips_keep_the_instance_id_and_refuse_a_repeated_one(
    world, actor, django_capture_on_commit_callbacks
):
    coordinator = world.user(Role.DISTRICT_COORDINATOR, inside=True)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_odk_submissions(actor=actor, data=fixture("kobo_tips.json"), filename="data.json")
    assert rejections(report) == [(3, "meta/instanceID", "the same submission is also submission 1")]
    tips = {t.caller_reference: t for t in Tip.objects.all()}
    first = tips["odk:2b7f6a0e-8c1d-4f3a-9e5b-7d6c5b4a3f01"]
    assert (first.source, first.urgency, first.children_involved, first.place, first.establishment) == (
        TipSource.IMPORT, Urgency.HIGH, 2, "Behind the bus depot", "Roadside dhaba",
    )  # fmt: skip
    assert str(first.occurred_on) == days_ago(1) and first.received_by is not None
    assert tips["odk:2b7f6a0e-8c1d-4f3a-9e5b-7d6c5b4a3f02"].urgency == Urgency.IMMINENT
    assert Notification.objects.filter(recipient=coordinator, is_urgent=True).count() == 1
    again = import_odk_submissions(actor=actor, data=fixture("kobo_tips.json"), filename="data.json")
    assert again.added == 0 and Tip.objects.count() == 2
    assert rejections(again)[0] == (1, "meta/instanceID", f"already imported as {first.reference}")


def test_an_edited_submission_of_an_imported_tip_is_refused(actor):
    import_odk_submissions(actor=actor, data=fixture("kobo_tips.json"), filename="data.json")
    edited = {"picket_form": "tip", "state": "State A", "district": "District A", "urgency": "low",
              "what_seen": "Two boys at the dhaba, corrected", "meta": {"instanceID": "uuid:new-one",
              "deprecatedID": "uuid:2b7f6a0e-8c1d-4f3a-9e5b-7d6c5b4a3f01"}}  # fmt: skip
    report = import_odk_submissions(actor=actor, data=json.dumps([edited]).encode(), filename="edit.json")
    assert report.added == 0 and report.rejected[0].message.startswith("already imported as T-")


def test_odk_central_csv_zip_and_kobo_semicolon_csv_of_found_children(world, actor):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("picket_found.csv", fixture("odk_central_found.csv"))
        zipped.writestr("picket_found-siblings.csv", "PARENT_KEY,KEY\n")
        zipped.writestr("media/photo.jpg", b"\xff\xd8")
    report = import_odk_submissions(actor=actor, data=archive.getvalue(), filename="picket_found.csv.zip")
    assert rejections(report) == [(3, "child-age", "40 is not between 0 and 25")]
    ravi = FoundChild.objects.get()
    assert (ravi.how, ravi.child.home_district, ravi.child.home_locality) == ("railway", world.district_b,
                                                                               "Near the temple")  # fmt: skip
    assert timezone.localtime(ravi.found_at).time() == datetime.time(7, 45)
    kobo = import_odk_submissions(actor=actor, data=fixture("kobo_found.csv"),
                                  filename="picket_found_-_all_versions_-_False_-_2026-01-04.csv")  # fmt: skip
    assert rejections(kobo) == [
        (3, "_validation_status", "not approved in KoboToolbox; not imported"),
        (4, "found/district", "unknown district 'District Nowhere' in state 'State A'"),
    ]
    assert kobo.added == 1 and FoundChild.objects.filter(how="street").count() == 1


def test_a_submission_of_another_form_or_without_instance_id_is_refused(actor):
    data = json.dumps({"results": [{"child_name": "Asha", "meta/instanceID": "uuid:a"},
                                   {"picket_form": "found", "child_name": "Asha"}]}).encode()  # fmt: skip
    report = import_odk_submissions(actor=actor, data=data, filename="data.json")
    assert [(r.row, r.column) for r in report.rejected] == [(1, "picket_form"), (2, "instanceID")]
    with pytest.raises(ImportFileError, match="not valid JSON"):
        import_odk_submissions(actor=actor, data=b'{"value": [', filename="broken.json")
    assert everything() == []


def test_outside_the_district_nothing_of_an_odk_import_is_created(outsider):
    report = import_odk_submissions(actor=actor_for(outsider), data=fixture("kobo_tips.json"), filename="d.json")
    assert report.added == 0 and everything() == []
    assert report.rejected[0].message == "district 'District A' is outside your jurisdiction"


# --- who sees what ------------------------------------------------------------------------------------------------


def test_another_districts_user_sees_none_of_the_imported_records(world, actor, outsider):
    import_missing_csv(actor=actor, data=fixture("missing.csv"), filename="missing.csv")
    import_odk_submissions(actor=actor, data=fixture("kobo_tips.json"), filename="data.json")
    other = actor_for(outsider)
    assert child_list(actor=other).count() == 0 and child_search(actor=other, query="Pooja Kumari").count() == 0
    assert selectors.missing_list(actor=other).count() == 0 and selectors.tip_list(actor=other).count() == 0
    assert children_matching_name(children=child_list(actor=other), name="Pooja") == []
    client = login_verified(Client(), outsider)
    reference = MissingReport.objects.first().reference  # type: ignore[union-attr]
    assert client.get(f"/intake/missing/{reference}/").status_code == 404
    _row, token = api_token_create(actor=other, name="phone")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/children?q=Pooja Kumari").json()["items"] == []
    assert api.get("/api/v1/missing").json()["items"] == [] and api.get("/api/v1/tips").json()["items"] == []
    assert child_list(actor=actor).count() == 3


# --- the command --------------------------------------------------------------------------------------------------


def test_the_command_imports_as_the_named_user_and_exits_non_zero_on_rejected_rows(tmp_path, importer):
    good, bad = tmp_path / "missing.csv", tmp_path / "bad.csv"
    good.write_bytes(fixture("missing.csv"))
    bad.write_bytes(bad_file())
    out = io.StringIO()
    call_command("intake", "import", "--kind", "missing", "--as", importer.username, str(good), stdout=out)
    assert out.getvalue().startswith("missing.csv: 3 added, 0 rejected\nadded: M-")
    assert all(e.actor == importer for e in AuditEvent.objects.filter(object_type="people.child"))
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"12 row\(s\) rejected") as failed:
        call_command("intake", "import", "--kind", "missing", "--as", importer.username, str(bad), "--all-or-nothing",
                     stdout=out)  # fmt: skip
    assert failed.value.returncode == 1
    assert "row 5, column 'age': 40 is not between 0 and 25" in out.getvalue().splitlines()
    assert "Nothing was imported (all or nothing)" in out.getvalue() and Child.objects.count() == 3
    with pytest.raises(CommandError, match="Nothing was imported") as refused:
        call_command("intake", "import", "--kind", "found", "--as", importer.username, str(good))
    assert refused.value.returncode == 2
    with pytest.raises(CommandError, match="no active user 'nobody'"):
        call_command("intake", "import", "--kind", "odk", "--as", "nobody", str(good))


# --- the page -----------------------------------------------------------------------------------------------------

MANAGERS = {role for role in Role if Permission.CHILD_MANAGE in ROLE_PERMISSIONS[role]}


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_the_import_page_by_role_and_jurisdiction(world, seat):
    client = login_verified(Client(), world.user(seat.role, inside=seat.inside))
    upload = io.BytesIO(fixture("missing.csv"))
    upload.name = "missing.csv"
    response = client.post("/intake/import/", {"kind": "missing", "file": upload})
    if seat.role not in MANAGERS:
        assert response.status_code == 403 and everything() == []
        return
    assert response.status_code == 200
    report = response.context["report"]
    if seat.inside:
        assert report.added == 3 and MissingReport.objects.count() == 3
        assert b'data-testid="added-records"' in response.content
    else:
        assert report.added == 0 and everything() == []
        assert b"is outside your jurisdiction" in response.content


def test_the_page_shows_the_rejected_rows_and_offers_the_forms(importer):
    client = login_verified(Client(), importer)
    page = client.get("/intake/import/")
    assert page.status_code == 200 and b"?xlsform=picket_missing" in page.content
    download = client.get("/intake/import/?xlsform=picket_found")
    assert download.status_code == 200 and download["Content-Disposition"].endswith('filename="picket_found.xlsx"')
    assert client.get("/intake/import/?xlsform=../settings").status_code == 404
    upload = io.BytesIO(bad_file())
    upload.name = "bad.csv"
    response = client.post("/intake/import/", {"kind": "missing", "file": upload, "all_or_nothing": "on"})
    content = response.content.decode()
    assert response.context["report"].rolled_back and "Nothing was imported" in content
    assert "<td>9</td><td>district</td><td>district &#x27;District B&#x27; is outside your jurisdiction</td>" in content
    assert everything() == []
    refused = io.BytesIO("name\nसीमा\n".encode("utf-16"))
    refused.name = "utf16.csv"
    response = client.post("/intake/import/", {"kind": "found", "file": refused})
    assert "UTF-16" in response.content.decode() and response.context["report"] is None


# --- the XLSForms -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("form_id", list(build.FORMS))
def test_the_committed_xlsforms_are_the_built_ones(form_id):
    workbook = openpyxl.load_workbook(build.HERE / f"{form_id}.xlsx")
    for title, rows in build.sheets(form_id).items():
        stored = [[cell or "" for cell in row] for row in workbook[title].iter_rows(values_only=True)]
        assert stored == rows, f"{form_id}.xlsx is out of date: run python -m picket.intake.xlsforms.build"


@pytest.mark.parametrize("form_id", list(build.FORMS))
def test_the_xlsforms_convert_and_hold_the_fields_the_import_reads(form_id):
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    warnings: list[str] = []
    xform = xls2xform.convert(xlsform=str(build.HERE / f"{form_id}.xlsx"), warnings=warnings, validate=False).xform
    assert warnings == []
    assert f'id="{form_id}"' in xform and "<instanceID/>" in xform and 'lang="Hindi (hi)"' in xform
    for field in FIELDS[form_id.removeprefix("picket_")].values():
        assert re.search(rf"<{field}/>", xform), f"{form_id} lacks {field}"
    assert "calculate=\"'" + form_id.removeprefix("picket_") + "'\"" in xform
