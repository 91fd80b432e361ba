"""Speed and memory of ``picket tracing link`` on large files: found children against a big missing file.

Run from the source root::

    .venv/bin/python bench/tracing_link_speed.py                       # 1,000,000 missing x 5,000 found
    .venv/bin/python bench/tracing_link_speed.py --missing 100000 --found 2000 --workers 1

It writes the two interchange CSVs (fictional records from ``bench/tracing_indian_data.py``, or with
``--generator harsh`` from ``picket.tracing.synthetic``; cached under ``--data-dir`` by size and seed), then
runs the real command path, ``picket.tracing.interchange.run_link`` (reading and checking both files, indexing,
scoring, writing matches.csv), in a fresh child process, and reports the child's wall time and peak resident
memory (``ru_maxrss``, see below). Target (issue #5): 5,000 found x 1,000,000 missing in at most 2 minutes
within 4 GB on
2 cores.

Peak RSS: ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` is the largest RSS of any one waited-for descendant. With
``--workers 2`` the forked workers share the parent's index pages (copy-on-write), so the sum of their RSS
overstates the memory used; the script therefore also samples the proportional set size (PSS, from
``/proc/<pid>/smaps_rollup``) of the whole process tree every second and prints its maximum.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

FIELDS = [
    *("record_id", "name", "father_name", "mother_name", "gender", "age", "date"),
    *("state", "district", "place", "language", "marks", "phone"),
]


def write_csv(path: Path, records: list, *, found: bool) -> None:
    header = [*FIELDS, "home_state", "home_district"] if found else FIELDS
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for r in records:
            row = [getattr(r, name) for name in header]
            row = ["" if v is None else v.isoformat() if hasattr(v, "isoformat") else str(v) for v in row]
            writer.writerow(row)
    tmp.replace(path)


def generate(data_dir: Path, missing: int, found: int, seed: int, generator: str) -> tuple[Path, Path]:
    data_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{generator}-{seed}-{missing}-{found}"
    missing_path, found_path = data_dir / f"missing-{stem}.csv", data_dir / f"found-{stem}.csv"
    if missing_path.exists() and found_path.exists():
        return missing_path, found_path
    start = time.perf_counter()
    if generator == "realistic":
        from tracing_indian_data import realistic_link_dataset as dataset
    else:
        from picket.tracing.synthetic import link_dataset as dataset
    data = dataset(seed, missing=missing, found=found)
    write_csv(missing_path, data.missing, found=False)
    write_csv(found_path, data.found, found=True)
    print(f"generated {missing:,} missing and {found:,} found in {time.perf_counter() - start:.1f} s", flush=True)
    return missing_path, found_path


def _pss_kb(root: int) -> int:
    """Proportional set size of ``root`` and its descendants (kB)."""
    total = 0
    pids = [root]
    try:
        children = Path(f"/proc/{root}/task/{root}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        return 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


CHILD = """
import sys, time
from pathlib import Path
from picket.tracing.engine import Config
from picket.tracing.interchange import run_link
start, cpu = time.perf_counter(), time.process_time()
def run():
    return run_link(missing=Path(sys.argv[1]), found=Path(sys.argv[2]), out=Path(sys.argv[3]),
                    config=Config(workers=int(sys.argv[4])) if int(sys.argv[4]) else None)
if sys.argv[5]:
    import cProfile
    profile = cProfile.Profile()
    report = profile.runcall(run)
    profile.dump_stats(sys.argv[5])
else:
    report = run()
print(report.summary())
phases = ", ".join(f"{name} {wall:.1f}/{cpu:.1f}" for name, (wall, cpu) in getattr(report, "phases", {}).items())
print(f"phases (wall/CPU of the main process, s): {phases}; scoring in {getattr(report, 'workers', '?')} process(es)")
print(f"pairs compared: {report.pairs_compared:,}; run_link: {time.perf_counter() - start:.1f} s, "
      f"CPU of the main process {time.process_time() - cpu:.1f} s")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--missing", type=int, default=1_000_000)
    parser.add_argument("--found", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--generator", choices=("realistic", "harsh"), default="realistic")
    parser.add_argument("--workers", type=int, default=0, help="processes for the found side (0: the default)")
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "picket-tracing-bench")
    parser.add_argument("--profile", type=Path, help="run under cProfile and write the stats here (slower)")
    args = parser.parse_args()
    missing_path, found_path = generate(args.data_dir, args.missing, args.found, args.seed, args.generator)
    out = args.data_dir / "matches.csv"
    start = time.perf_counter()
    # A fixed hash seed, for comparing runs of code before 2026-11-28: until then which of several equally ranked
    # candidates were compared followed the order of a set of blocking keys (string hashes). Ties now go to the
    # earlier record, so matches.csv no longer depends on the seed.
    env = {**os.environ, "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0")}
    child = subprocess.Popen(
        [
            *(sys.executable, "-c", CHILD, str(missing_path), str(found_path), str(out), str(args.workers)),
            str(args.profile or ""),
        ],
        env=env,
    )
    peak_pss = 0
    load = float("nan")
    loads: list[float] = []
    while child.poll() is None:
        peak_pss = max(peak_pss, _pss_kb(child.pid))
        with contextlib.suppress(OSError):
            loads.append(os.getloadavg()[0])
        time.sleep(1.0)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss = usage.ru_maxrss
    with contextlib.suppress(OSError):
        load = os.getloadavg()[0]
    print(
        f"{args.missing:,} missing x {args.found:,} found ({args.generator}, seed {args.seed}): "
        f"wall {wall:.1f} s, peak RSS {rss / 1024:.0f} MB, peak PSS of the process tree {peak_pss / 1024:.0f} MB, "
        f"CPU {usage.ru_utime + usage.ru_stime:.1f} s (user+sys, all processes), "
        f"exit {child.returncode}; {os.cpu_count()} CPUs, load average {load:.1f} at the end "
        f"({min(loads, default=load):.1f}-{max(loads, default=load):.1f} during the run)"
    )


if __name__ == "__main__":
    main()
