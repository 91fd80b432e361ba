"""``picket geo import FILE...`` and ``picket geo succession``: maintain the LGD geography."""

from __future__ import annotations

import datetime
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from picket.geo.lgd_files import KIND_ORDER, LgdFileError, parse_lgd_path
from picket.geo.models import District, SuccessionKind
from picket.geo.services import SuccessionError, district_succession_record, geography_import_file


class Command(BaseCommand):
    help = "Import LGD geography exports, or record a district rename, split or merge."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="import LGD CSV exports (states, districts, sub-districts)")
        importer.add_argument("files", nargs="+", type=Path)
        succession = sub.add_parser(
            "succession", help="record that a district's LGD code was retired for one or more new codes"
        )
        succession.add_argument("old_code", type=int, help="LGD code of the retired district")
        succession.add_argument("new_codes", type=int, nargs="+", help="LGD codes of the districts now covering it")
        succession.add_argument("--kind", choices=[k.value for k in SuccessionKind], required=True)
        succession.add_argument("--effective-on", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options["files"])
        else:
            self._succession(options)

    def _import(self, files: list[Path]) -> None:
        # Parse every file first, so that a malformed file is reported before anything is written.
        try:
            parsed = [parse_lgd_path(path) for path in files]
        except LgdFileError as error:
            raise CommandError(f"{error}. Nothing was imported.") from None
        done: list[str] = []
        for lgd_file in sorted(parsed, key=lambda f: KIND_ORDER[f.kind]):
            try:
                counts = geography_import_file(lgd_file=lgd_file)
            except LgdFileError as error:
                note = f" Already imported: {', '.join(done)}." if done else ""
                raise CommandError(f"{error}. Nothing was imported from this file.{note}") from None
            done.append(lgd_file.filename)
            self.stdout.write(counts.summary())

    def _succession(self, options: dict[str, Any]) -> None:
        codes = [options["old_code"], *options["new_codes"]]
        districts = {d.lgd_code: d for d in District.objects.filter(lgd_code__in=codes)}
        unknown = [str(code) for code in codes if code not in districts]
        if unknown:
            raise CommandError(f"unknown district LGD code(s): {', '.join(unknown)}")
        try:
            district_succession_record(
                predecessor=districts[options["old_code"]],
                successors=[districts[c] for c in options["new_codes"]],
                kind=SuccessionKind(options["kind"]),
                effective_on=options["effective_on"],
            )
        except SuccessionError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Recorded: district {options['old_code']} → {', '.join(map(str, options['new_codes']))}")
