"""Account and geography services write their events in the same transaction, without personal data."""

import pytest
from django.core.exceptions import ValidationError

from picket.accounts import services
from picket.accounts.access import actor_for
from picket.accounts.roles import JurisdictionKind, OrganisationKind, Role
from picket.audit.models import AuditEvent
from picket.audit.tests.helpers import every_column_text, verify
from picket.geo.lgd_files import parse_lgd
from picket.geo.models import SuccessionKind
from picket.geo.services import district_succession_record, geography_import_file
from picket.geo.tests.test_lgd_files import STATES
from picket.testing.factories import DistrictFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple 42"


def _coordinator(world):
    user = world.user(Role.DISTRICT_COORDINATOR, inside=True)
    return user, actor_for(user)


def test_creating_an_organisation_writes_one_create_event_without_its_name(world):
    user, actor = _coordinator(world)
    organisation = services.organisation_create(
        actor=actor, name="Zebra Shelter Trust", kind=OrganisationKind.CWC, districts=[world.district_a]
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == (
        "create",
        "accounts.organisation",
        str(organisation.pk),
    )
    assert (event.actor_id, event.actor_username, event.actor_role) == (user.pk, user.username, user.role)
    assert event.detail == {"fields": ["districts", "kind", "name"]}
    assert not any("Zebra" in text for text in every_column_text())
    assert "intact: 1 events" in verify()


def test_a_refused_change_writes_no_event(world):
    _, actor = _coordinator(world)
    with pytest.raises(ValidationError):
        services.organisation_create(
            actor=actor, name="Elsewhere", kind=OrganisationKind.CWC, districts=[world.district_b]
        )
    assert not AuditEvent.objects.exists()


def test_updating_an_organisation_names_the_changed_fields_only(world):
    _, actor = _coordinator(world)
    organisation = world.new_organisation_in_a()
    services.organisation_update(
        actor=actor,
        organisation=organisation,
        name="Quiet Harbour Home",
        kind=organisation.kind,
        districts=[world.district_a],
        is_active=True,
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.detail) == ("update", str(organisation.pk), {"fields": ["name"]})
    assert not any("Quiet Harbour" in text for text in every_column_text())


def test_user_administration_is_recorded_as_admin_actions(world):
    _, actor = _coordinator(world)
    created = services.user_create(
        actor=actor,
        username="meera.k",
        full_name="Meera Kumari",
        email="meera@example.invalid",
        password=PASSWORD,
        role=Role.FIELD_WORKER,
        organisation=world.organisation_a,
        jurisdiction_kind=JurisdictionKind.DISTRICTS,
        jurisdiction_districts=[world.district_a],
    )
    services.user_update(
        actor=actor,
        user=created,
        full_name="Meera K. Devi",
        email="meera@example.invalid",
        role=Role.CASE_WORKER,
        organisation=world.organisation_a,
        jurisdiction_kind=JurisdictionKind.DISTRICTS,
        jurisdiction_districts=[world.district_a],
    )
    services.user_set_password(actor=actor, user=created, password=PASSWORD + "!")
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [(e.action, e.object_id) for e in events] == [("admin_action", str(created.pk))] * 3
    assert [e.detail for e in events] == [
        {"kind": "user_create", "role": "field_worker"},
        {"kind": "user_update", "role": "case_worker", "fields": ["full_name", "role"]},
        {"kind": "password_set"},
    ]
    texts = every_column_text()
    assert not any("Meera" in text or "example.invalid" in text or PASSWORD in text for text in texts)


def test_api_tokens_are_recorded_but_never_the_token(world):
    user, actor = _coordinator(world)
    row, token = services.api_token_create(actor=actor, name="Field tablet", days=30)
    services.api_token_revoke(actor=actor, token=row)
    services.api_token_revoke(actor=actor, token=row)  # already revoked: nothing happens, nothing recorded
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [(e.object_type, e.detail) for e in events] == [
        ("accounts.apitoken", {"kind": "api_token_create", "days": 30}),
        ("accounts.apitoken", {"kind": "api_token_revoke"}),
    ]
    assert all(e.actor_id == user.pk for e in events)
    assert not any(token in text or row.digest in text for text in every_column_text())


def test_setting_ones_language_is_not_audited(world):
    services.user_set_language(user=world.user(Role.CASE_WORKER, inside=True), language="hi")
    assert not AuditEvent.objects.exists()


def test_a_geography_import_is_recorded_with_its_counts(world):
    user = world.user(Role.ADMINISTRATOR, inside=True)
    geography_import_file(lgd_file=parse_lgd("states.csv", STATES.encode()), user=user)
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.actor_id) == ("admin_action", "geo.state", user.pk)
    assert event.detail["kind"] == "geography_import"
    assert event.detail["added"] + event.detail["updated"] + event.detail["unchanged"] == event.detail["rows"]


def test_a_district_succession_is_recorded(world):
    north, south = DistrictFactory.create(state=world.state_a), DistrictFactory.create(state=world.state_a)
    district_succession_record(predecessor=world.district_a2, successors=[north, south], kind=SuccessionKind.SPLIT)
    event = AuditEvent.objects.get()
    assert (event.object_type, event.object_id) == ("geo.district", str(world.district_a2.pk))
    assert event.detail == {
        "kind": "district_succession",
        "succession": "split",
        "successor_ids": [str(north.pk), str(south.pk)],
    }
