"""Checking the chain: every event's HMAC, the links between events, contiguous sequences, and the head.

Events are read in sequence order in batches by keyset (``sequence > last seen``), so memory stays constant
however long the log. The head is read *before* the walk and only events up to it are checked; events
appended while the check runs are left for the next run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from picket.audit.chain import GENESIS_HASH, HASHED_FIELDS, event_hash
from picket.audit.models import HEAD_ID, AuditChainHead, AuditEvent

BATCH_SIZE = 2000
_COLUMNS = (*HASHED_FIELDS, "hash")


@dataclass(frozen=True)
class ExpectedHead:
    """A head recorded outside the database (e.g. from yesterday's report): event ``sequence`` had ``hash``."""

    sequence: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> ExpectedHead:
        sequence, _, digest = text.partition(":")
        if not sequence.isdigit() or len(digest) != 64:
            raise ValueError("expected SEQUENCE:HASH, e.g. 1234:3f5a… (64 hex digits)")
        return cls(int(sequence), digest.lower())


@dataclass(frozen=True)
class Verdict:
    events: int  # events checked
    head_sequence: int
    head_hash: str
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem

    @property
    def message(self) -> str:
        if self.intact:
            return f"audit log intact: {self.events} events"
        if self.broken_at is None:
            return f"audit log broken: {self.problem}"
        return f"audit log broken at event {self.broken_at}: {self.problem}"


def _rows(up_to: int, batch_size: int) -> Iterator[dict[str, Any]]:
    cursor = 0
    while True:
        batch = list(
            AuditEvent.objects.filter(sequence__gt=cursor, sequence__lte=up_to)
            .order_by("sequence")
            .values(*_COLUMNS)[:batch_size]
        )
        if not batch:
            return
        yield from batch
        cursor = batch[-1]["sequence"]


def verify_chain(*, key: bytes, batch_size: int = BATCH_SIZE, expected: ExpectedHead | None = None) -> Verdict:
    highest = AuditEvent.objects.aggregate(highest=Max("sequence"))["highest"]  # read before the head
    head = AuditChainHead.objects.filter(pk=HEAD_ID).first()
    if head is None:
        if highest is None and expected is None:
            return Verdict(events=0, head_sequence=0, head_hash=GENESIS_HASH)
        return Verdict(0, 0, GENESIS_HASH, None, "the chain head row is missing (deleted)")

    def broken(at: int | None, problem: str, checked: int) -> Verdict:
        return Verdict(checked, head.last_sequence, head.last_hash, at, problem)

    previous_hash, expected_sequence = GENESIS_HASH, 1
    for row in _rows(head.last_sequence, batch_size):
        sequence = row["sequence"]
        checked = expected_sequence - 1
        if sequence != expected_sequence:
            return broken(expected_sequence, f"event {expected_sequence} is missing (deleted)", checked)
        if row["previous_hash"] != previous_hash:
            return broken(sequence, f"its link to event {sequence - 1} does not match (events re-linked)", checked)
        if event_hash(key, row) != row["hash"]:
            hint = " — or the keyring's audit key is not the one the log was written with" if sequence == 1 else ""
            return broken(sequence, f"hash mismatch (the row was altered{hint})", checked)
        if expected is not None and sequence == expected.sequence and row["hash"] != expected.hash:
            return broken(sequence, "hash differs from the head recorded outside the database", checked)
        previous_hash, expected_sequence = row["hash"], sequence + 1
    last = expected_sequence - 1
    if last != head.last_sequence:
        return broken(last + 1, f"head says {head.last_sequence} events, log ends at {last}", last)
    if head.last_hash != previous_hash:
        return broken(last, "the head's hash does not match the last event", last)
    if highest is not None and highest > head.last_sequence:
        return broken(
            head.last_sequence + 1, f"events up to {highest} lie beyond the head (added outside the chain)", last
        )
    if expected is not None and expected.sequence > last:
        return broken(
            last + 1,
            f"the head recorded outside the database names event {expected.sequence}, log ends at {last}",
            last,
        )
    return Verdict(events=last, head_sequence=head.last_sequence, head_hash=head.last_hash)
