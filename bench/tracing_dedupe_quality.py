"""Quality of ``picket tracing dedupe`` (reports of the same child filed twice), side by side with Splink.

Run from the source root (needs the ``bench`` extra)::

    .venv/bin/python bench/tracing_dedupe_quality.py                 # 20,000 reports, seed 11, with Splink
    .venv/bin/python bench/tracing_dedupe_quality.py --no-splink --reports 60000
    .venv/bin/python bench/tracing_dedupe_quality.py --refit         # fit the dedupe weights, check on fresh seeds

Data: the missing reports of the realistic generator (``bench/tracing_indian_data.py``): 4 % of children are
reported twice (the other parent, or where last seen; written independently, dated a few days apart, another
family phone 15 % of the time) and 12 % of missing events are two brothers or sisters who went missing together
(same parents, phone, village and date: the hard negatives). Nothing else links two reports.

Figures: **pair recall** (share of the true pairs that ``dedupe`` writes: at or above the possible threshold,
at most ``max_candidates`` partners per report — what a reviewer gets to see), and precision / recall / F1 of
the ``match`` decisions (score at or above ``Config().match_threshold``; the same thresholds on Splink's match
probability); time (Splink's includes its training on the file itself; Picket's weights are fitted beforehand,
``--refit``, on other seeds).

Splink (dedupe_only, DuckDB) is configured as for linking in ``bench/tracing_quality.py`` (names transliterated
with Picket's ``to_latin``; Jaro-Winkler levels with term frequencies; year of birth within 1, 2, 4 years; exact
gender, district, state, phone) plus the "missing since" dates within 7 and 31 days, which two reports of one
child share.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

#: Every compared pair is kept for the fit (``keep_all``): ~60 per report, a few GB at these sizes.
TRAIN_SETS = ((101, 10_000), (102, 5_000))
CHECK_SETS = ((201, 10_000), (202, 5_000))
THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95)
HEADER = (
    "| linker | true pairs | pair recall | pairs written | match precision | match recall | match F1 | match pairs "
    "| time |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
)


def reports_of(seed: int, reports: int):  # type: ignore[no-untyped-def]
    from tracing_indian_data import realistic_link_dataset

    data = realistic_link_dataset(seed, missing=reports, found=1)
    return data.missing, {frozenset(pair) for pair in data.duplicates}


def row(name: str, pairs: Iterable[tuple[str, str, float]], truth: set[frozenset[str]], seconds: float) -> str:
    """One table row from scored pairs (already limited to what the linker writes)."""
    from picket.tracing.engine import Config

    threshold = Config().match_threshold
    written = {frozenset((a, b)): score for a, b, score in pairs}
    found = sum(1 for pair in truth if pair in written)
    matches = {pair for pair, score in written.items() if score >= threshold}
    true_matches = len(matches & truth)
    precision = true_matches / len(matches) if matches else 0.0
    recall = true_matches / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return (
        f"| {name} | {len(truth):,} | {found / max(len(truth), 1):.4f} | {len(written):,} | {precision:.4f} "
        f"| {recall:.4f} | {f1:.4f} | {len(matches):,} | {seconds:.1f} s |"
    )


def picket_pairs(reports: Sequence, weights=None) -> tuple[list[tuple[str, str, float]], float]:  # type: ignore[no-untyped-def,type-arg]
    from picket.tracing.engine import Config, Deduper

    start = time.perf_counter()
    config = Config() if weights is None else Config(weights=weights)
    pairs = [(c.missing_id, c.other_id, c.score) for c in Deduper(reports, config).duplicates()]
    return pairs, time.perf_counter() - start


def splink_pairs(reports: Sequence) -> tuple[list[tuple[str, str, float]], float]:  # type: ignore[type-arg]
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from tracing_quality import splink_comparisons, splink_rows

    from picket.tracing.engine import Config

    start = time.perf_counter()
    frame = pd.DataFrame(splink_rows(reports, found=False))
    frame["birth_year"] = frame["birth_year"].astype("Int64")
    frame["date"] = pd.to_datetime(pd.Series([r.date for r in reports]))
    db = DuckDBAPI()
    table = db.register(frame, table_name="reports")
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            *splink_comparisons(),
            cl.AbsoluteDateDifferenceAtThresholds(
                "date", input_is_string=False, metrics=["day", "day"], thresholds=[7, 31]
            ),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_key", "gender"),
            block_on("substr(given_name, 1, 3)", "birth_year"),
            block_on("father_given", "district"),
            block_on("phone"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(table, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("phone", "given_key"), block_on("given_key", "father_given", "birth_year")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=3e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_key", "gender"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("father_given", "district"))
    possible = Config().possible_threshold
    predictions = linker.inference.predict(threshold_match_probability=possible).as_pandas_dataframe()
    pairs = [
        (row.unique_id_l, row.unique_id_r, float(row.match_probability)) for row in predictions.itertuples(index=False)
    ]
    return pairs, time.perf_counter() - start


def refit() -> None:
    """Fit ``weights.DEFAULT_DEDUPE`` on ``TRAIN_SETS`` (prior ``weights.PRIOR_DEDUPE``), print it in the form of
    ``weights.py``, then the calibration table and the precision by threshold on ``CHECK_SETS``, for the fitted
    and the shipped weights."""
    from picket.tracing.calibration import calibrate, reliability
    from picket.tracing.engine import Config, Deduper
    from picket.tracing.weights import DEFAULT_DEDUPE, PRIOR_DEDUPE

    def labelled(seed: int, size: int, weights) -> list:  # type: ignore[no-untyped-def,type-arg]
        reports, truth = reports_of(seed, size)
        pairs = Deduper(reports, Config(weights=weights)).duplicates(keep_all=True)
        return [(c, frozenset((c.missing_id, c.other_id)) in truth) for c in pairs]

    start = time.perf_counter()
    pairs = [p for seed, size in TRAIN_SETS for p in labelled(seed, size, PRIOR_DEDUPE)]
    print(f"{len(pairs):,} labelled pairs ({sum(y for _, y in pairs):,} true) in {time.perf_counter() - start:.0f} s")
    weights = calibrate(pairs, prior=PRIOR_DEDUPE)
    print("DEFAULT_DEDUPE: Final[Weights] = {")
    for key in sorted(weights, key=lambda k: (k != "bias", k)):
        print(f'    "{key}": {weights[key]:.2f},')
    print("}")
    for label, w in (("fitted", weights), ("shipped", DEFAULT_DEDUPE)):
        print(f"\n{label} weights on fresh seeds: share of true pairs (mean score, pairs) per score band")
        tables, precision = [], []
        for seed, size in CHECK_SETS:
            scored = [(c.score, y) for c, y in labelled(seed, size, w)]
            tables.append(reliability(scored))
            precision.append(
                [(sum(y for s, y in scored if s >= t), sum(1 for s, _ in scored if s >= t)) for t in THRESHOLDS]
            )
        print("| band | " + " | ".join(f"{size:,} reports (seed {seed})" for seed, size in CHECK_SETS) + " |")
        print("| --- |" + " --- |" * len(CHECK_SETS))
        for k, band in enumerate(tables[0]):
            cells = [f"{t[k].true_share:.3f} ({t[k].mean_score:.3f}, {t[k].pairs:,})" for t in tables]
            print(f"| {band.low:.1f}-{band.high:.1f} | " + " | ".join(cells) + " |")
        print("\nmatch precision (true / pairs at or above the threshold, all compared pairs)")
        for k, t in enumerate(THRESHOLDS):
            cells = [f"{p[k][0] / max(p[k][1], 1):.3f} ({p[k][0]:,}/{p[k][1]:,})" for p in precision]
            print(f"| ≥ {t} | " + " | ".join(cells) + " |")


def main() -> None:
    from picket.tracing.engine import Config

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--refit", action="store_true", help="fit the dedupe weights on training seeds and stop")
    args = parser.parse_args()
    if args.refit:
        refit()
        return
    reports, truth = reports_of(args.seed, args.reports)
    config = Config()
    print(f"match threshold {config.match_threshold}, possible threshold {config.possible_threshold}")
    print(f"\nIndian, realistic: {len(reports):,} reports, seed {args.seed}\n{HEADER}")
    pairs, seconds = picket_pairs(reports)
    print(row("Picket", pairs, truth, seconds), flush=True)
    if not args.no_splink:
        pairs, seconds = splink_pairs(reports)
        print(row("Splink", pairs, truth, seconds), flush=True)


if __name__ == "__main__":
    main()
