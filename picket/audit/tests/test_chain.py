"""The hash chain: an untouched log verifies; altering or deleting any row is detected and named."""

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from picket.audit.chain import GENESIS_HASH
from picket.audit.integrity import ExpectedHead, verify_chain
from picket.audit.models import AuditAction, AuditChainHead, AuditEvent, AuditLogImmutable
from picket.audit.services import audit_record
from picket.audit.tests.helpers import verify
from picket.privacy.keyring import load_keyring

pytestmark = pytest.mark.django_db


def _log(count=10):
    for number in range(count):
        audit_record(action=AuditAction.VIEW_IDENTITY, object_type="people.child", object_id=number + 1)


def _broken_message():
    with pytest.raises(CommandError) as caught:
        verify()
    assert caught.value.returncode == 1
    return str(caught.value)


def test_an_empty_log_verifies():
    assert "audit log intact: 0 events" in verify()


def test_an_untouched_log_verifies_and_prints_its_head():
    _log(10)
    output = verify()
    head = AuditChainHead.objects.get()
    assert "audit log intact: 10 events" in output
    assert f"head: 10:{head.last_hash}" in output


def test_events_are_contiguous_and_linked():
    _log(5)
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [event.sequence for event in events] == [1, 2, 3, 4, 5]
    assert events[0].previous_hash == GENESIS_HASH
    for earlier, later in itertools.pairwise(events):
        assert later.previous_hash == earlier.hash
    head = AuditChainHead.objects.get()
    assert (head.last_sequence, head.last_hash) == (5, events[-1].hash)


def test_a_row_altered_in_the_database_is_named():
    _log(10)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_id = %s WHERE sequence = %s", ["999", 7])
    assert _broken_message() == "audit log broken at event 7: hash mismatch (the row was altered)"


@pytest.mark.parametrize("column", ["actor_username", "action", "outcome", "detail", "ip_address", "occurred_at"])
def test_altering_any_column_is_detected(column):
    _log(3)
    values = {
        "actor_username": "someone",
        "action": "create",
        "outcome": "failed",
        "detail": '{"count": 1}',
        "ip_address": "10.0.0.9",
        "occurred_at": "2020-01-01 00:00:00",
    }
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE audit_auditevent SET {column} = %s WHERE sequence = 2", [values[column]])  # noqa: S608
    assert "at event 2: hash mismatch" in _broken_message()


def test_a_row_whose_hash_was_replaced_is_named():
    _log(4)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET hash = %s WHERE sequence = 3", ["f" * 64])
    assert "at event 3:" in _broken_message()


def test_a_deleted_row_is_named():
    _log(10)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = 4")
    assert _broken_message() == "audit log broken at event 4: event 4 is missing (deleted)"


def test_a_deleted_last_row_is_named():
    _log(10)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = 10")
    assert _broken_message() == "audit log broken at event 10: head says 10 events, log ends at 9"


def test_a_deleted_first_row_is_named():
    _log(3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = 1")
    assert "at event 1: event 1 is missing" in _broken_message()


def test_a_deleted_head_is_detected():
    _log(3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditchainhead")
    assert "head row is missing" in _broken_message()


def test_a_head_moved_back_is_detected():
    _log(5)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditchainhead SET last_sequence = 3")
    assert "at event 3: the head's hash does not match" in _broken_message()


def test_truncation_with_the_head_is_caught_only_against_a_recorded_head():
    _log(6)
    recorded = AuditChainHead.objects.get()
    kept = AuditEvent.objects.get(sequence=4)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence > 4")
        cursor.execute("UPDATE audit_auditchainhead SET last_sequence = 4, last_hash = %s", [kept.hash])
    assert "audit log intact: 4 events" in verify()  # the documented limit
    with pytest.raises(CommandError, match="at event 5: the head recorded outside the database names event 6"):
        call_command("audit", "verify", "--expect-head", f"6:{recorded.last_hash}")


def test_a_recorded_head_that_differs_is_reported():
    _log(3)
    with pytest.raises(CommandError, match="at event 2: hash differs from the head recorded outside"):
        call_command("audit", "verify", "--expect-head", "2:" + "a" * 64)


def test_a_malformed_recorded_head_is_refused():
    with pytest.raises(CommandError, match="--expect-head"):
        call_command("audit", "verify", "--expect-head", "nonsense")


def test_verify_walks_in_batches():
    _log(11)
    verdict = verify_chain(key=load_keyring().audit_key, batch_size=3)
    assert verdict.intact and verdict.events == 11
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = 7")
    verdict = verify_chain(key=load_keyring().audit_key, batch_size=3)
    assert (verdict.broken_at, verdict.events) == (7, 6)


def test_a_different_audit_key_fails_at_the_first_event_with_a_hint():
    _log(2)
    verdict = verify_chain(key=b"\x01" * 32)
    assert verdict.broken_at == 1
    assert "audit key" in verdict.message


def test_an_event_beyond_the_head_is_detected():
    _log(2)
    first = AuditEvent.objects.get(sequence=1)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditchainhead SET last_sequence = 1, last_hash = %s", [first.hash])
    assert (
        _broken_message() == "audit log broken at event 2: events up to 2 lie beyond the head (added outside the chain)"
    )


def test_expected_head_parsing():
    assert ExpectedHead.parse("12:" + "AB" * 32) == ExpectedHead(12, "ab" * 32)
    with pytest.raises(ValueError, match="SEQUENCE:HASH"):
        ExpectedHead.parse("12:abc")


class TestAppendOnlyInTheOrm:
    def test_an_event_cannot_be_saved_again(self):
        event = audit_record(action=AuditAction.SEARCH)
        event.object_id = "1"
        with pytest.raises(AuditLogImmutable):
            event.save()

    def test_an_event_cannot_be_deleted(self):
        event = audit_record(action=AuditAction.SEARCH)
        with pytest.raises(AuditLogImmutable):
            event.delete()

    @pytest.mark.parametrize(
        "change",
        [
            lambda events: events.update(object_id="1"),
            lambda events: events.delete(),
            lambda events: events.bulk_update(list(events), ["object_id"]),
            lambda events: events.bulk_create([AuditEvent(sequence=99)]),
            lambda events: events.update_or_create(sequence=1, defaults={"object_id": "1"}),
        ],
    )
    def test_querysets_refuse_changes(self, change):
        audit_record(action=AuditAction.SEARCH)
        with pytest.raises(AuditLogImmutable):
            change(AuditEvent.objects.all())
        assert "audit log intact: 1 events" in verify()
