"""``picket backup [--output PATH]``: write an encrypted archive of the database and the media files."""

from __future__ import annotations

from argparse import ArgumentParser, RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from picket.privacy.backup import BackupError, create_backup, default_backup_path
from picket.privacy.keyring import KeyringError

HELP = """Write a consistent, encrypted archive of the database and the media files (docs/adr/0009).

The archive is encrypted with the keyring's active data key and names that key by its id; it holds no keys.
Keep the keyring (var/keyring.json, or PICKET_KEYRING) safe and apart from the backups: without it no backup
can be restored, and with the backups alone no one can read them.

Retiring a key (`picket keys retire`) makes every backup made under it unreadable: retire a key only after
the backups made before the rotation that replaced it have expired."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return super().create_parser(prog_name, subcommand, formatter_class=RawDescriptionHelpFormatter, **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--output",
            metavar="PATH",
            help="where to write the archive (never overwritten); default var/backups/picket-YYYYmmdd-HHMMSS.pkbk",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"]) if options["output"] else default_backup_path()
        try:
            result = create_backup(output=output)
        except (BackupError, KeyringError) as error:
            raise CommandError(f"backup failed, no archive written: {error}") from None
        rows = sum(result.rows.values())
        tables = sum(1 for count in result.rows.values() if count)
        self.stdout.write(f"Backup written: {result.path}")
        self.stdout.write(
            f"{rows} rows in {tables} tables, {result.files} media files ({result.media_bytes} bytes); "
            f"{result.chunks} chunks encrypted with key '{result.key_id}'"
        )
        if options["verbosity"] > 1:
            for table, count in result.rows.items():
                self.stdout.write(f"  {table}: {count}")
        self.stdout.write(result.audit)
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(f"SHA-256: {result.sha256}")
        self.stdout.write(f"Restoring it needs a keyring holding key '{result.key_id}' (keep the keyring elsewhere).")
