"""``picket intake import --kind missing|found|odk --as USERNAME FILE [--all-or-nothing]``.

The import runs as the named user: their role must allow registering children, and each row's district must
lie in their jurisdiction. Prints the report; exits 1 if any row was rejected, 2 if the file was refused.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from picket.accounts.access import actor_for
from picket.accounts.models import User
from picket.audit.context import audit_context
from picket.intake.imports import ImportFileError, import_found_csv, import_missing_csv
from picket.intake.imports_odk import import_odk_submissions

IMPORTERS = {"missing": import_missing_csv, "found": import_found_csv, "odk": import_odk_submissions}
MAX_FILE_BYTES = 100 * 1024 * 1024


class Command(BaseCommand):
    help = "Import missing and found children (tracing interchange CSV) or ODK / KoboToolbox submissions."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="import one file; each row is checked and written on its own")
        importer.add_argument("file", type=Path)
        importer.add_argument("--kind", choices=sorted(IMPORTERS), required=True,
                              help="missing.csv, found.csv (or .xlsx), or an ODK / KoboToolbox export")  # fmt: skip
        importer.add_argument("--as", dest="username", required=True,
                              help="the user whose role and jurisdiction apply (the records are theirs)")  # fmt: skip
        importer.add_argument("--all-or-nothing", action="store_true",
                              help="import nothing if any row is bad (default: import the good rows)")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user '{options['username']}'", returncode=2)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"{path} is larger than 100 MB; split it", returncode=2)
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}", returncode=2) from None
        try:
            with audit_context(user=user):
                report = IMPORTERS[options["kind"]](
                    actor=actor_for(user), data=data, filename=path.name, all_or_nothing=options["all_or_nothing"]
                )
        except PermissionDenied:
            raise CommandError(f"user '{user.username}' may not register children", returncode=2) from None
        except ImportFileError as error:
            raise CommandError(f"{error}. Nothing was imported.", returncode=2) from None
        for line in report.lines():
            self.stdout.write(line)
        if report.rejected:
            raise CommandError(f"{len(report.rejected_rows)} row(s) rejected", returncode=1)
