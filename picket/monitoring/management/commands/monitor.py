"""``picket monitor scan``: risk scores, phone numbers and operator networks for a CSV of ads (no database, no
server).

    picket monitor scan --ads ads.csv --out DIR [--threshold 0.3] [--workers N] [--indicators FILE]

Reads ``ads.csv`` (``id,source,posted_at,city,text``), writes ``DIR/ads.csv``
(``id,risk_score,flagged,indicators,phones``) and ``DIR/networks.csv`` (``id,network_id``).

Exit codes: 0 — every row was read and both files written; 1 — both files written, but some rows could not be
read (each listed on stderr with its row, column and reason); 2 — a file could not be used (not UTF-8,
malformed CSV, a column missing, a bad indicators file, an unusable output directory): nothing was written.
The work is in :mod:`picket.monitoring.interchange`; this is only the wrapper.

    picket monitor verify-packet PACKET.zip

recomputes the SHA-256 of every file of an evidence packet against its ``manifest.json`` (no database): exit 0
when all match, 1 naming each mismatch, missing or unlisted file, 2 when the file is not a packet.
"""

from __future__ import annotations

from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from picket.monitoring.interchange import EXIT_FILE_REFUSED, EXIT_ROWS_LEFT_OUT, ScanError, run_scan


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 < value < 1.0:
        raise ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def _workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise ArgumentTypeError(f"{text!r} is not a number of processes from 1 to 64")
    return int(text)


class Command(BaseCommand):
    help = "Analyse online ads: risk scores with indicators, phone numbers and operator networks (CSV in, CSV out)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        scan = sub.add_parser("scan", help="score a CSV of ads and group them into operator networks")
        scan.add_argument("--ads", type=Path, required=True, help="CSV with columns id,source,posted_at,city,text")
        scan.add_argument("--out", type=Path, required=True, help="directory for ads.csv and networks.csv")
        scan.add_argument("--threshold", type=_probability, default=None,
                          help="score from which an ad is flagged (default: the indicators file's, 0.3)")  # fmt: skip
        scan.add_argument("--workers", type=_workers, default=None, help="processes (default: one per CPU)")
        scan.add_argument("--indicators", type=Path, default=None,
                          help="an indicators TOML file instead of the shipped one")  # fmt: skip

        # ``import``: the same CSV into the database (picket.monitoring.import_command).
        from picket.monitoring.import_command import add_import_arguments

        add_import_arguments(sub)
        sub.add_parser(
            "load-indicators",
            help="merge the shipped indicators file with the stored rules after an upgrade (keeps edits)",
        )
        verify = sub.add_parser("verify-packet", help="check an evidence packet's files against its manifest")
        verify.add_argument("packet", type=Path, help="the evidence packet (ZIP) exported from Picket")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            from picket.monitoring.import_command import handle_import

            handle_import(self, options)
            return
        if options["action"] == "load-indicators":
            self._load_indicators()
            return
        if options["action"] == "verify-packet":
            self._verify_packet(options["packet"])
            return
        try:
            report = run_scan(
                ads=options["ads"],
                out=options["out"],
                threshold=options["threshold"],
                workers=options["workers"],
                indicators=options["indicators"],
            )
        except ScanError as error:
            raise CommandError(f"{error}. Nothing was written.", returncode=EXIT_FILE_REFUSED) from None
        for line in report.problems():
            self.stderr.write(line)
        self.stdout.write(report.summary())
        if report.exit_code == EXIT_ROWS_LEFT_OUT:
            raise CommandError(
                f"{len(report.left_out)} row(s) could not be read; the others were written",
                returncode=EXIT_ROWS_LEFT_OUT,
            )

    def _load_indicators(self) -> None:
        """``services_indicators.indicators_load`` for the server's operator (no user: the revisions say "system")."""
        from django.db import transaction

        from picket.audit.models import AuditAction
        from picket.monitoring.common import audit
        from picket.monitoring.indicator_catalogue import load_indicators
        from picket.monitoring.models import IndicatorRevision, IndicatorRule, IndicatorSetVersion

        with transaction.atomic():
            report = load_indicators(
                rule_model=IndicatorRule, revision_model=IndicatorRevision, version_model=IndicatorSetVersion
            )
            audit("indicator", 0, AuditAction.ADMIN_ACTION, user=None, kind="indicators_load",
                  added=len(report.created), updated=len(report.updated), unchanged=len(report.unchanged))  # fmt: skip
        for rule, field_name in report.conflicts:
            self.stderr.write(f"conflict: {rule}.{field_name} was edited here and changed in the file; kept the edit")
        for rule, problem in report.invalid:
            self.stderr.write(f"left as it was: {rule}: {problem}")
        self.stdout.write(
            f"indicators: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.conflicts)} conflict(s)"
        )

    def _verify_packet(self, path: Path) -> None:
        """Exit 0 when every listed file matches its SHA-256 and size; 1 naming each mismatch, missing or
        unlisted file; 2 when the file is not a packet at all. No database is used."""
        from picket.monitoring.evidence_verify import PacketError, verify_packet

        try:
            report = verify_packet(path)
        except PacketError as error:
            raise CommandError(f"{error}. Nothing was verified.", returncode=EXIT_FILE_REFUSED) from None
        for name in report.checked:
            self.stdout.write(f"ok  {name}")
        for line in report.problems:
            self.stderr.write(f"MISMATCH  {line}")
        if not report.ok:
            raise CommandError(f"{len(report.problems)} problem(s) in {path}", returncode=1)
        self.stdout.write(f"{len(report.checked)} file(s) verified against the manifest of {path}")
