"""``picket demo``: load the generated, fictional demo data (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from picket.demo.generator import DemoCredential, demo_data_load, demo_geography_load


def print_credentials(write: Any, credentials: list[DemoCredential]) -> None:
    write("Demo users (fictional; passwords are shown only this once):")
    width = max(len(c.username) for c in credentials)
    for c in credentials:
        write(f"  {c.username.ljust(width)}  {c.password}   {c.role} — {c.where}")


class Command(BaseCommand):
    help = "Load generated, clearly fictional demo data: geography excerpt, organisations, one user per role."

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_geography_load():
            self.stdout.write("Imported the demo geography excerpt (Bihar, Jharkhand, West Bengal, Delhi).")
        credentials = demo_data_load()
        if credentials:
            print_credentials(self.stdout.write, credentials)
        else:
            self.stdout.write("Demo data already present; nothing changed.")
