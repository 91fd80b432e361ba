"""``picket people reindex-names``: rebuild every child's name keys (after a change to ``people.names``)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from picket.people.models import Child
from picket.people.search import name_keys_rebuild


class Command(BaseCommand):
    help = "Maintain the people registry."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        reindex = sub.add_parser(
            "reindex-names",
            help="rebuild the keyed name-search keys of every child (run after upgrading name matching)",
        )
        reindex.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        batch = max(1, options["batch_size"])
        done, last_pk = 0, 0
        while True:
            # Keyset pagination: constant memory, and safe while the app keeps writing.
            children = list(
                Child.objects.filter(pk__gt=last_pk).order_by("pk").prefetch_related("other_names", "family")[:batch]
            )
            if not children:
                break
            for child in children:
                name_keys_rebuild(child)
            done += len(children)
            last_pk = children[-1].pk
            self.stdout.write(f"{done} children re-indexed")
        self.stdout.write(self.style.SUCCESS(f"Name keys rebuilt for {done} children."))
