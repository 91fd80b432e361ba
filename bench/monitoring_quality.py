"""Quality of the monitoring engine on generated, clearly fictional ads, side by side with a plain baseline.

    .venv/bin/python bench/monitoring_quality.py                      # 30,000 ads, seeds 101 102 103
    .venv/bin/python bench/monitoring_quality.py --ads 10000 --seeds 7

Prints, per seed and on average:
- flag precision / recall / F1 (an ad is positive when its advertiser recruits minors, deceives about jobs
  abroad, exploits in a spa or sells youth; the engine at its default threshold, with and without network
  risk; the baseline flags an ad containing any of a list of English keywords);
- phone-extraction accuracy: the share of ads whose set of 10-digit numbers is exactly right (also per
  language), and number-level precision and recall;
- network pairwise precision / recall / F1: over all pairs of ads, "same network" against "same advertiser".

Baseline: English keywords (below), a phone regex, datasketch MinHash LSH (128 permutations, threshold 0.5) over
word 3-shingles of the lower-cased text, ads joined by LSH candidates and by shared regex phones.

Seeds 1-3 were used while the rules and thresholds were written; report the held-out seeds (default). The
generator's assumptions and limits are in picket/monitoring/synthetic.py.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "picket.settings")

from datasketch import MinHash, MinHashLSH

from picket.monitoring.pipeline import scan
from picket.monitoring.synthetic import SyntheticAd, generate

KEYWORDS = (
    "minor", "underage", "young girls", "new girls", "fresh girls", "college girls", "no documents",
    "without documents", "tourist visa", "visit visa", "registration fee", "processing fee", "passport",
    "advance", "salary to parents", "24x7", "full service", "body to body", "happy ending", "cross massage",
    "only girls", "girls required", "massage by", "hotel service", "escort", "call girl",
)  # fmt: skip
PHONE = re.compile(r"(?<!\d)(?:\+?91[\s-]?|0)?([6-9]\d{4}[\s-]?\d{5})(?!\d)")


def baseline_flag(text: str) -> bool:
    lower = text.lower()
    return any(keyword in lower for keyword in KEYWORDS)


def baseline_phones(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(re.sub(r"[\s-]", "", m.group(1)) for m in PHONE.finditer(text)))


def baseline_networks(ads: Sequence[SyntheticAd], phones: Sequence[Sequence[str]]) -> list[int]:
    """Component number per ad: datasketch LSH candidates and shared regex phones, union-find."""
    parent = list(range(len(ads)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for i, item in enumerate(ads):
        words = item.ad.text.lower().split()
        sketch = MinHash(num_perm=128)
        for k in range(max(1, len(words) - 2)):
            sketch.update(" ".join(words[k : k + 3]).encode("utf-8"))
        for other in lsh.query(sketch):
            union(i, int(other))
        lsh.insert(str(i), sketch)
    owner: dict[str, int] = {}
    for i, numbers in enumerate(phones):
        for number in numbers:
            if number in owner:
                union(i, owner[number])
            else:
                owner[number] = i
    return [find(i) for i in range(len(ads))]


def flag_scores(truth: Iterable[bool], predicted: Iterable[bool]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for t, p in zip(truth, predicted, strict=True):
        tp += t and p
        fp += (not t) and p
        fn += t and not p
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def pair_scores(truth: Sequence[str], predicted: Sequence[str | int | None]) -> tuple[float, float, float]:
    """Pairwise precision/recall/F1 of "same predicted network" (None: no network) against "same truth"."""

    def pairs(counter: collections.Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    true_pairs = pairs(collections.Counter(truth))
    kept = [(t, p) for t, p in zip(truth, predicted, strict=True) if p is not None]
    predicted_pairs = pairs(collections.Counter(p for _, p in kept))
    both = pairs(collections.Counter(kept))
    precision = both / predicted_pairs if predicted_pairs else 0.0
    recall = both / true_pairs if true_pairs else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def phone_scores(truth: Sequence[Sequence[str]], found: Sequence[Sequence[str]]) -> tuple[float, float, float]:
    exact = sum(set(t) == set(f) for t, f in zip(truth, found, strict=True)) / len(truth)
    true_numbers = sum(len(set(t)) for t in truth)
    found_numbers = sum(len(set(f)) for f in found)
    right = sum(len(set(t) & set(f)) for t, f in zip(truth, found, strict=True))
    return exact, right / found_numbers if found_numbers else 0.0, right / true_numbers if true_numbers else 0.0


def row(name: str, values: Sequence[float]) -> str:
    return f"  {name:<34}" + "".join(f"{v:>9.3f}" for v in values)


def run(count: int, seed: int, workers: int) -> dict[str, tuple[float, ...]]:
    data = generate(count, seed=seed)
    risky = sum(s.is_risky for s in data)
    advertisers = len({s.advertiser for s in data})
    print(f"\nseed {seed}: {count} ads, {risky} from risky advertisers, {advertisers} advertisers")
    started = time.perf_counter()
    engine = scan([s.ad for s in data], workers=workers)
    engine_time = time.perf_counter() - started
    text_only = scan([s.ad for s in data], workers=workers, propagate=False)
    started = time.perf_counter()
    base_flags = [baseline_flag(s.ad.text) for s in data]
    base_phones = [baseline_phones(s.ad.text) for s in data]
    base_networks = baseline_networks(data, base_phones)
    base_time = time.perf_counter() - started
    truth_flags = [s.is_risky for s in data]
    truth_phones = [s.phones for s in data]
    assignments = engine.index.assignments()
    component_sizes = collections.Counter(base_networks)
    results = {
        "flag engine": flag_scores(truth_flags, [r.flagged for r in engine.rows]),
        "flag engine, text only": flag_scores(truth_flags, [r.flagged for r in text_only.rows]),
        "flag baseline": flag_scores(truth_flags, base_flags),
        "phones engine": phone_scores(truth_phones, [r.phones for r in engine.rows]),
        "phones baseline": phone_scores(truth_phones, base_phones),
        "networks engine": pair_scores([s.advertiser for s in data], [assignments[s.ad.id] or None for s in data]),
        "networks baseline": pair_scores(
            [s.advertiser for s in data], [c if component_sizes[c] > 1 else None for c in base_networks]
        ),
    }
    print(f"  {'':<34}{'precision':>9}{'recall':>9}{'F1':>9}")
    for name in ("flag engine", "flag engine, text only", "flag baseline"):
        print(row(name, results[name]))
    print(f"  {'':<34}{'accuracy':>9}{'num. P':>9}{'num. R':>9}")
    for name in ("phones engine", "phones baseline"):
        print(row(name, results[name]))
    print(f"  {'':<34}{'precision':>9}{'recall':>9}{'F1':>9}")
    for name in ("networks engine", "networks baseline"):
        print(row(name, results[name]))
    by_language: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0, 0])
    for s, r in zip(data, engine.rows, strict=True):
        counts = by_language[s.language]
        counts[0] += s.is_risky
        counts[1] += s.is_risky and r.flagged
        counts[2] += 1
        counts[3] += set(s.phones) == set(r.phones)
    for language, (positives, caught, total, right) in sorted(by_language.items()):
        print(f"  {language:<9} flag recall {caught / max(1, positives):.3f} ({positives} risky ads), "
              f"phone accuracy {right / total:.3f} ({total} ads)")  # fmt: skip
    print(f"  time: engine {engine_time:.1f} s ({workers} workers), baseline {base_time:.1f} s (1 process)")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ads", type=int, default=30_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 102, 103])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    options = parser.parse_args()
    import django

    django.setup()
    all_results = [run(options.ads, seed, options.workers) for seed in options.seeds]
    if len(all_results) > 1:
        print(f"\nmean over seeds {' '.join(map(str, options.seeds))}:")
        for name in all_results[0]:
            values = [sum(r[name][i] for r in all_results) / len(all_results) for i in range(3)]
            print(row(name, values))
    print("\ntargets: flag F1 >= 0.93, phone accuracy >= 0.97, network F1 >= 0.90 (engine)")


if __name__ == "__main__":
    main()
