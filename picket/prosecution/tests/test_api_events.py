"""Role matrix over the remaining prosecution API endpoints (rescues, bail, closure, documents, witnesses,
judgments, compensation, appeals): denied requests change nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.accounts.services import api_token_create
from picket.prosecution import services, services_court
from picket.prosecution.documents import document_upload
from picket.prosecution.models import (
    Appeal,
    BailHearing,
    CaseDocument,
    CompensationOrder,
    Judgment,
    PoliceCase,
    RescueOperation,
    Witness,
)
from picket.prosecution.tests.factories import accused_in, court_case, day
from picket.prosecution.tests.test_api import MANAGERS, VIEWERS
from picket.testing.rolematrix import SEATS, seat_id, snapshot

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)
TABLES = (RescueOperation, BailHearing, PoliceCase, CaseDocument, Witness, Judgment, CompensationOrder, Appeal)


def _client(world, seat):
    _row, token = api_token_create(actor=actor_for(world.user(seat.role, inside=seat.inside)), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _state():
    return snapshot(*(model.objects.all() for model in TABLES))


def _check_read(seat, response):
    allowed = seat.inside and seat.role in VIEWERS
    assert response.status_code == (200 if allowed else (404 if seat.role in VIEWERS else 403)), response.content
    return response.json() if allowed and response["Content-Type"].startswith("application/json") else None


def _check_write(seat, response, before, *, created=201, in_body=False):
    allowed = seat.inside and seat.role in MANAGERS
    if allowed:
        assert response.status_code == created, response.content
        assert _state() != before
    else:
        expected = (422 if in_body else 404) if seat.role in MANAGERS else 403
        assert response.status_code == expected, response.content
        assert _state() == before, "a denied request changed data"


def _post(client, path, body):
    return client.post(f"/api/v1/prosecution{path}", json.dumps(body), content_type="application/json")


@pytest.fixture
def trial(world, officer, case):
    accused = accused_in(case, officer)
    services.chargesheet_file(actor=actor_for(officer), police_case=case, filed_on=day("2025-02-20"),
                              sections=["BNS 137(2)"], accused=[accused])  # fmt: skip
    return court_case(case, officer, kind="sessions", cognizance="2025-03-01")


@matrix
def test_create_rescue(world, seat):
    before = _state()
    response = _post(_client(world, seat), "/rescues", {
        "rescued_at": timezone.now().isoformat(), "district_code": world.district_a.lgd_code,
        "lead_agency_id": world.organisation_a.pk, "place": "Hotel Sunrise",
    })  # fmt: skip
    _check_write(seat, response, before, in_body=True)


@matrix
def test_get_rescue(world, officer, seat):
    rescue = services.rescue_operation_record(actor=actor_for(officer), rescued_at=timezone.now(),
                                              district=world.district_a, lead_agency=world.organisation_a,
                                              place="Hotel Sunrise")  # fmt: skip
    body = _check_read(seat, _client(world, seat).get(f"/api/v1/prosecution/rescues/{rescue.reference}"))
    if body:
        assert body["place"] == "Hotel Sunrise"


@matrix
def test_bail_hearings(world, officer, case, seat):
    accused = accused_in(case, officer)
    client = _client(world, seat)
    before = _state()
    response = _post(client, f"/cases/{case.reference}/bail-hearings",
                     {"case_accused_id": accused.pk, "heard_on": "2025-02-01", "outcome": "rejected",
                      "opposed_by": "prosecution"})  # fmt: skip
    _check_write(seat, response, before)
    _check_read(seat, client.get(f"/api/v1/prosecution/cases/{case.reference}/bail-hearings"))


@matrix
def test_closure_report(world, case, seat):
    before = _state()
    response = _post(_client(world, seat), f"/cases/{case.reference}/closure",
                     {"closure_kind": "untraced", "filed_on": "2025-02-01"})  # fmt: skip
    _check_write(seat, response, before, created=200)


@matrix
def test_documents(world, officer, case, seat):
    document_upload(actor=actor_for(officer), police_case=case, kind="fir_copy", data=b"%PDF-1.4 fir")
    client = _client(world, seat)
    body = _check_read(seat, client.get(f"/api/v1/prosecution/cases/{case.reference}/documents"))
    if body:
        assert body[0]["verified"] is True and len(body[0]["sha256"]) == 64
    document = CaseDocument.objects.get()
    response = client.get(f"/api/v1/prosecution/cases/{case.reference}/documents/{document.pk}/content")
    _check_read(seat, response)
    if response.status_code == 200:
        assert response.content == b"%PDF-1.4 fir" and response["X-Content-SHA256"] == document.sha256
    before = _state()
    upload = SimpleUploadedFile("cs.pdf", b"%PDF-1.4 chargesheet", content_type="application/pdf")
    response = client.post(f"/api/v1/prosecution/cases/{case.reference}/documents?kind=chargesheet",
                           {"file": upload})  # fmt: skip
    _check_write(seat, response, before)


@matrix
def test_witnesses(world, trial, seat):
    client = _client(world, seat)
    before = _state()
    response = _post(client, f"/court-cases/{trial.reference}/witnesses",
                     {"kind": "victim", "examined_on": "2025-04-01", "turned_hostile": True})  # fmt: skip
    _check_write(seat, response, before)
    _check_read(seat, client.get(f"/api/v1/prosecution/court-cases/{trial.reference}/witnesses"))


@matrix
def test_judgments(world, trial, seat):
    accused = trial.police_case.accused.get()
    client = _client(world, seat)
    before = _state()
    response = _post(client, f"/court-cases/{trial.reference}/judgments",
                     {"case_accused_id": accused.pk, "section": "BNS 137(2)", "verdict": "convicted",
                      "decided_on": "2025-06-01", "imprisonment_months": 36})  # fmt: skip
    _check_write(seat, response, before)
    body = _check_read(seat, client.get(f"/api/v1/prosecution/court-cases/{trial.reference}/judgments"))
    if body:
        assert body[0]["section"] == "BNS 137(2)"


@matrix
def test_compensation(world, officer, trial, seat):
    client = _client(world, seat)
    before = _state()
    response = _post(client, f"/court-cases/{trial.reference}/compensation",
                     {"kind": "interim", "amount_rupees": 100000, "ordered_on": "2025-04-01"})  # fmt: skip
    _check_write(seat, response, before)
    order = services_court.compensation_order_record(actor=actor_for(officer), court_case=trial, kind="final",
                                                     amount_rupees=300000, ordered_on=day("2025-05-01"))  # fmt: skip
    before = _state()
    response = _post(client, f"/court-cases/{trial.reference}/compensation/{order.pk}/paid",
                     {"paid_on": "2025-05-20", "amount_paid_rupees": 300000})  # fmt: skip
    _check_write(seat, response, before, created=200)
    _check_read(seat, client.get(f"/api/v1/prosecution/court-cases/{trial.reference}/compensation"))


@matrix
def test_appeals(world, officer, trial, seat):
    accused = trial.police_case.accused.get()
    services_court.judgment_record(actor=actor_for(officer), court_case=trial, case_accused=accused,
                                   section="BNS 137(2)", verdict="acquitted", decided_on=day("2025-06-01"))  # fmt: skip
    client = _client(world, seat)
    before = _state()
    response = _post(client, f"/court-cases/{trial.reference}/appeals",
                     {"filed_by": "state", "filed_on": "2025-07-01", "appellate_court": "High Court"})  # fmt: skip
    _check_write(seat, response, before)
    _check_read(seat, client.get(f"/api/v1/prosecution/court-cases/{trial.reference}/appeals"))


def test_an_appeal_before_the_judgment_is_refused(world, officer, trial):
    client = _client(world, type("Seat", (), {"role": Role.LEGAL_OFFICER, "inside": True})())
    response = _post(client, f"/court-cases/{trial.reference}/appeals",
                     {"filed_by": "state", "filed_on": "2025-07-01", "appellate_court": "High Court"})  # fmt: skip
    assert response.status_code == 422 and response.json()["error"]["fields"][0]["field"] == "filed_on"
    assert not Appeal.objects.exists()
