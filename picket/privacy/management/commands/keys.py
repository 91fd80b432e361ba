"""``picket keys status|rotate|reencrypt|retire``: manage the data-encryption keys."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.privacy.keyring import KeyringError, load_keyring
from picket.privacy.rotation import add_active_key, key_usage, reencrypt_files, reencrypt_rows, retire_key


class Command(BaseCommand):
    help = "Show key usage, rotate the data key, re-encrypt under the active key, or retire an unused key."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="which keys encrypt how many values")
        rotate = sub.add_parser("rotate", help="add a new active key and re-encrypt everything under it")
        rotate.add_argument("--batch-size", type=int, default=500)
        again = sub.add_parser("reencrypt", help="re-encrypt values and files not under the active key")
        again.add_argument("--batch-size", type=int, default=500)
        retire = sub.add_parser(
            "retire",
            help="remove a key that nothing uses any more; backups made under it can then no longer be restored, "
            "so retire a key only after the backups made before its rotation have expired",
        )
        retire.add_argument("key_id")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except KeyringError as error:
            raise CommandError(str(error)) from None

    def _status(self, options: dict[str, Any]) -> None:
        keyring = load_keyring()
        usage = key_usage()
        for key_id in sorted(keyring.data_keys):
            marker = " (active)" if key_id == keyring.active_id else ""
            total = sum(usage.get(key_id, {}).values())
            self.stdout.write(f"{key_id}{marker}: {total} values")
        unknown = sorted(set(usage) - set(keyring.data_keys))
        if unknown:
            raise CommandError(f"values encrypted under keys missing from the keyring: {', '.join(unknown)}")

    def _rotate(self, options: dict[str, Any]) -> None:
        keyring = add_active_key()
        self.stdout.write(f"New active key: {keyring.active_id}")
        audit_record(action=AuditAction.KEY_ROTATION, detail={"key_id": keyring.active_id, "kind": "rotate"})
        self._reencrypt(options)

    def _reencrypt(self, options: dict[str, Any]) -> None:
        key_id = load_keyring().active_id
        counts = reencrypt_rows(key_id=key_id, batch_size=options["batch_size"])
        files = reencrypt_files(key_id=key_id)
        rows = sum(counts.values())
        self.stdout.write(f"Re-encrypted {rows} rows and {files} files under key {key_id}.")
        audit_record(
            action=AuditAction.KEY_ROTATION,
            detail={"key_id": key_id, "kind": "reencrypt", "rows": rows, "count": files},
        )

    def _retire(self, options: dict[str, Any]) -> None:
        retire_key(options["key_id"])
        self.stdout.write(f"Retired key {options['key_id']}.")
        audit_record(action=AuditAction.KEY_ROTATION, detail={"key_id": options["key_id"], "kind": "retire"})
