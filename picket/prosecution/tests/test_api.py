"""Role matrix over every prosecution API endpoint: the case's district team reads it, its legal team changes
it, everyone else is refused and nothing changes."""

import json

import pytest
from django.test import Client

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.accounts.services import api_token_create
from picket.people.models import AccusedPerson
from picket.prosecution import services, services_court
from picket.prosecution.models import (
    CaseAccused,
    CaseSection,
    Chargesheet,
    CourtCase,
    Deadline,
    Hearing,
    PoliceCase,
)
from picket.prosecution.tests.factories import FIR_NUMBER, accused_in, court_case, day, police_station
from picket.testing.rolematrix import SEATS, seat_id, snapshot

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)

# Written out, not derived from the code under test.
VIEWERS = {Role.CASE_WORKER, Role.LEGAL_OFFICER, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}
MANAGERS = {Role.LEGAL_OFFICER, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}
TABLES = (PoliceCase, CaseSection, CaseAccused, Chargesheet, CourtCase, Hearing, Deadline, AccusedPerson)


def _client(world, seat):
    _row, token = api_token_create(actor=actor_for(world.user(seat.role, inside=seat.inside)), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _send(client, method, path, body=None):
    call = getattr(client, method)
    if body is None:
        return call(f"/api/v1/prosecution{path}")
    return call(f"/api/v1/prosecution{path}", json.dumps(body), content_type="application/json")


def _state():
    return snapshot(*(model.objects.all() for model in TABLES))


@pytest.fixture
def trial(world, officer, case):
    accused = accused_in(case, officer)
    services.chargesheet_file(actor=actor_for(officer), police_case=case, filed_on=day("2025-02-20"),
                              sections=["BNS 137(2)"], accused=[accused])  # fmt: skip
    return court_case(case, officer, kind="sessions", cognizance="2025-03-01")


def _read(world, seat, path, *, listing=False):
    response = _send(_client(world, seat), "get", path)
    if seat.role not in VIEWERS:
        assert response.status_code == 403
        return None
    if listing:
        assert response.status_code == 200
        return response.json()
    assert response.status_code == (200 if seat.inside else 404)
    return response.json() if seat.inside else None


def _write(world, seat, method, path, body, *, created=201, creates_in_body=False):
    before = _state()
    response = _send(_client(world, seat), method, path, body)
    allowed = seat.inside and seat.role in MANAGERS
    if allowed:
        assert response.status_code == created, response.content
        assert _state() != before
    else:
        outside_manager = seat.role in MANAGERS
        expected = (422 if creates_in_body else 404) if outside_manager else 403
        assert response.status_code == expected, response.content
        assert _state() == before, "a denied request changed data"
    return response


@matrix
def test_list_cases(world, case, seat):
    body = _read(world, seat, "/cases", listing=True)
    if body is not None:
        assert [c["reference"] for c in body["items"]] == ([case.reference] if seat.inside else [])


@matrix
def test_get_case(world, case, seat):
    body = _read(world, seat, f"/cases/{case.reference}")
    if body is not None:
        assert body["fir_number"] == FIR_NUMBER and body["sections"] == ["BNS 137(2)"]


@matrix
def test_create_case(world, seat):
    station = police_station(world)
    body = {"fir_number": "88/2025", "fir_registered_on": "2025-02-01", "police_station_id": station.pk,
            "district_code": world.district_a.lgd_code, "sections": ["BNS 143", "BNS 98"]}  # fmt: skip
    response = _write(world, seat, "post", "/cases", body, creates_in_body=True)
    if response.status_code == 201:
        assert sorted(response.json()["sections"]) == ["BNS 143", "BNS 98"]


@matrix
def test_change_sections(world, case, seat):
    _write(world, seat, "post", f"/cases/{case.reference}/sections",
           {"changed_on": "2025-02-01", "add": ["BNS 143"], "reason": "Trafficking"}, created=200)  # fmt: skip


@matrix
def test_create_accused_person(world, seat):
    _write(world, seat, "post", "/accused-persons", {"name": "Kalu Ram", "district_code": world.district_a.lgd_code},
           creates_in_body=True)  # fmt: skip


@matrix
def test_list_case_accused(world, officer, case, seat):
    row = accused_in(case, officer)
    body = _read(world, seat, f"/cases/{case.reference}/accused")
    if body is not None:
        assert body == [{"id": row.pk, "accused_reference": row.accused.reference, "arrested_on": "2025-01-09",
                         "first_remand_on": "2025-01-10", "custody_status": "judicial_custody"}]  # fmt: skip


@matrix
def test_add_case_accused(world, officer, case, seat):
    person = services.accused_person_register(actor=actor_for(officer), name="Bhola Nath", district=world.district_a)
    _write(world, seat, "post", f"/cases/{case.reference}/accused",
           {"accused_reference": person.reference, "arrested_on": "2025-01-09", "first_remand_on": "2025-01-10",
            "custody_status": "judicial_custody"})  # fmt: skip


@matrix
def test_update_case_accused_moves_the_chargesheet_deadline(world, officer, case, seat):
    row = accused_in(case, officer)
    response = _write(world, seat, "put", f"/cases/{case.reference}/accused/{row.pk}",
                      {"arrested_on": "2025-01-09", "first_remand_on": "2025-01-20",
                       "custody_status": "judicial_custody"}, created=200)  # fmt: skip
    due = Deadline.objects.get(rule="chargesheet_default_bail").due_at.isoformat()
    moved = response.status_code == 200
    assert due == ("2025-03-20T18:30:00+00:00" if moved else "2025-03-10T18:30:00+00:00")


@matrix
def test_list_chargesheets(world, trial, seat):
    body = _read(world, seat, f"/cases/{trial.police_case.reference}/chargesheets")
    if body is not None:
        assert [c["filed_on"] for c in body] == ["2025-02-20"]


@matrix
def test_file_chargesheet(world, officer, case, seat):
    row = accused_in(case, officer)
    _write(world, seat, "post", f"/cases/{case.reference}/chargesheets",
           {"filed_on": "2025-02-20", "sections": ["BNS 137(2)"], "accused_ids": [row.pk]})  # fmt: skip


@matrix
def test_create_court_case(world, trial, seat):
    _write(world, seat, "post", f"/cases/{trial.police_case.reference}/court-cases",
           {"court_kind": "special_pocso", "court_name": "Special Court", "cnr_number": "ABCD010012342025",
            "cognizance_on": "2025-03-02"})  # fmt: skip


@matrix
def test_get_court_case(world, trial, seat):
    body = _read(world, seat, f"/court-cases/{trial.reference}")
    if body is not None:
        assert body["cnr_number"] == "ABCD010012342025" and body["case_reference"] == trial.police_case.reference


@matrix
def test_update_court_case(world, trial, seat):
    _write(world, seat, "patch", f"/court-cases/{trial.reference}", {"charges_framed_on": "2025-04-01"}, created=200)


@matrix
def test_list_hearings(world, officer, trial, seat):
    actor = actor_for(officer)
    services_court.hearing_record(actor=actor, court_case=trial, held_on=day("2025-03-10"), purpose="charge")
    body = _read(world, seat, f"/court-cases/{trial.reference}/hearings")
    if body is not None:
        assert [h["purpose"] for h in body] == ["charge"]


@matrix
def test_record_hearing(world, trial, seat):
    _write(world, seat, "post", f"/court-cases/{trial.reference}/hearings",
           {"held_on": "2025-03-10", "purpose": "charge", "next_on": "2025-03-24", "is_adjourned": True,
            "adjournment_reason": "Accused not produced"})  # fmt: skip


@matrix
def test_list_deadlines_with_their_sources(world, officer, case, seat):
    accused_in(case, officer)
    body = _read(world, seat, "/deadlines", listing=True)
    if body is not None:
        items = body["items"]
        assert len(items) == (1 if seat.inside else 0)
        if items:
            assert items[0]["rule"] == "chargesheet_default_bail" and "BNSS 187(3)" in items[0]["source"]
            assert items[0]["last_day"] == "2025-03-10" and items[0]["case_reference"] == case.reference


@matrix
def test_override_deadline(world, officer, case, seat):
    accused_in(case, officer)
    deadline = Deadline.objects.get()
    response = _write(world, seat, "post", f"/deadlines/{deadline.pk}/override",
                      {"status": "not_applicable", "reason": "Released by the High Court"}, created=200)  # fmt: skip
    if response.status_code == 200:
        assert response.json()["status"] == "not_applicable"


def test_bad_input_is_refused_with_the_field_named(world, officer, case):
    client = _client(world, type("Seat", (), {"role": Role.LEGAL_OFFICER, "inside": True})())
    before = _state()
    response = _send(client, "post", f"/cases/{case.reference}/chargesheets",
                     {"filed_on": "2025-01-01", "sections": ["BNS 137(2)"]})  # fmt: skip
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "filed_on"
    response = _send(client, "post", f"/cases/{case.reference}/sections",
                     {"changed_on": "2025-02-01", "add": ["BNS 9999"], "reason": "x"})  # fmt: skip
    assert response.json()["error"]["fields"][0]["field"] == "add"
    assert _state() == before
