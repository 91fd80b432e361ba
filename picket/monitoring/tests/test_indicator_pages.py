"""Indicator pages: the role matrix over every page and form (monitoring readers and administrators read and try
the rules; only administrators change them; a denied request changes nothing), and the forms' behaviour — a
refused rule names the field and the failing example and saves nothing, the try button saves nothing. Expected
role sets are written out, not derived from the permission table."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from picket.accounts.roles import Role
from picket.monitoring.indicator_catalogue import EXAMPLE_FIELDS, PATTERN_FIELDS, row_values
from picket.monitoring.models import IndicatorRescore, IndicatorRevision, IndicatorRule, IndicatorSetVersion
from picket.testing.auth import login_verified
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)

READERS = {
    Role.LEGAL_OFFICER,
    Role.DISTRICT_COORDINATOR,
    Role.STATE_PROGRAMME_MANAGER,
    Role.MONITORING_ANALYST,
    Role.ADMINISTRATOR,
}
EDITORS = {Role.ADMINISTRATOR}


def _rule(code: str = "round_the_clock") -> IndicatorRule:
    return IndicatorRule.objects.get(code=code)


def _stored() -> list:
    return snapshot(
        IndicatorRule.objects.all(), IndicatorRevision.objects.all(), IndicatorSetVersion.objects.all(),
        IndicatorRescore.objects.all(),
    )  # fmt: skip


def _form_data(rule: IndicatorRule, **changes: object) -> dict[str, object]:
    values: dict[str, object] = row_values(rule)
    for name in (*PATTERN_FIELDS, *EXAMPLE_FIELDS):
        values[name] = "\n".join(values[name])  # type: ignore[arg-type]
    values["decisive"] = "on" if values["decisive"] else ""
    return {**values, "reason": "Reviewed with the district team", **changes}


def _admin(world) -> Client:
    return login_verified(Client(), world.user(Role.ADMINISTRATOR, inside=True))


# --- role matrix ----------------------------------------------------------------------------------------------


@matrix
def test_reading_the_list_and_a_rule(world, seat):
    client, rule = world.client_for(seat), _rule()
    listed = client.get("/monitoring/indicators/")
    assert_access(listed, allowed=seat.role in READERS)
    detail = client.get(f"/monitoring/indicators/{rule.pk}/")
    assert_access(detail, allowed=seat.role in READERS)
    if seat.role in READERS:
        page = listed.content.decode()
        assert "round_the_clock" in page and rule.law in page
        assert ('data-testid="rescore-form"' in page) == (seat.role in EDITORS)
        detail_page = detail.content.decode()
        assert 'data-testid="history"' in detail_page and 'data-testid="try-form"' in detail_page
        assert ('data-testid="edit-link"' in detail_page) == (seat.role in EDITORS)
        assert ('data-testid="active-form"' in detail_page) == (seat.role in EDITORS)


@matrix
def test_trying_a_stored_rule_on_a_text(world, seat):
    rule, before = _rule(), _stored()
    response = world.client_for(seat).post(f"/monitoring/indicators/{rule.pk}/try/", {"try_text": "Spa open 24x7"})
    assert_access(response, allowed=seat.role in READERS, unchanged=lambda: _stored() == before)
    assert _stored() == before  # trying never writes
    if seat.role in READERS:
        assert 'data-testid="trial-fires"' in response.content.decode()


@matrix
def test_the_edit_and_new_forms(world, seat):
    client = world.client_for(seat)
    assert_access(client.get(f"/monitoring/indicators/{_rule().pk}/edit/"), allowed=seat.role in EDITORS)
    assert_access(client.get("/monitoring/indicators/new/"), allowed=seat.role in EDITORS)


@matrix
def test_editing_a_rule(world, seat):
    rule, before = _rule(), _stored()
    response = world.client_for(seat).post(f"/monitoring/indicators/{rule.pk}/edit/", _form_data(rule, weight="1.1"))
    allowed = seat.role in EDITORS
    assert_access(response, allowed=allowed, unchanged=lambda: _stored() == before)
    assert (_rule().weight == 1.1) == allowed


@matrix
def test_adding_a_rule(world, seat):
    before = _stored()
    data = _form_data(
        _rule(), code="hourly_rooms", patterns_en=r"\brooms? by the hour\b", patterns_hinglish="", patterns_hi="",
        unless_before="", unless_after="", requires="", positive_examples="Rooms by the hour",
        negative_examples="Rooms for rent by the month",
    )  # fmt: skip
    response = world.client_for(seat).post("/monitoring/indicators/new/", data)
    allowed = seat.role in EDITORS
    assert_access(response, allowed=allowed, unchanged=lambda: _stored() == before)
    assert IndicatorRule.objects.filter(code="hourly_rooms").exists() == allowed


@matrix
def test_deactivating_a_rule(world, seat):
    rule, before = _rule(), _stored()
    response = world.client_for(seat).post(
        f"/monitoring/indicators/{rule.pk}/active/", {"action": "deactivate", "reason": "Noisy"}
    )
    allowed = seat.role in EDITORS
    assert_access(response, allowed=allowed, unchanged=lambda: _stored() == before)
    assert (not _rule().is_active) == allowed


@matrix
def test_loading_the_shipped_file(world, seat):
    older = {**row_values(_rule()), "weight": 0.5}  # as if the previous release had shipped 0.5
    IndicatorRule.objects.filter(code="round_the_clock").update(weight=0.5, loaded_values=older)
    before = _stored()
    response = world.client_for(seat).post("/monitoring/indicators/load/")
    allowed = seat.role in EDITORS
    assert_access(response, allowed=allowed, unchanged=lambda: _stored() == before)
    assert (_rule().weight != 0.5) == allowed  # nobody edited it here: the file's weight is taken


@matrix
def test_queueing_a_rescore(world, seat, django_capture_on_commit_callbacks):
    before = _stored()
    with django_capture_on_commit_callbacks(execute=False):
        response = world.client_for(seat).post(
            "/monitoring/indicators/rescore/", {"since": "2026-01-01", "reason": "After the weights review"}
        )
    allowed = seat.role in EDITORS
    assert_access(response, allowed=allowed, unchanged=lambda: _stored() == before)
    assert IndicatorRescore.objects.filter(since=datetime.date(2026, 1, 1)).exists() == allowed


# --- the forms ---------------------------------------------------------------------------------------------------


def test_a_refused_edit_names_the_field_and_the_failing_example_and_saves_nothing(world):
    rule, before = _rule(), _stored()
    data = _form_data(rule, negative_examples=f"{_form_data(rule)['negative_examples']}\nSpa open 24x7, call now")
    response = _admin(world).post(f"/monitoring/indicators/{rule.pk}/edit/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "Spa open 24x7, call now" in page and "This example fires" in page
    assert _stored() == before
    response = _admin(world).post(f"/monitoring/indicators/{rule.pk}/edit/", _form_data(rule, patterns_en="(open"))
    assert "Line 1 does not compile" in response.content.decode() and _stored() == before
    response = _admin(world).post(f"/monitoring/indicators/{rule.pk}/edit/", _form_data(rule, weight="2", reason=""))
    assert "Say why." in response.content.decode() and _stored() == before


def test_the_try_button_shows_what_fires_and_saves_nothing(world):
    rule, before = _rule(), _stored()
    data = _form_data(rule, patterns_en=r"\btill dawn\b", action="try", try_text="Massage till dawn", reason="")
    response = _admin(world).post(f"/monitoring/indicators/{rule.pk}/edit/", data)
    page = response.content.decode()
    assert 'data-testid="trial-fires"' in page and ">till dawn</mark>" in page
    assert _stored() == before


def test_an_edit_shows_in_the_list_and_the_history(world):
    rule = _rule()
    response = _admin(world).post(f"/monitoring/indicators/{rule.pk}/edit/", _form_data(rule, weight="1.1"))
    assert response.status_code == 302
    detail = _admin(world).get(f"/monitoring/indicators/{rule.pk}/").content.decode()
    assert "Reviewed with the district team" in detail and "Edited by an administrator" in detail
    listed = _admin(world).get("/monitoring/indicators/").content.decode()
    assert "1.1" in listed and "Test User" in listed


def test_administrators_reach_the_indicators_from_the_navigation(world):
    labels = [str(item["label"]) for item in _admin(world).get("/").context["navigation"]]
    assert "Indicators" in labels and "Monitoring" not in labels
    analyst = login_verified(Client(), world.user(Role.MONITORING_ANALYST, inside=True))
    assert "Indicators" not in [str(item["label"]) for item in analyst.get("/").context["navigation"]]
    assert "/monitoring/indicators/" in analyst.get("/monitoring/").content.decode()  # the monitoring tabs
