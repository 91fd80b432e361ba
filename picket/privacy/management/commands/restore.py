"""``picket restore PATH [--yes] [--verify-only]``: rebuild a new, empty installation from a backup."""

from __future__ import annotations

import sys
from argparse import ArgumentParser, RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from picket.privacy.backup import (
    ArchiveReport,
    BackupError,
    check_target,
    migration_differences,
    restore_archive,
    tables_with_rows,
    verify_archive,
)
from picket.privacy.keyring import KeyringError, load_keyring

HELP = """Restore an archive made by `picket backup` into a new installation (docs/adr/0009).

The target must be empty: a database on which only `picket migrate` has run (at the same migrations as the
archive's) and an empty media directory. The archive is verified completely first (every chunk, every digest,
every file's key); then everything is loaded in one transaction, and the files are moved into MEDIA_ROOT only
after it commits. On any error nothing is written.

It needs the keyring of the installation that made the backup (or a later one of the same installation: keys
added by rotation do not matter, but a retired key makes the backups made under it unreadable).
Everyone signs in again afterwards: sessions are not backed up."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return super().create_parser(prog_name, subcommand, formatter_class=RawDescriptionHelpFormatter, **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="the archive (.pkbk)")
        parser.add_argument("--yes", action="store_true", help="restore without asking for confirmation")
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="check that the archive is complete and decrypts with this keyring; write nothing (any installation)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        self.verbosity = int(options["verbosity"])
        try:
            keyring = load_keyring()
            report = verify_archive(path, keyring=keyring)
            self._describe(report)
            if options["verify_only"]:
                self._compatibility(report)
                return
            check_target(report)
            if not options["yes"]:
                self._confirm(report)
            result = restore_archive(path, report=report, keyring=keyring)
        except (BackupError, KeyringError) as error:
            raise CommandError(f"restore failed: {error}") from None
        self.stdout.write(
            f"Restored {sum(result.rows.values())} rows and {result.files} media files into "
            f"{settings.DATABASES['default']['NAME']} and {settings.MEDIA_ROOT}."
        )
        self.stdout.write(f"Restored {result.audit}.")
        self.stdout.write("Everyone signs in again: sessions are not part of a backup.")

    def _describe(self, report: ArchiveReport) -> None:
        fields = report.header.fields
        rows = sum(report.rows.values())
        self.stdout.write(
            f"Archive made {fields['created_at']} by Picket {fields['picket_version']} ({fields['database']}), "
            f"key '{report.header.key_id}': verified, {rows} rows and {len(report.files)} media files."
        )
        if self.verbosity > 1:
            for table, count in report.rows.items():
                self.stdout.write(f"  {table}: {count}")
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")

    def _compatibility(self, report: ArchiveReport) -> None:
        ahead, behind = migration_differences(report.header)
        if ahead or behind:
            self.stdout.write(
                f"Migrations differ from this installation's ({len(ahead)} only in the archive, {len(behind)} only "
                "here): it restores into an installation of the Picket version that made it."
            )
        elif tables_with_rows():
            self.stdout.write("This installation holds data: the archive restores only into a new one.")
        else:
            self.stdout.write("It can be restored into this installation.")

    def _confirm(self, report: ArchiveReport) -> None:
        if not sys.stdin.isatty():
            raise CommandError("restore asks for confirmation; pass --yes to restore without a terminal")
        target = f"database {connection.settings_dict['NAME']} and media directory {settings.MEDIA_ROOT}"
        answer = input(f"Restore this archive into {target}? Type 'yes' to continue: ")
        if answer.strip().lower() != "yes":
            raise CommandError("restore cancelled; nothing was written")
