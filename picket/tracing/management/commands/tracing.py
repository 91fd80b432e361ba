"""``picket tracing link|dedupe|calibrate``: batch tracing on interchange CSV files (no database, no server);
``picket tracing refresh [--keys-only]``: rebuild the blocking keys of every open record, then look each up again
(database).

    picket tracing link --missing missing.csv --found found.csv --out matches.csv
    picket tracing dedupe --missing missing.csv --out duplicates.csv
    picket tracing calibrate link --missing missing.csv --found found.csv --truth truth.csv --out weights.json

Rows that cannot be scored are listed on stderr and the rest is scored (exit 0); a file that cannot be read at
all (not UTF-8, a column missing, malformed CSV) exits 2 and writes nothing. The work is in
:mod:`picket.tracing.interchange`; this is only the wrapper.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from picket.tracing.engine import Config
from picket.tracing.interchange import InterchangeError, RunReport, run_calibrate, run_dedupe, run_link


def _probability(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError(text)
    return value


#: The engine's defaults (thresholds chosen by measured precision: ADR 13), so the options never drift from them.
DEFAULTS = Config()


class Command(BaseCommand):
    help = "Match found children to missing reports, or find duplicate reports, in interchange CSV files."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        link = sub.add_parser("link", help="score found children against missing reports")
        link.add_argument("--missing", type=Path, required=True, help="missing.csv")
        link.add_argument("--found", type=Path, required=True, help="found.csv")
        link.add_argument("--out", type=Path, required=True, help="matches.csv to write")
        dedupe = sub.add_parser("dedupe", help="pairs of missing reports of the same child")
        dedupe.add_argument("--missing", type=Path, required=True, help="missing.csv")
        dedupe.add_argument("--out", type=Path, required=True, help="duplicates.csv to write")
        for command in (link, dedupe):
            command.add_argument(
                "--match-threshold", type=_probability, default=DEFAULTS.match_threshold,
                help=f"score from which a pair is a 'match' (default {DEFAULTS.match_threshold})",
            )  # fmt: skip
            command.add_argument(
                "--possible-threshold", type=_probability, default=DEFAULTS.possible_threshold,
                help=f"lowest score written, as 'possible' (default {DEFAULTS.possible_threshold})",
            )  # fmt: skip
            command.add_argument("--max-candidates", type=int, default=DEFAULTS.max_candidates,
                                 help=f"per record (default {DEFAULTS.max_candidates})")  # fmt: skip
            command.add_argument("--prior", type=_probability, default=None,
                                 help="share of found children with a report in the file (link, default 0.5) "
                                      "or of reports with a duplicate (dedupe, default 0.1)")  # fmt: skip
            command.add_argument("--weights", type=Path, default=None, help="weights from 'tracing calibrate'")
        calibrate = sub.add_parser("calibrate", help="fit the weights on labelled pairs; writes JSON for --weights")
        calibrate.add_argument("kind", choices=("link", "dedupe"))
        calibrate.add_argument("--missing", type=Path, required=True)
        calibrate.add_argument("--found", type=Path, default=None)
        calibrate.add_argument("--truth", type=Path, required=True,
                               help="CSV with a header; first two columns: ids of the same child")  # fmt: skip
        calibrate.add_argument("--out", type=Path, required=True, help="weights.json to write")
        refresh = sub.add_parser(
            "refresh", help="look up the stored open found children and missing reports again (uses the database)"
        )
        refresh.add_argument("--kind", choices=("found", "missing", "all"), default="all")
        refresh.add_argument("--queue", action="store_true", help="queue for the worker instead of running now")
        refresh.add_argument("--keys-only", action="store_true",
                             help="only rebuild the blocking keys of every open record (after an upgrade)")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "refresh":
            self._refresh(options["kind"], queue=options["queue"], keys_only=options["keys_only"])
            return
        try:
            if options["action"] == "calibrate":
                _, pairs, true = run_calibrate(kind=options["kind"], missing=options["missing"],
                                               found=options["found"], truth=options["truth"],
                                               out=options["out"])  # fmt: skip
                self.stdout.write(f"calibrate: fitted on {pairs} pairs ({true} true); wrote {options['out']}")
                return
            config = Config(
                match_threshold=options["match_threshold"],
                possible_threshold=options["possible_threshold"],
                max_candidates=options["max_candidates"],
                prior=options["prior"],
            )
            report: RunReport
            if options["action"] == "link":
                report = run_link(missing=options["missing"], found=options["found"], out=options["out"],
                                  config=config, weights=options["weights"])  # fmt: skip
            else:
                report = run_dedupe(missing=options["missing"], out=options["out"], config=config,
                                    weights=options["weights"])  # fmt: skip
        except InterchangeError as error:
            raise CommandError(f"{error}. Nothing was written.", returncode=2) from None
        for line in report.problems():
            self.stderr.write(line)
        self.stdout.write(report.summary())
        if report.unscorable and not any(report.read.values()):
            raise CommandError("no row could be scored", returncode=1)

    def _refresh(self, kind: str, *, queue: bool, keys_only: bool = False) -> None:
        """After an upgrade that changes name keys, blocking keys or weights (run ``picket people reindex-names``
        first). The blocking keys of every open record (both kinds: each kind's lookups read the other's) are
        rebuilt first, and those of records no longer open dropped, so that the lookups see every record."""
        from picket.intake.models import CaseStatus, FoundChild, MissingReport
        from picket.tracing.blockkeys import rebuild_all
        from picket.tracing.candidates import forget_counts
        from picket.tracing.tasks import tracing_refresh

        for name in ("found", "missing"):
            self.stdout.write(f"refresh: blocking keys of {rebuild_all(name)} open {name} record(s) rebuilt")
        forget_counts()
        if keys_only:
            return
        kinds = ("found", "missing") if kind == "all" else (kind,)
        for name in kinds:
            model = FoundChild if name == "found" else MissingReport
            ids = list(model.objects.filter(status=CaseStatus.OPEN).order_by("pk").values_list("pk", flat=True))
            stored = 0
            for pk in ids:
                if queue:
                    tracing_refresh.enqueue(name, pk)
                else:
                    stored += tracing_refresh.call(name, pk)
            done = "queued" if queue else f"looked up again ({stored} candidates stored)"
            self.stdout.write(f"refresh: {len(ids)} open {name} record(s) {done}")
