"""Repeat offenders: the same accused across cases, by name across scripts and spellings, and by phone."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.accounts.services import api_token_create
from picket.prosecution import services
from picket.prosecution.models import AccusedNameKey
from picket.prosecution.repeat_offenders import repeat_offender_candidates
from picket.prosecution.tests.factories import actor, police_case
from picket.testing.auth import login_verified
from picket.testing.rolematrix import SEATS, assert_access, seat_id

pytestmark = pytest.mark.django_db


def _register(officer, name, *, district, phone="", aliases=""):
    return services.accused_person_register(actor=actor(officer), name=name, district=district, phone=phone,
                                            aliases=aliases)  # fmt: skip


@pytest.fixture
def people(world, officer):
    a = _register(officer, "Kalu Ram Yadav", district=world.district_a, phone="98765 43210")
    return {
        "first": a,
        "devanagari": _register(officer, "कालू राम यादव", district=world.district_a),
        "spelling": _register(officer, "Kaalu Raam", district=world.district_a, aliases="Kallu"),
        "phone": _register(officer, "Suresh Kumar", district=world.district_a, phone="+91 98765-43210"),
        "other": _register(officer, "Mohan Lal Sharma", district=world.district_a),
        "outside": _register(world.user(Role.LEGAL_OFFICER, inside=False), "Kalu Ram Yadav",
                             district=world.district_b, phone="9876543210"),
    }  # fmt: skip


def test_names_across_scripts_and_the_same_phone_are_found_in_scope_only(world, officer, people):
    case = police_case(world, officer)
    services.case_accused_add(actor=actor(officer), police_case=case, accused=people["devanagari"])
    found = {c.person.pk: c for c in repeat_offender_candidates(actor=actor(officer), person=people["first"])}
    assert people["devanagari"].pk in found and found[people["devanagari"].pk].case_references == [case.reference]
    assert people["spelling"].pk in found
    assert found[people["phone"].pk].reasons == ["phone"]
    assert people["other"].pk not in found and people["outside"].pk not in found
    assert not any(len(k.key) != 32 for k in AccusedNameKey.objects.all())  # keyed hashes, never names


def test_the_command_rebuilds_keys(people, capsys):
    AccusedNameKey.objects.all().delete()
    call_command("prosecution", "reindex-accused")
    assert "6 accused persons" in capsys.readouterr().out
    assert AccusedNameKey.objects.filter(accused=people["first"]).exists()


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_accused_page_and_api(world, people, seat):
    user = world.user(seat.role, inside=seat.inside)
    allowed = seat.inside and seat.role in {Role.CASE_WORKER, Role.LEGAL_OFFICER, Role.DISTRICT_COORDINATOR,
                                            Role.STATE_PROGRAMME_MANAGER}  # fmt: skip
    response = login_verified(Client(), user).get(f"/prosecution/accused/{people['first'].reference}/")
    assert_access(response, allowed=allowed)
    if allowed:
        assert people["devanagari"].reference in response.content.decode()
    _row, token = api_token_create(actor=actor_for(user), name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api.get(f"/api/v1/prosecution/accused-persons/{people['first'].reference}/matches")
    assert_access(response, allowed=allowed)
    if allowed:
        references = {row["reference"] for row in json.loads(response.content)}
        assert people["phone"].reference in references and people["outside"].reference not in references


def test_the_same_common_name_with_another_father_is_another_person(world, officer):
    def register(name, father):
        return services.accused_person_register(actor=actor(officer), name=name, father_name=father,
                                                district=world.district_a)  # fmt: skip

    first = register("Ramesh Kumar", "Suresh Prasad")
    same_in_devanagari = register("रमेश कुमार", "सुरेश प्रसाद")
    other_father = register("Ramesh Kumar", "Mahesh Yadav")
    father_unknown = register("Ramesh Kumar", "")
    found = {c.person.pk: c for c in repeat_offender_candidates(actor=actor(officer), person=first)}
    assert found[same_in_devanagari.pk].reasons == ["name", "father_name"]
    assert other_father.pk not in found
    assert found[father_unknown.pk].reasons == ["name"]  # a missing father's name neither links nor parts them
    assert next(iter(found)) == same_in_devanagari.pk  # the same father ranks first
    mirrored = {c.person.pk for c in repeat_offender_candidates(actor=actor(officer), person=other_father)}
    assert first.pk not in mirrored and same_in_devanagari.pk not in mirrored and father_unknown.pk in mirrored


def test_another_father_does_not_hide_the_same_phone(world, officer):
    first = services.accused_person_register(actor=actor(officer), name="Ramesh Kumar", father_name="Suresh Prasad",
                                             phone="9876500001", district=world.district_a)  # fmt: skip
    second = services.accused_person_register(actor=actor(officer), name="Ramesh Kumar", father_name="Mahesh",
                                              phone="9876500001", district=world.district_a)  # fmt: skip
    found = {c.person.pk: c for c in repeat_offender_candidates(actor=actor(officer), person=first)}
    assert found[second.pk].same_phone and not found[second.pk].same_father


def test_fathers_names_are_keyed_apart_from_names_and_set_through_the_api(world, officer):
    _row, token = api_token_create(actor=actor(officer), name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    created = []
    for name, father in (("Suresh Prasad", "Ramesh Kumar"), ("Ramesh Kumar", "Suresh Prasad")):
        response = api.post("/api/v1/prosecution/accused-persons", {
            "name": name, "father_name": father, "district_code": world.district_a.lgd_code,
        }, content_type="application/json")  # fmt: skip
        assert response.status_code == 201, response.content
        created.append(json.loads(response.content)["reference"])
    assert services.AccusedPerson.objects.get(reference=created[1]).father_name == "Suresh Prasad"
    # a name that is someone else's father's name is not a match: the keys live under different purposes
    response = api.get(f"/api/v1/prosecution/accused-persons/{created[0]}/matches")
    assert json.loads(response.content) == []
