"""Speed of the monitoring engine: a million ads through the whole pipeline, and one new ad at a time.

    .venv/bin/python bench/monitoring_speed.py                       # 1,000,000 ads, 2 workers
    .venv/bin/python bench/monitoring_speed.py --ads 100000 --data /tmp/ads-100k.csv

Targets (issue #7): one million ads through the whole pipeline (entities, indicators, networks) in at most 3
minutes on 2 cores within 6 GB; a single new ad scored and attached to its network in at most 50 ms.

1. Generates the ads once (fictional, ``picket/monitoring/synthetic.py``) into a CSV file (``--data``; kept and
   reused when it exists). Not timed.
2. Times the pipeline as ``picket monitor scan`` runs it (``interchange.read_file`` → ``pipeline.scan`` →
   ``interchange.write_results``): reading the CSV, per-ad analysis in ``--workers`` processes, network
   building, writing ``ads.csv`` and ``networks.csv``. Memory: every 3 s the proportional set size (PSS, so
   pages shared after fork count once) of this process and its children is summed from
   /proc/*/smaps_rollup (reading it costs kernel time, hence not more often); the peak is printed, with the
   peak RSS of the main process and of the largest worker. CPU: user + system seconds of the main process and
   of the workers, and what they imply on an idle 2-core machine, because the shared benchmark machine is
   often busy with other jobs and wall time then says more about them than about Picket. Two estimates: the
   old, pessimistic one (the workers' CPU spread over the cores, plus all of the main process's CPU as if it
   came after the analysis) and one that counts what the main process does while the workers run (taking in
   their results, adding the ads to the index) as sharing the cores with them, and only the rest
   (``NetworkIndex.finish`` onwards: boilerplate, text links, network risk, writing) as coming after.
3. Then adds ``--new`` generated ads of another seed one by one to the million-ad index
   (``NetworkIndex.add`` after ``analyse``: scoring, entities, shingles, LSH query, verification, union) and
   prints p50 / p95 / p99 / max in milliseconds.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from picket.monitoring import interchange
from picket.monitoring.analysis import analyse
from picket.monitoring.networks import NetworkIndex
from picket.monitoring.pipeline import member, scan
from picket.monitoring.synthetic import generate


def write_data(path: Path, count: int, seed: int) -> None:
    started = time.perf_counter()
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(interchange.COLUMNS)
        for item in generate(count, seed=seed):
            ad = item.ad
            writer.writerow([ad.id, ad.source, ad.posted_at.isoformat() if ad.posted_at else "", ad.city, ad.text])
    print(f"generated {count} ads into {path} in {time.perf_counter() - started:.0f} s (not timed)")


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class MemorySampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.running = True

    def run(self) -> None:
        me = os.getpid()
        while self.running:
            total = _pss_kb(me) + sum(_pss_kb(child) for child in _children(me))
            self.peak_kb = max(self.peak_kb, total)
            time.sleep(3)


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ads", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=None, help="CSV of generated ads (made if missing)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--new", type=int, default=1000, help="ads added one by one afterwards")
    options = parser.parse_args()
    data = options.data or Path(tempfile.gettempdir()) / f"picket-monitoring-{options.ads}-{options.seed}.csv"
    if not data.exists():
        write_data(data, options.ads, options.seed)
    print(f"data: {data} ({data.stat().st_size / 1e6:.0f} MB)")

    sampler = MemorySampler()
    sampler.start()
    stages: dict[str, float] = {}
    cpu: dict[str, float] = {}
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    read = interchange.read_file(data)
    stages["read CSV"] = time.perf_counter() - started
    finish = NetworkIndex.finish

    def timed_finish(index: NetworkIndex) -> None:
        cpu["main at finish"] = _cpu(resource.RUSAGE_SELF)
        cpu["analysis wall"] = time.perf_counter() - mark
        finish(index)

    NetworkIndex.finish = timed_finish  # type: ignore[method-assign]
    mark = time.perf_counter()
    cpu["main before"] = _cpu(resource.RUSAGE_SELF)
    result = scan(read.ads, workers=options.workers)
    NetworkIndex.finish = finish  # type: ignore[method-assign]
    stages["analyse + networks"] = time.perf_counter() - mark
    mark = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        interchange.write_results(Path(out), result)
    stages["write"] = time.perf_counter() - mark
    wall = time.perf_counter() - started
    load_after = os.getloadavg()[0]
    main_cpu, workers_cpu = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    sampler.running = False
    sampler.join()
    main_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    flagged = sum(r.flagged for r in result.rows)
    networks = len({n for n in result.index.assignments().values() if n})
    print(f"\nwhole pipeline, {len(read.ads)} ads, {options.workers} workers: {wall:.1f} s wall "
          f"({len(read.ads) / wall:,.0f} ads/s)")  # fmt: skip
    for name, seconds in stages.items():
        print(f"  {name:<20} {seconds:7.1f} s")
    if "analysis wall" in cpu:
        print(f"  (of which {cpu['analysis wall']:.1f} s until the workers were done, "
              f"{stages['analyse + networks'] - cpu['analysis wall']:.1f} s of networks after them)")  # fmt: skip
    print(f"  network build: {result.index.stats}")
    print(f"  {flagged} flagged, {networks} networks")
    during = cpu.get("main at finish", main_cpu) - cpu["main before"]
    after = main_cpu - cpu.get("main at finish", main_cpu)
    print(f"cpu: main process {main_cpu:.0f} s (start and reading {cpu['main before']:.0f} s, during the analysis "
          f"{during:.0f} s, after it {after:.0f} s), workers {workers_cpu:.0f} s (user + system); on an idle "
          f"machine about {workers_cpu / options.workers + main_cpu:.0f} s as the workers' CPU over "
          f"{options.workers} cores plus all the main process's, or about "
          f"{cpu['main before'] + (workers_cpu + during) / options.workers + after:.0f} s counting what the main "
          f"process does during the analysis as sharing the cores; load average {load_before:.1f} before, "
          f"{load_after:.1f} after")  # fmt: skip
    print(f"memory: peak PSS of the process tree {sampler.peak_kb / 1024 / 1024:.2f} GB; peak RSS main "
          f"{main_rss / 1024:.2f} GB, largest worker {worker_rss / 1024:.2f} GB")  # fmt: skip

    newcomers = [item.ad for item in generate(options.new, seed=options.seed + 1)]
    newcomers = [ad.__class__(f"new-{ad.id}", ad.source, ad.posted_at, ad.city, ad.text) for ad in newcomers]
    timings = []
    attached = 0
    for ad in newcomers:
        begin = time.perf_counter()
        analysis = analyse(ad.text)
        attachment = result.index.add(member(ad, analysis))
        timings.append((time.perf_counter() - begin) * 1000)
        attached += attachment.network_id != ""
    timings.sort()
    print(f"\none new ad scored and attached, {len(timings)} ads into the {len(read.ads)}-ad index: "
          f"p50 {statistics.median(timings):.2f} ms, p95 {timings[int(0.95 * len(timings)) - 1]:.2f} ms, "
          f"p99 {timings[int(0.99 * len(timings)) - 1]:.2f} ms, max {timings[-1]:.2f} ms "
          f"({attached} joined a network)")  # fmt: skip
    print("targets: whole pipeline <= 180 s within 6 GB; one ad <= 50 ms")


if __name__ == "__main__":
    main()
