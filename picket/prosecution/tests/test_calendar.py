"""The private iCalendar feed parses (icalendar library), holds only the officer's cases, and can be revoked."""

import datetime
from typing import Any

import pytest
from django.test import Client
from icalendar import Calendar

from picket.accounts.roles import Role
from picket.prosecution import services, services_court
from picket.prosecution.calendar import _fold, calendar_feed_create, calendar_feed_revoke
from picket.prosecution.models import CalendarFeed
from picket.prosecution.tests.factories import FIR_NUMBER, accused_in, actor, court_case, day, police_case
from picket.testing.auth import login_verified
from picket.testing.rolematrix import SEATS, assert_access, seat_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers_case(world, officer):
    case = police_case(world, officer, sections=("POCSO 8",))
    accused = accused_in(case, officer, name="Kalu Ram Yadav")
    services.chargesheet_file(actor=actor(officer), police_case=case, filed_on=day("2025-02-20"),
                              sections=["POCSO 8"], accused=[accused])  # fmt: skip
    trial = court_case(case, officer, cognizance="2025-03-01")
    services_court.hearing_record(actor=actor(officer), court_case=trial, held_on=day("2025-03-10"), purpose="charge",
                                  next_on=day("2025-03-24"), proceedings="Kalu Ram Yadav's counsel absent")  # fmt: skip
    return case, trial


def _feed(client, token):
    return client.get(f"/prosecution/calendar/{token}.ics")


def test_the_feed_parses_and_holds_the_officers_hearings_and_deadlines_only(world, officer, officers_case):
    case, trial = officers_case
    other_org = world.user(Role.LEGAL_OFFICER, inside=True, organisation=world.new_organisation_in_a())
    police_case(world, other_org, fir_number="99/2025")  # another organisation's case in the same district
    outsider = world.user(Role.LEGAL_OFFICER, inside=False)
    _feed_row, token = calendar_feed_create(actor=actor(officer))
    response = _feed(Client(), token)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "\r\n" in body and all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    calendar: Any = Calendar.from_ical(response.content)
    events: dict[str, Any] = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    summaries = sorted(events)
    assert f"Hearing: {trial.reference} ({case.reference}) - Hearing on charge" in summaries
    assert f"Next hearing: {trial.reference} ({case.reference})" in summaries
    assert events[f"Next hearing: {trial.reference} ({case.reference})"]["DTSTART"].dt == datetime.date(2025, 3, 24)
    due = [s for s in summaries if s.startswith("Last day:")]
    assert due and all(case.reference in s for s in due)
    evidence = next(e for s, e in events.items() if "Child's evidence" in s)
    assert evidence["DTSTART"].dt == datetime.date(2025, 3, 31) and "POCSO Act s.35(1)" in str(evidence["DESCRIPTION"])
    assert "Kalu" not in body and FIR_NUMBER not in body and "99/2025" not in body
    assert len({str(e["UID"]) for e in calendar.walk("VEVENT")}) == len(calendar.walk("VEVENT"))
    _row, outsider_token = calendar_feed_create(actor=actor(outsider))
    assert not Calendar.from_ical(_feed(Client(), outsider_token).content).walk("VEVENT")


def test_a_revoked_or_replaced_feed_is_not_found(world, officer, officers_case):
    _row, first = calendar_feed_create(actor=actor(officer))
    _row, second = calendar_feed_create(actor=actor(officer))
    assert _feed(Client(), first).status_code == 404
    assert _feed(Client(), second).status_code == 200
    calendar_feed_revoke(actor=actor(officer))
    assert _feed(Client(), second).status_code == 404
    assert _feed(Client(), "not-a-token").status_code == 404
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 0


def test_long_lines_are_folded_without_splitting_characters():
    line = "DESCRIPTION:" + "बाल साक्ष्य " * 20
    folded = _fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_calendar_settings_page(world, seat):
    client = login_verified(Client(), world.user(seat.role, inside=seat.inside))
    allowed = seat.role in {Role.CASE_WORKER, Role.LEGAL_OFFICER, Role.DISTRICT_COORDINATOR,
                            Role.STATE_PROGRAMME_MANAGER}  # fmt: skip
    before = CalendarFeed.objects.count()
    response = client.post("/prosecution/calendar/", {"action": "create"})
    assert_access(response, allowed=allowed, unchanged=lambda: CalendarFeed.objects.count() == before)
    if allowed:
        assert "/prosecution/calendar/" in response.content.decode() and ".ics" in response.content.decode()
