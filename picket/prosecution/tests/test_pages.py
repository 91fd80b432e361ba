"""A legal officer enters a case from rescue to judgment through the pages and sees every deadline with its
source; the docket and the dashboard; a role matrix over the pages (denied writes change nothing)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from picket.accounts.roles import Role
from picket.intake.tests.conftest import found_record
from picket.prosecution.models import (
    CaseAccused,
    Chargesheet,
    CourtCase,
    Deadline,
    Hearing,
    Judgment,
    PoliceCase,
    RescueOperation,
)
from picket.prosecution.tests.factories import FIR_NUMBER, accused_in, police_case, police_station
from picket.testing.auth import login_verified
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)
VIEWERS = {Role.CASE_WORKER, Role.LEGAL_OFFICER, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}
MANAGERS = {Role.LEGAL_OFFICER, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}
TABLES = (PoliceCase, CaseAccused, Chargesheet, CourtCase, Hearing, Judgment, Deadline, RescueOperation)


def _state():
    return snapshot(*(model.objects.all() for model in TABLES))


def _event(client, case, action, data, files=None):
    body = {f"{action}-{key}": value for key, value in data.items()}
    if files:
        body |= {f"{action}-{key}": value for key, value in files.items()}
    return client.post(f"/prosecution/cases/{case.reference}/event/{action}/", body)


def _ok(response):
    assert response.status_code == 302, response.content.decode()[-3000:]


def test_a_case_from_rescue_to_judgment_through_the_pages(world, officer):
    client = login_verified(Client(), officer)
    worker = world.user(Role.CASE_WORKER, inside=True)
    found = found_record(worker, hours_ago=5)
    station = police_station(world)
    rescued = timezone.localtime(found.found_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post("/prosecution/rescues/new/", {
        "rescued_at": rescued, "district": world.district_a.pk, "place": "Brick kiln near the canal",
        "lead_agency": world.organisation_a.pk, "found_references": found.reference,
        "evidence_seized": "Wage register", "follow_up_actions": "Statements",
    })  # fmt: skip
    _ok(response)
    rescue = RescueOperation.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "JJ Act 2015 s.31" in page and found.reference in page

    response = client.post("/prosecution/cases/new/", {
        "fir_number": FIR_NUMBER, "fir_registered_on": "2025-01-05", "police_station": station.pk,
        "district": world.district_a.pk, "sections": "BNS 137(2), POCSO 8", "victim_references": found.child.reference,
    })  # fmt: skip
    _ok(response)
    case = PoliceCase.objects.get()
    assert list(case.victims.all()) == [found.child] and rescue.pk
    custody = {"arrested_on": "2025-01-09", "custody_status": "judicial_custody"}
    _ok(_event(client, case, "accused", {"name": "Kalu Ram Yadav", "first_remand_on": "2025-01-10", **custody}))
    accused = CaseAccused.objects.get()
    clock = Deadline.objects.get(rule="chargesheet_default_bail")
    assert clock.due_at.isoformat() == "2025-03-10T18:30:00+00:00"
    # Changing the remand date moves that chargesheet deadline.
    _ok(_event(client, case, "custody", {"case_accused": accused.pk, "first_remand_on": "2025-01-15", **custody}))
    clock.refresh_from_db()
    assert clock.due_at.isoformat() == "2025-03-15T18:30:00+00:00"
    _ok(_event(client, case, "bail", {"case_accused": accused.pk, "heard_on": "2025-02-01", "outcome": "rejected",
                                      "opposed_by": "prosecution"}))  # fmt: skip
    _ok(_event(client, case, "chargesheet", {"kind": "first", "filed_on": "2025-02-20", "sections": "POCSO 8",
                                             "accused": [accused.pk]}))  # fmt: skip
    _ok(_event(client, case, "court", {"court_kind": "special_pocso", "court_name": "Special Court (POCSO)",
                                       "cnr_number": "ABCD010012342025", "cognizance_on": "2025-03-01"}))  # fmt: skip
    court = CourtCase.objects.get()
    _ok(_event(client, case, "hearing", {"court_case": court.pk, "held_on": "2025-03-10", "purpose": "charge",
                                         "next_on": "2025-03-20"}))  # fmt: skip
    _ok(_event(client, case, "trial", {"court_case": court.pk, "cognizance_on": "2025-03-01",
                                       "charges_framed_on": "2025-03-20", "child_evidence_on": "2025-03-28",
                                       "arguments_concluded_on": "2025-06-10"}))  # fmt: skip
    _ok(_event(client, case, "witness", {"court_case": court.pk, "kind": "victim", "examined_on": "2025-03-28"}))
    _ok(_event(client, case, "judgment", {"court_case": court.pk, "case_accused": accused.pk, "section": "POCSO 8",
                                          "verdict": "convicted", "decided_on": "2025-07-01",
                                          "imprisonment_months": "48"}))  # fmt: skip
    _ok(_event(client, case, "compensation", {"court_case": court.pk, "kind": "final", "amount_rupees": "300000",
                                              "ordered_on": "2025-07-01"}))  # fmt: skip
    _ok(
        _event(
            client,
            case,
            "document",
            {"kind": "judgment"},
            files={"file": SimpleUploadedFile("j.pdf", b"%PDF-1.4 judgment", content_type="application/pdf")},
        )
    )
    page = client.get(f"/prosecution/cases/{case.reference}/").content.decode()
    for source in ("BNSS 187(3)", "BNSS 193(2)", "POCSO Act s.35(1)", "POCSO Act s.35(2)", "BNSS 251", "BNSS 258",
                   "POCSO Rules 2020 r.9"):  # fmt: skip
        assert source in page, source
    assert FIR_NUMBER in page and "Kalu" not in page  # accused appear by reference
    statuses = dict(Deadline.objects.filter(police_case=case).values_list("rule", "computed_status"))
    assert statuses["chargesheet_default_bail"] == "met" and statuses["pocso_child_evidence"] == "met"
    assert statuses["judgment_after_arguments"] == "met" and statuses["pocso_trial_one_year"] == "met"
    document = case.documents.get()
    download = client.get(f"/prosecution/cases/{case.reference}/documents/{document.pk}/")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 judgment"


def test_a_refused_event_shows_the_message_on_the_form_and_saves_nothing(world, officer, case):
    client = login_verified(Client(), officer)
    accused = accused_in(case, officer)
    before = _state()
    response = _event(client, case, "chargesheet", {"kind": "first", "filed_on": "2025-01-01",
                                                    "sections": "BNS 137(2)", "accused": [accused.pk]})  # fmt: skip
    assert response.status_code == 200
    assert "cannot be dated before the FIR" in response.content.decode()
    response = _event(client, case, "sections", {"changed_on": "2025-02-01", "add": "BNS 9999", "reason": "x"})
    assert "not in the offences catalogue" in response.content.decode()
    assert _state() == before


def test_the_docket_shows_custody_past_day_45_and_deadlines_at_risk(world, officer):
    today = timezone.localdate()
    remand = today - datetime.timedelta(days=50)
    case = police_case(world, officer, fir_on=(remand - datetime.timedelta(days=2)).isoformat())
    accused_in(case, officer, arrested=(remand - datetime.timedelta(days=1)).isoformat(), remanded=remand.isoformat())
    page = login_verified(Client(), officer).get("/prosecution/").content.decode()
    custody = page[page.index('data-testid="docket-custody"') :]
    assert case.reference in custody[: custody.index("</ul>")]
    deadlines = page[page.index('data-testid="docket-deadlines"') :]
    assert "Chargesheet before default bail" in deadlines[: deadlines.index("</table>")]


def test_dashboard_figures_equal_a_hand_computed_example(world, officer):
    from picket.prosecution import services, services_court
    from picket.prosecution.dashboard import prosecution_figures
    from picket.prosecution.tests.factories import actor, court_case, day

    a = actor(officer)
    # Case 1: FIR 5 Jan, remand 10 Jan, chargesheet 20 Feb (day 42 of 60: in time); cognizance 1 Mar,
    # judgment 1 Jul (122 days): accused 1 convicted.
    one = police_case(world, officer, sections=("POCSO 8",))
    x1 = accused_in(one, officer)
    services.chargesheet_file(actor=a, police_case=one, filed_on=day("2025-02-20"), sections=["POCSO 8"], accused=[x1])
    k1 = court_case(one, officer, cognizance="2025-03-01")
    services_court.court_case_update(actor=a, court_case=k1, charges_framed_on=day("2025-03-20"),
                                     arguments_concluded_on=day("2025-06-10"))  # fmt: skip
    services_court.judgment_record(actor=a, court_case=k1, case_accused=x1, section="POCSO 8", verdict="convicted",
                                   decided_on=day("2025-07-01"))  # fmt: skip
    # Case 2: FIR 5 Jan, remand 10 Jan, chargesheet 20 Mar (day 70 of 60: late); cognizance 1 Apr, judgment
    # 1 Sep (153 days): accused 2 acquitted on one section, convicted on another → counted convicted; accused 3
    # acquitted.
    two = police_case(world, officer, sections=("BNS 137(2)", "BNS 146"))
    x2 = accused_in(two, officer, name="A Two")
    x3 = accused_in(two, officer, name="A Three")
    services.chargesheet_file(actor=a, police_case=two, filed_on=day("2025-03-20"), sections=["BNS 137(2)"],
                              accused=[x2, x3])  # fmt: skip
    k2 = court_case(two, officer, kind="sessions", cognizance="2025-04-01")
    for accused, section, verdict in ((x2, "BNS 137(2)", "acquitted"), (x2, "BNS 146", "convicted"),
                                      (x3, "BNS 137(2)", "acquitted")):  # fmt: skip
        services_court.judgment_record(actor=a, court_case=k2, case_accused=accused, section=section, verdict=verdict,
                                       decided_on=day("2025-09-01"))  # fmt: skip
    # Case 3: FIR 1 Feb, chargesheet 3 Mar (30 days, no remanded accused); cognizance 10 Mar, no judgment.
    three = police_case(world, officer, fir_on="2025-02-01")
    x4 = accused_in(three, officer, name="A Four", arrested=None, remanded=None)
    services.chargesheet_file(actor=a, police_case=three, filed_on=day("2025-03-03"), sections=["BNS 137(2)"],
                              accused=[x4])  # fmt: skip
    court_case(three, officer, kind="magistrate", cognizance="2025-03-10")
    # Case 4: under investigation. Case 5: closed by a closure report.
    police_case(world, officer, fir_on="2025-05-01")
    five = police_case(world, officer, fir_on="2025-05-01")
    services.closure_report_file(actor=a, police_case=five, closure_kind="untraced", filed_on=day("2025-06-01"))

    figures = prosecution_figures(PoliceCase.objects.all(), today=day("2025-10-10"))
    assert figures.cases == 5
    assert figures.stages == {"investigation": 1, "closed": 1, "awaiting_cognizance": 0, "trial": 1, "decided": 2}
    assert (figures.convicted, figures.decided_accused, figures.conviction_rate) == (2, 3, 2 / 3)
    # FIR → chargesheet: 46 (5 Jan → 20 Feb), 74 (5 Jan → 20 Mar), 30 (1 Feb → 3 Mar): median 46.
    assert figures.median_days_to_chargesheet == 46
    # Cognizance → judgment: 122 and 153: median 137.5.
    assert figures.median_days_to_judgment == 137.5
    # Remanded accused chargesheeted: x1 in time, x2 and x3 late → 1 of 3.
    assert (figures.chargesheeted_in_time, figures.chargesheeted_remanded) == (1, 3)
    # Pending: case 3's magistrate court, cognizance 10 Mar → 10 Oct = 214 days.
    assert figures.pendency == [("Special Court (POCSO), District A", 1, 214.0)]
    page = login_verified(Client(), officer).get("/prosecution/dashboard/").content.decode()
    assert "67% (2 / 3)" in page and "33% (1 / 3)" in page


# --- role matrix ---------------------------------------------------------------------------------------------------


@matrix
def test_docket_dashboard_and_case_list(world, officer, case, seat):
    client = login_verified(Client(), world.user(seat.role, inside=seat.inside))
    allowed = seat.role in VIEWERS
    for path in ("/prosecution/", "/prosecution/dashboard/", "/prosecution/cases/"):
        response = client.get(path)
        assert_access(response, allowed=allowed)
        if allowed and path == "/prosecution/cases/":
            assert (case.reference in response.content.decode()) == seat.inside


@matrix
def test_case_page(world, officer, case, seat):
    response = login_verified(Client(), world.user(seat.role, inside=seat.inside)).get(
        f"/prosecution/cases/{case.reference}/"
    )
    allowed = seat.inside and seat.role in VIEWERS
    assert_access(response, allowed=allowed)
    assert (FIR_NUMBER in response.content.decode()) == allowed


@matrix
def test_case_event(world, officer, case, seat):
    accused = accused_in(case, officer)
    client = login_verified(Client(), world.user(seat.role, inside=seat.inside))
    before = _state()
    response = _event(client, case, "custody", {"case_accused": accused.pk, "arrested_on": "2025-01-09",
                                                "first_remand_on": "2025-01-20",
                                                "custody_status": "judicial_custody"})  # fmt: skip
    allowed = seat.inside and seat.role in MANAGERS
    assert_access(response, allowed=allowed, unchanged=lambda: _state() == before)
    accused.refresh_from_db()
    assert accused.first_remand_on == (datetime.date(2025, 1, 20) if allowed else datetime.date(2025, 1, 10))


@matrix
def test_case_create(world, seat):
    station = police_station(world)
    client = login_verified(Client(), world.user(seat.role, inside=seat.inside))
    before = _state()
    response = client.post("/prosecution/cases/new/", {
        "fir_number": "12/2025", "fir_registered_on": "2025-01-05", "police_station": station.pk,
        "district": world.district_a.pk, "sections": "BNS 137(2)",
    })  # fmt: skip
    allowed = seat.inside and seat.role in MANAGERS
    if allowed:
        assert response.status_code == 302 and PoliceCase.objects.count() == 1
    elif seat.role in MANAGERS:  # outside: district A is not among the choices; the form is shown again
        assert response.status_code == 200 and _state() == before
    else:
        assert_access(response, allowed=False, unchanged=lambda: _state() == before)


@matrix
def test_document_download(world, officer, case, seat):
    from picket.prosecution.documents import document_upload
    from picket.prosecution.tests.factories import actor

    document = document_upload(actor=actor(officer), police_case=case, kind="fir_copy", data=b"%PDF-1.4 fir")
    response = login_verified(Client(), world.user(seat.role, inside=seat.inside)).get(
        f"/prosecution/cases/{case.reference}/documents/{document.pk}/"
    )
    allowed = seat.inside and seat.role in VIEWERS
    assert_access(response, allowed=allowed)
    assert (response.content == b"%PDF-1.4 fir") == allowed


@matrix
def test_rescue_pages(world, officer, seat):
    from picket.prosecution import services
    from picket.prosecution.tests.factories import actor

    rescue = services.rescue_operation_record(actor=actor(officer), rescued_at=timezone.now(),
                                              district=world.district_a, lead_agency=world.organisation_a,
                                              place="Hotel Sunrise")  # fmt: skip
    client = login_verified(Client(), world.user(seat.role, inside=seat.inside))
    response = client.get(f"/prosecution/rescues/{rescue.reference}/")
    allowed = seat.inside and seat.role in VIEWERS
    assert_access(response, allowed=allowed)
    assert ("Hotel Sunrise" in response.content.decode()) == allowed
    before = _state()
    response = client.post("/prosecution/rescues/new/", {
        "rescued_at": "2025-01-05T10:00", "district": world.district_a.pk, "lead_agency": world.organisation_a.pk,
    })  # fmt: skip
    if seat.inside and seat.role in MANAGERS:
        assert response.status_code == 302
    elif seat.role in MANAGERS:
        assert response.status_code == 200 and _state() == before
    else:
        assert_access(response, allowed=False, unchanged=lambda: _state() == before)
