"""Appending events: same transaction as the change, actor and address from the context, allow-listed detail."""

import pytest
from django.db import IntegrityError, transaction

from picket.accounts.roles import Role
from picket.audit.context import audit_context
from picket.audit.detail import ALLOWED_DETAIL_KEYS, clean_detail, displayable_detail
from picket.audit.models import AuditAction, AuditChainHead, AuditEvent, AuditOutcome
from picket.audit.services import audit_denied, audit_login, audit_login_failed, audit_logout, audit_record
from picket.audit.tests.helpers import verify
from picket.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_event_names_the_user_and_copies_username_and_role(world):
    user = world.user(Role.CASE_WORKER, inside=True)
    event = audit_record(action=AuditAction.VIEW_IDENTITY, object_type="people.child", object_id=42, user=user)
    event.refresh_from_db()
    assert (event.actor_id, event.actor_username, event.actor_role) == (user.pk, user.username, Role.CASE_WORKER)
    assert (event.object_type, event.object_id, event.outcome) == ("people.child", "42", AuditOutcome.SUCCESS)
    assert event.ip_address is None


def test_the_context_supplies_user_and_address_and_an_explicit_user_wins(world):
    inside = world.user(Role.CASE_WORKER, inside=True)
    other = world.user(Role.FIELD_WORKER, inside=True)
    with audit_context(user=inside, ip_address="2001:DB8::1"):
        from_context = audit_record(action=AuditAction.SEARCH)
        explicit = audit_record(action=AuditAction.SEARCH, user=other)
    outside = audit_record(action=AuditAction.SEARCH)
    assert (from_context.actor_id, from_context.ip_address) == (inside.pk, "2001:db8::1")
    assert (explicit.actor_id, explicit.ip_address) == (other.pk, "2001:db8::1")
    assert (outside.actor_id, outside.ip_address, outside.actor_username) == (None, None, "")
    assert "intact: 3 events" in verify()


def test_a_rolled_back_transaction_leaves_no_event_and_the_chain_verifies(world):
    audit_record(action=AuditAction.SEARCH)

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        OrganisationFactory.create(name="Rolled Back")
        audit_record(action=AuditAction.CREATE, object_type="accounts.organisation", object_id=1)
        raise Abandon
    assert AuditEvent.objects.count() == 1
    assert AuditChainHead.objects.get().last_sequence == 1
    audit_record(action=AuditAction.SEARCH)
    assert list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True)) == [1, 2]
    assert "intact: 2 events" in verify()


def test_an_event_inside_a_transaction_commits_with_it(world):
    with transaction.atomic():
        audit_record(action=AuditAction.CREATE, object_type="x.y", object_id=1)
        audit_record(action=AuditAction.UPDATE, object_type="x.y", object_id=1)
    assert AuditEvent.objects.count() == 2
    assert "intact: 2 events" in verify()


def test_a_failed_append_fails_the_enclosing_transaction(world):
    audit_record(action=AuditAction.SEARCH)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory.create(name="Never Saved")
        # A second event claiming sequence 1 (as a tampered head would make it) cannot be swallowed.
        AuditChainHead.objects.filter(pk=1).update(last_sequence=0)
        audit_record(action=AuditAction.CREATE)
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


@pytest.mark.parametrize(
    ("detail", "complaint"),
    [
        ({"name": "Asha"}, "not in the allow-list"),
        ({"phone": "98xxxxxxxx"}, "not in the allow-list"),
        ({"count": 1.5}, "type float"),
        ({"filters": {"q": "Asha"}}, "type dict"),
        ({"filters": ["q", 3]}, "list of strings"),
        ({"reason": "x" * 201}, "longer than 200"),
        ({"fields": ["f"] * 101}, "more than 100"),
    ],
)
def test_detail_outside_the_allow_list_is_refused(detail, complaint):
    with pytest.raises(ValueError, match=complaint):
        audit_record(action=AuditAction.SEARCH, detail=detail)
    assert not AuditEvent.objects.exists()


def test_an_error_about_detail_never_repeats_the_value():
    with pytest.raises(ValueError) as caught:
        clean_detail({"reason": "Asha Devi " * 30})
    assert "Asha" not in str(caught.value)


def test_allowed_detail_is_stored_as_plain_json():
    cleaned = clean_detail({"fields": ("name", "kind"), "count": 3, "kind": Role.CASE_WORKER, "reason": None})
    assert cleaned == {"fields": ["name", "kind"], "count": 3, "kind": "case_worker", "reason": None}
    assert type(cleaned["kind"]) is str


def test_only_allow_listed_detail_is_ever_displayed():
    shown = displayable_detail({"fields": ["name", "kind"], "count": 2, "name": "Asha", "nested": {"a": 1}})
    assert shown == [("count", "2"), ("fields", "name, kind")]
    assert set(ALLOWED_DETAIL_KEYS) >= {"fields", "count", "filters", "format", "reason", "path", "method"}


@pytest.mark.parametrize(("action", "outcome"), [("nonsense", "success"), ("search", "nonsense")])
def test_unknown_actions_and_outcomes_are_refused(action, outcome):
    with pytest.raises(ValueError, match="unknown audit"):
        audit_record(action=action, outcome=outcome)


def test_a_denial_records_the_reason_and_the_path(world):
    user = world.user(Role.ANALYST, inside=True)
    with audit_context(user=user, ip_address="10.1.2.3", path="/people/7/", method="GET"):
        event = audit_denied(object_type="people.child", object_id=7, reason="identity.view")
    assert (event.action, event.outcome, event.actor_id) == (AuditAction.PERMISSION_DENIED, "denied", user.pk)
    assert event.detail == {"reason": "identity.view", "path": "/people/7/", "method": "GET"}


def test_a_long_denial_reason_is_cut_rather_than_refused():
    event = audit_denied(object_type="page", object_id=None, reason="r" * 500)
    assert len(event.detail["reason"]) == 200


def test_sign_in_helpers(world):
    user = world.user(Role.CASE_WORKER, inside=True)
    assert audit_login(user=user).action == AuditAction.LOGIN
    assert audit_logout(user=user).action == AuditAction.LOGOUT
    failed = audit_login_failed(user=user)
    assert (failed.outcome, failed.actor_id) == (AuditOutcome.FAILED, user.pk)
    unknown = audit_login_failed()
    assert (unknown.actor_id, unknown.object_id, unknown.detail) == (None, "", {})
