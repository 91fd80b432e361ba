"""The public tip form and follow-up: anonymous, rate-limited, spam-resistant, never reading back a tip."""

import re
import time

import pytest
from django.test import Client

from picket.intake.models import Tip, TipNote
from picket.intake.services import follow_up_hash, tip_submit_public
from picket.intake.views_public import issue_form_token
from picket.testing.factories import DistrictFactory

pytestmark = pytest.mark.django_db

WHAT_SEEN = "Small boys carrying bricks at the kiln behind the bus stand"


def _tip_data(world, *, token_age=10, **overrides):
    return {
        "what_seen": WHAT_SEEN, "state": world.state_a.pk, "district": world.district_a.pk,
        "place": "Near the bus stand", "establishment": "", "occurred_on": "", "children_involved": "6",
        "contact": "", "website": "", "issued": issue_form_token(now=time.time() - token_age), **overrides,
    }  # fmt: skip


def test_the_form_needs_no_sign_in_and_points_to_the_emergency_numbers(world):
    response = Client().get("/report/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "1098" in page and "112" in page
    assert 'name="website"' in page and 'tabindex="-1"' in page and 'autocomplete="off"' in page
    assert 'class="hp"' in page
    assert "Leave this empty to stay anonymous" in page
    follow_up = Client().get("/report/follow-up/").content.decode()
    assert "1098" in follow_up and "112" in follow_up


def test_a_valid_tip_is_saved_once_and_shows_its_reference_and_code_once(world):
    response = Client().post("/report/", _tip_data(world))
    assert response.status_code == 200
    tip = Tip.objects.get()
    assert (tip.source, tip.district, tip.what_seen, tip.children_involved) == (
        "public_web",
        world.district_a,
        WHAT_SEEN,
        6,
    )
    page = response.content.decode()
    assert tip.reference in page
    match = re.search(r'data-testid="tip-code">(\d{6})<', page)
    assert match is not None
    code = match.group(1)
    assert follow_up_hash(code) == tip.follow_up_secret_hash
    assert "no-store" in response["Cache-Control"]
    assert WHAT_SEEN not in page


def test_sending_the_same_form_twice_files_one_tip(world):
    data = _tip_data(world)
    Client().post("/report/", data)
    again = Client().post("/report/", data)
    assert Tip.objects.count() == 1
    assert "This report was already sent" in again.content.decode()


def test_a_filled_honeypot_seems_to_succeed_but_saves_nothing(world):
    response = Client().post("/report/", _tip_data(world, website="http://spam.example"))
    assert response.status_code == 200
    assert 'data-testid="tip-reference"' in response.content.decode()
    assert not Tip.objects.exists()


def test_a_form_sent_too_fast_is_refused_with_a_clear_message(world):
    response = Client().post("/report/", _tip_data(world, token_age=0.5))
    assert not Tip.objects.exists()
    assert "sent too quickly" in response.content.decode()
    assert "please check what you wrote and submit it again" in response.content.decode().lower()
    assert WHAT_SEEN in response.content.decode()  # what they wrote is kept for the next try


@pytest.mark.parametrize("issued", ["forged", None])
def test_a_stale_or_forged_form_is_refused(world, issued):
    data = _tip_data(world, token_age=2 * 3600 + 30)
    if issued:
        data["issued"] = issued
    response = Client().post("/report/", data)
    assert not Tip.objects.exists()
    assert "This form has expired" in response.content.decode()


def test_the_eleventh_submission_from_one_address_within_the_hour_is_refused(world):
    client = Client()
    for _ in range(10):
        assert client.post("/report/", _tip_data(world)).status_code == 200
    assert Tip.objects.count() == 10
    response = client.post("/report/", _tip_data(world))
    assert response.status_code == 429
    assert Tip.objects.count() == 10
    assert Client(REMOTE_ADDR="10.1.2.3").post("/report/", _tip_data(world)).status_code == 200


def test_bad_input_names_the_field_and_saves_nothing(world):
    cases = {
        "district": {"district": "999999"},
        "place": {"place": "x" * 600},
        "children_involved": {"children_involved": "0"},
        "occurred_on": {"occurred_on": "2999-01-01"},
        "what_seen": {"what_seen": "help"},
    }
    for field, change in cases.items():
        response = Client().post("/report/", _tip_data(world, **change))
        assert field in response.context["form"].errors, field
    other_state = DistrictFactory.create()
    response = Client().post("/report/", _tip_data(world, district=other_state.pk))
    assert "not in the state you chose" in response.context["form"].errors["district"][0]
    assert not Tip.objects.exists()


def test_choosing_a_state_narrows_the_districts(world):
    fragment = Client().get("/report/districts/", {"state": world.state_a.pk}).content.decode()
    assert "District A" in fragment and "District A2" in fragment and "District B" not in fragment
    everything = Client().get("/report/").content.decode()
    assert "District A" in everything and "District B" in everything and "<optgroup" in everything


@pytest.fixture
def public_tip(world):
    tip, code = tip_submit_public(district=world.district_a, what_seen=WHAT_SEEN)
    TipNote.objects.create(tip=tip, kind="tipster", text="An earlier addition about a white van")
    return tip, code


def test_the_tipster_adds_information_with_the_right_code_and_never_sees_earlier_text(public_tip):
    tip, code = public_tip
    response = Client().post(
        "/report/follow-up/", {"reference": tip.reference.lower(), "secret": code, "text": "The van number is MH12"}
    )
    assert response.status_code == 200 and 'data-testid="follow-up-added"' in response.content.decode()
    assert TipNote.objects.filter(tip=tip, kind="tipster").count() == 2
    assert TipNote.objects.filter(tip=tip, kind="tipster").latest("created_at", "pk").text == "The van number is MH12"
    page = response.content.decode()
    assert WHAT_SEEN not in page and "white van" not in page and "MH12" not in page
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_code_adds_nothing_and_reveals_nothing(public_tip):
    tip, code = public_tip
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    response = Client().post("/report/follow-up/", {"reference": tip.reference, "secret": wrong, "text": "More"})
    assert response.context["form"].errors["secret"] == ["The reference or the code is not right."]
    assert TipNote.objects.filter(tip=tip).count() == 1
    page = response.content.decode()
    assert WHAT_SEEN not in page and "white van" not in page
    unknown = Client().post("/report/follow-up/", {"reference": "T-NOSUCH00", "secret": code, "text": "More"})
    assert unknown.context["form"].errors["secret"] == ["The reference or the code is not right."]


def test_follow_ups_are_rate_limited(public_tip):
    tip, code = public_tip
    client, wrong = Client(), f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(10):
        client.post("/report/follow-up/", {"reference": tip.reference, "secret": wrong, "text": "guess"})
    response = client.post("/report/follow-up/", {"reference": tip.reference, "secret": code, "text": "real"})
    assert response.status_code == 429
    assert TipNote.objects.filter(tip=tip).count() == 1


def test_the_public_pages_render_in_hindi(world, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    for path in ("/report/", "/report/follow-up/"):
        response = client.get(path)
        assert response.status_code == 200 and 'lang="hi"' in response.content.decode()
