"""``picket audit verify``: check the audit log's hash chain from the first event to the head."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from picket.audit.integrity import BATCH_SIZE, ExpectedHead, verify_chain
from picket.privacy.keyring import KeyringError, load_keyring


def _expected_head(text: str) -> ExpectedHead:
    try:
        return ExpectedHead.parse(text)
    except ValueError as error:
        raise CommandError(f"--expect-head: {error}") from None


class Command(BaseCommand):
    help = "Check the audit log: every event's HMAC, the links between events, and the head."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify",
            help="recompute the hash chain; exits 1 and names the first broken event if any row was altered or deleted",
        )
        verify.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="events read per query")
        verify.add_argument(
            "--expect-head",
            metavar="SEQUENCE:HASH",
            help="a head printed by an earlier run and kept outside the database; detects a truncated log",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expected = _expected_head(options["expect_head"]) if options.get("expect_head") else None
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            key = load_keyring().audit_key
        except KeyringError as error:
            raise CommandError(str(error)) from None
        verdict = verify_chain(key=key, batch_size=options["batch_size"], expected=expected)
        if verdict.intact:
            self.stdout.write(verdict.message)
        # Operators keep this line outside the database (e.g. a daily email) and pass it back with
        # --expect-head: it is what detects a log whose last events were deleted together with the head row.
        self.stdout.write(f"head: {verdict.head_sequence}:{verdict.head_hash}")
        if not verdict.intact:
            raise CommandError(verdict.message, returncode=1)
