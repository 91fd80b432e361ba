"""The audit pages: who may open them (role matrix), and whose events each supervisor sees."""

import datetime

import pytest
from django.utils import timezone

from picket.accounts.roles import JurisdictionKind, Role
from picket.accounts.tests.expectations import USER_VIEWERS
from picket.audit.context import audit_context
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.audit.tests.helpers import signed_in
from picket.testing.factories import UserFactory
from picket.testing.rolematrix import SEATS, assert_access, seat_id

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)

AUDIT_VIEWERS = USER_VIEWERS  # district coordinators, state programme managers, administrators
PAGES = ["/audit/", "/audit/records/example.record/42/"]


@matrix
@pytest.mark.parametrize("path", PAGES)
def test_audit_pages_are_for_supervisors_only(world, seat, path):
    user = world.user(seat.role, inside=seat.inside)
    response = signed_in(user).get(path)
    allowed = seat.role in AUDIT_VIEWERS
    assert_access(response, allowed=allowed)
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def _views_of_child_42(world):
    inside = world.user(Role.CASE_WORKER, inside=True, username="inside.worker")
    outside = world.user(Role.CASE_WORKER, inside=False, username="outside.worker")
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="example.record", object_id=42, user=inside)
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="example.record", object_id=42, user=outside)
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="example.record", object_id=43, user=inside)
    audit_record(action=AuditAction.SEARCH, object_type="example.record", detail={"filters": ["q"]})  # no actor


@pytest.mark.parametrize("path", PAGES)
def test_a_supervisor_sees_only_events_of_users_in_their_jurisdiction(world, path):
    _views_of_child_42(world)
    inside_page = signed_in(world.user(Role.DISTRICT_COORDINATOR, inside=True)).get(path).content.decode()
    outside_page = signed_in(world.user(Role.DISTRICT_COORDINATOR, inside=False)).get(path).content.decode()
    state_page = signed_in(world.user(Role.STATE_PROGRAMME_MANAGER, inside=True)).get(path).content.decode()
    assert "inside.worker" in inside_page and "outside.worker" not in inside_page
    assert "outside.worker" in outside_page and "inside.worker" not in outside_page
    assert "inside.worker" in state_page and "outside.worker" not in state_page


def test_national_viewers_see_every_event_including_the_systems(world):
    _views_of_child_42(world)
    national = UserFactory.create(role=Role.ADMINISTRATOR, jurisdiction_kind=JurisdictionKind.NATIONAL)
    response = signed_in(national).get("/audit/")
    assert len(response.context["rows"]) == 4
    page = response.content.decode()
    assert "inside.worker" in page and "outside.worker" in page and "system" in page


def test_record_history_lists_every_event_on_the_record_newest_first(world):
    _views_of_child_42(world)
    national = UserFactory.create(role=Role.ADMINISTRATOR, jurisdiction_kind=JurisdictionKind.NATIONAL)
    response = signed_in(national).get("/audit/records/example.record/42/")
    events = [event for event, _ in response.context["rows"]]
    assert [e.actor_username for e in events] == ["outside.worker", "inside.worker"]
    assert all(e.object_id == "42" for e in events)


def test_filters(world):
    _views_of_child_42(world)
    supervisor = world.user(Role.DISTRICT_COORDINATOR, inside=True)
    with audit_context(user=supervisor):
        audit_record(action=AuditAction.ADMIN_ACTION, object_type="accounts.user", object_id=1)
    client = signed_in(supervisor)

    def shown(**query):
        return [(e.action, e.object_type, e.object_id) for e, _ in client.get("/audit/", query).context["rows"]]

    assert shown(action="admin_action") == [("admin_action", "accounts.user", "1")]
    assert shown(actor="INSIDE.worker") == [
        ("view_identity", "example.record", "43"),
        ("view_identity", "example.record", "42"),
    ]
    assert shown(object_type="accounts.user") == [("admin_action", "accounts.user", "1")]
    today = timezone.localdate()
    assert len(shown(date_from=today.isoformat(), date_to=today.isoformat())) == 3
    assert shown(date_to=(today - datetime.timedelta(days=1)).isoformat()) == []
    assert len(shown(date_from="not-a-date")) == 3  # an invalid filter is ignored, not an error


def test_only_allow_listed_detail_is_shown_even_if_a_row_holds_more(world):
    from django.db import connection

    worker = world.user(Role.CASE_WORKER, inside=True)
    audit_record(action=AuditAction.SEARCH, object_type="example.record", detail={"filters": ["q"]}, user=worker)
    with connection.cursor() as cursor:  # as if someone wrote into the table directly
        cursor.execute("""UPDATE audit_auditevent SET detail = '{"filters": ["q"], "name": "Asha Devi"}'""")
    page = signed_in(world.user(Role.DISTRICT_COORDINATOR, inside=True)).get("/audit/").content.decode()
    assert "filters" in page and "Asha" not in page


def test_the_list_page_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    worker = world.user(Role.CASE_WORKER, inside=True)
    for number in range(30):
        audit_record(action=AuditAction.VIEW_IDENTITY, object_type="example.record", object_id=number, user=worker)
    client = signed_in(world.user(Role.DISTRICT_COORDINATOR, inside=True))
    with django_assert_max_num_queries(15):
        assert client.get("/audit/").status_code == 200
