"""``picket up``: prepare the installation and run the web server and the background worker together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from picket.demo.generator import demo_data_load, demo_geography_load
from picket.demo.management.commands.demo import print_credentials
from picket.privacy.keyring import KeyringError, load_keyring


class Command(BaseCommand):
    help = "Migrate, load demo data (unless --no-demo), then run the web server and the worker until stopped."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default=os.environ.get("PICKET_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PICKET_PORT", "8000")))
        parser.add_argument("--web-workers", type=int, default=int(os.environ.get("PICKET_WEB_WORKERS", "2")))
        parser.add_argument("--no-demo", action="store_true", help="do not load the fictional demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        try:
            load_keyring()  # generated on first run; without it nothing encrypted can be read again
        except KeyringError as error:
            raise CommandError(f"cannot start: {error}") from None
        call_command("collectstatic", interactive=False, verbosity=0)
        if not options["no_demo"]:
            if demo_geography_load():
                self.stdout.write("Imported the demo geography excerpt.")
            credentials = demo_data_load()
            if credentials:
                print_credentials(self.stdout.write, credentials)
        address = f"{options['host']}:{options['port']}"
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "picket.settings"}
        web = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "picket.wsgi:application",
                "--bind", address, "--workers", str(options["web_workers"]),
                "--access-logfile", "-", "--graceful-timeout", "10",
            ],
            env=environment,
        )  # fmt: skip
        worker = subprocess.Popen([sys.executable, "-m", "picket", "worker", "--interval", "1"], env=environment)
        processes = [web, worker]
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        url = f"http://{options['host']}:{options['port']}/"
        if self._wait_until_serving(url + "health/", web):
            self.stdout.write(self.style.SUCCESS(f"Picket is running at {url}  (worker running; Ctrl-C stops both)"))
            self.stdout.write(
                f"Data: {settings.VAR_DIR}  Keys: {settings.KEYRING_FILE} (keep a copy apart from backups)"
            )
        try:
            while not stopping:
                for process in processes:
                    if process.poll() is not None:
                        stopping = True
                        self.stderr.write(f"A Picket process exited (code {process.returncode}); stopping.")
                time.sleep(0.5)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()

    @staticmethod
    def _wait_until_serving(url: str, web: subprocess.Popen[bytes], seconds: float = 30) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and web.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own loopback URL
                    if response.status == 200:
                        return True
            except OSError:
                time.sleep(0.3)
        return False
