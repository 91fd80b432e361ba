"""``picket monitor import --as USERNAME FILE [--all-or-nothing]``: load an ``ads.csv`` (the columns of
``picket monitor scan``) into the database as the named user (a monitoring analyst).

Exit codes as for ``scan``: 0 every row imported; 1 some rows left out (each listed on stderr with row,
column and reason), the others imported — or, with ``--all-or-nothing``, nothing imported; 2 the file was
refused or the user may not import: nothing imported.
"""

from __future__ import annotations

from argparse import _SubParsersAction
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from picket.accounts.access import actor_for
from picket.accounts.models import User
from picket.monitoring.importing import ads_import
from picket.monitoring.interchange import EXIT_FILE_REFUSED, EXIT_ROWS_LEFT_OUT, ScanError


def add_import_arguments(sub: _SubParsersAction) -> None:
    importer = sub.add_parser("import", help="load a CSV of ads into the database (analysed, networks, alerts)")
    importer.add_argument("--as", dest="username", required=True, help="the user importing (a monitoring analyst)")
    importer.add_argument("--all-or-nothing", action="store_true", help="import nothing if any row is unusable")
    importer.add_argument("file", type=Path, help="CSV with columns id,source,posted_at,city,text")


def handle_import(command: BaseCommand, options: dict[str, Any]) -> None:
    user = User.objects.filter(username=options["username"], is_active=True).first()
    if user is None:
        raise CommandError(f"no active user '{options['username']}'", returncode=EXIT_FILE_REFUSED)
    path: Path = options["file"]
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path.name}: cannot be read ({error.strerror}). Nothing was imported.",
                           returncode=EXIT_FILE_REFUSED) from None  # fmt: skip
    try:
        report = ads_import(
            actor=actor_for(user), data=data, filename=path.name, all_or_nothing=options["all_or_nothing"]
        )
    except PermissionDenied:
        raise CommandError(f"user '{user.username}' may not import ads", returncode=EXIT_FILE_REFUSED) from None
    except ScanError as error:
        raise CommandError(f"{error}. Nothing was imported.", returncode=EXIT_FILE_REFUSED) from None
    for problem in report.left_out:
        command.stderr.write(str(problem))
    command.stdout.write(report.summary())
    if report.left_out:
        raise CommandError(f"{len(report.left_out)} row(s) could not be read", returncode=EXIT_ROWS_LEFT_OUT)
