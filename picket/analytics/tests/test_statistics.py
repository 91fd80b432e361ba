import csv
import io

import pytest
import pyzipper

from picket.accounts.roles import Role
from picket.audit.models import AuditEvent
from picket.testing.factories import UserFactory, child_for
from picket.testing.rolematrix import SEATS, assert_access, seat_id

pytestmark = pytest.mark.django_db

YOUNG, OLDER = "12\u201314", "15\u201317"  # age band labels use an en dash
STATISTICS_VIEWERS = {Role.ANALYST, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER, Role.ADMINISTRATOR}


def _children(world):
    """District A: 10 aged 13 and 5 aged 16; district A2: 7 aged 13 and 6 aged 16 (all girls)."""
    worker_a = world.user(Role.CASE_WORKER, inside=True)
    worker_a2 = UserFactory.create(
        role=Role.CASE_WORKER, organisation=world.organisation_a, districts=[world.district_a2]
    )
    for worker, young, older in ((worker_a, 10, 5), (worker_a2, 7, 6)):
        for index in range(young):
            child_for(worker, name=f"Secret Girl {index}", age_estimate_years=13)
        for index in range(older):
            child_for(worker, name=f"Hidden Girl {index}", age_estimate_years=16)


def _table(response, title):
    return next(t for t in response.context["tables"] if t.title == title).suppressed


def test_the_state_table_equals_a_hand_computed_example(world):
    _children(world)
    client = world.client_for(next(s for s in SEATS if s.role == Role.STATE_PROGRAMME_MANAGER and s.inside))
    table = _table(client.get("/statistics/"), "children_by_district_and_age")
    rows = {row[""]: row for row in table.to_rows()}
    assert (
        rows["District A (State A)"][YOUNG],
        rows["District A (State A)"][OLDER],
        rows["District A (State A)"]["Total"],
    ) == (10, 5, 15)
    assert (
        rows["District A2 (State A)"][YOUNG],
        rows["District A2 (State A)"][OLDER],
        rows["District A2 (State A)"]["Total"],
    ) == (7, 6, 13)
    assert (rows["Total"][YOUNG], rows["Total"][OLDER], rows["Total"]["Total"]) == (17, 11, 28)


def test_small_counts_are_hidden(world):
    worker = world.user(Role.CASE_WORKER, inside=True)
    for index in range(6):
        child_for(worker, name=f"Asha {index}", age_estimate_years=13)
    child_for(worker, name="Only One", age_estimate_years=16)
    client = world.client_for(next(s for s in SEATS if s.role == Role.DISTRICT_COORDINATOR and s.inside))
    table = _table(client.get("/statistics/"), "children_by_district_and_age")
    published = [value for row in table.to_rows() for key, value in row.items() if key]
    assert 1 not in published
    assert "*" in published


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_statistics_are_for_statistics_roles_and_only_their_jurisdiction(world, seat):
    _children(world)
    response = world.client_for(seat).get("/statistics/")
    assert_access(response, allowed=seat.role in STATISTICS_VIEWERS)
    if seat.role in STATISTICS_VIEWERS:
        if not seat.inside:
            assert response.context["tables"] == [] and b"no-statistics" in response.content
            return
        table = _table(response, "children_by_district_and_age")
        assert table.to_rows()[-1]["Total"] == (28 if seat.role == Role.STATE_PROGRAMME_MANAGER else 15)
        assert "Secret Girl" not in response.content.decode()


def test_an_export_is_de_identified_audited_and_can_be_encrypted(world):
    _children(world)
    client = world.client_for(next(s for s in SEATS if s.role == Role.STATE_PROGRAMME_MANAGER and s.inside))
    response = client.post("/statistics/export/", {"dataset": "children_records", "fmt": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Secret Girl" not in text and "Hidden Girl" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 28
    assert set(rows[0]) == {
        "child",
        "gender",
        "state_name",
        "district_name",
        "home_state_name",
        "age_band",
        "registered_month",
    }
    assert {row["age_band"] for row in rows} == {YOUNG, OLDER}
    event = AuditEvent.objects.get(action="export")
    assert event.detail["rows"] == 28 and event.detail["format"] == "csv"

    zipped = client.post(
        "/statistics/export/",
        {"dataset": "children_by_district_and_age", "fmt": "xlsx", "password": "a long export password"},
    )
    with pyzipper.AESZipFile(io.BytesIO(zipped.content)) as archive:
        archive.setpassword(b"a long export password")
        (member,) = archive.namelist()
        assert member.endswith(".xlsx") and archive.read(member)[:2] == b"PK"
    short = client.post("/statistics/export/", {"dataset": "children_records", "fmt": "csv", "password": "short"})
    assert short.status_code == 400 and "password" in short.context["form"].errors
    assert AuditEvent.objects.filter(action="export").count() == 2


def test_record_exports_withhold_rows_in_classes_smaller_than_k(world):
    worker = world.user(Role.CASE_WORKER, inside=True)
    for index in range(5):
        child_for(worker, name=f"Common {index}", age_estimate_years=13)
    child_for(worker, name="Unusual", age_estimate_years=16, gender="M")
    client = world.client_for(next(s for s in SEATS if s.role == Role.DISTRICT_COORDINATOR and s.inside))
    response = client.post("/statistics/export/", {"dataset": "children_records", "fmt": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 5 and {row["age_band"] for row in rows} == {YOUNG}
    assert AuditEvent.objects.get(action="export").detail["count"] == 1
