"""``picket prosecution load-offences | escalate | schedule``."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from picket.prosecution.catalogue import CatalogueError


class Command(BaseCommand):
    help = "Prosecution: load the offences catalogue; warn about statutory deadlines."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load-offences", help="load prosecution/data/*.csv (idempotent; reports conflicts)")
        sub.add_parser("escalate", help="warn now about deadlines due within 7 days, tomorrow, or missed")
        sub.add_parser("schedule", help="queue the daily deadline warning job unless one is waiting")
        sub.add_parser(
            "reindex-accused",
            help="rebuild accused persons' name and father's-name keys (after an upgrade of the name rules)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "load-offences":
            self._load()
        elif action == "reindex-accused":
            from picket.people.models import AccusedPerson
            from picket.prosecution.repeat_offenders import accused_keys_rebuild

            done = 0
            for person in AccusedPerson.objects.order_by("pk").iterator(chunk_size=500):
                accused_keys_rebuild(person)
                done += 1
            self.stdout.write(f"Name keys rebuilt for {done} accused persons.")
        elif action == "escalate":
            from picket.prosecution.escalation import deadlines_escalate

            counts = deadlines_escalate()
            self.stdout.write(", ".join(f"{level}: {count}" for level, count in counts.items()))
        else:
            from picket.prosecution.tasks import daily_schedule_ensure, next_daily_run

            queued = daily_schedule_ensure()
            self.stdout.write(f"queued for {next_daily_run().isoformat()}" if queued else "already queued")

    def _load(self) -> None:
        from picket.prosecution.services_catalogue import catalogue_load

        try:
            report = catalogue_load()
        except CatalogueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"acts: {report.acts_created} created, {report.acts_updated} updated; offences: "
            f"{len(report.created)} created, {len(report.updated)} updated, {len(report.unchanged)} unchanged"
        )
        for label in report.updated:
            self.stdout.write(f"  updated: {label}")
        for label, field in report.conflicts:
            self.stdout.write(self.style.WARNING(
                f"  conflict: {label} {field}: corrected in Picket and changed differently in the file; kept as "
                "corrected - reconcile by hand"
            ))  # fmt: skip
        for label in report.not_in_file:
            self.stdout.write(f"  not in the file (kept): {label}")
