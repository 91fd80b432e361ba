"""Fitting the model's weights on labelled pairs, so that scores behave as probabilities.

``calibrate(pairs_with_labels)`` fits every weight (``bias``, each ``field=level``, each ``field:tf``
coefficient) by penalised logistic regression: the maximum a posteriori estimate under a Gaussian prior centred
on the current weights (``prior``, standard deviation ``sigma`` nats), with the engine's prior-odds ``offset``
kept fixed. The prior keeps levels that the labelled data rarely shows near their hand-set values, and lets a
few hundred labelled pairs move the rest. Newton's method on the sparse indicators; pure Python (the model
has ~80 weights and a pair sets ~15 of them), so no NumPy.

``python -m picket.tracing.calibration`` refits the weights on the harsh synthetic data of
:mod:`picket.tracing.synthetic` (the shipped ``DEFAULT_DEDUPE``) and prints them in the form of ``weights.py``;
the shipped ``DEFAULT_LINK`` is fitted on the realistic generator by ``bench/tracing_quality.py --refit``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from picket.tracing.engine import Candidate, Config, Deduper, Linker, sigmoid
from picket.tracing.weights import PRIOR_DEDUPE, PRIOR_LINK, Weights

Example = tuple[Mapping[str, float], float, bool]  # (features, offset, is the same child)


class Scored(Protocol):
    """What calibration reads of a scored pair: ``engine.Candidate``, or another field set's pair
    (``febrl.FebrlCandidate``) built on the same levels, weights and prior odds."""

    @property
    def offset(self) -> float: ...

    @property
    def weights(self) -> Mapping[str, float]: ...

    def features(self) -> dict[str, float]: ...


def examples(pairs_with_labels: Iterable[tuple[Scored, bool]]) -> list[Example]:
    return [(c.features(), c.offset, bool(label)) for c, label in pairs_with_labels]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve a small symmetric positive-definite system (Gaussian elimination with partial pivoting)."""
    n = len(vector)
    a = [[*row, vector[k]] for k, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        head = a[col][col]
        for r in range(col + 1, n):
            factor = a[r][col] / head
            if factor:
                row, top = a[r], a[col]
                for c in range(col, n + 1):
                    row[c] -= factor * top[c]
    out = [0.0] * n
    for r in range(n - 1, -1, -1):
        out[r] = (a[r][n] - sum(a[r][c] * out[c] for c in range(r + 1, n))) / a[r][r]
    return out


Row = tuple[list[tuple[int, float]], float, float, float]  # (active features, offset, pairs, true pairs)


def _objective(rows: Sequence[Row], theta: list[float], centre: list[float], precision: float) -> float:
    """Negative log posterior: log loss of every row plus the Gaussian prior's penalty."""
    total = 0.5 * precision * sum((t - c) ** 2 for t, c in zip(theta, centre, strict=True))
    for active, offset, n, positives in rows:
        z = offset + sum(theta[k] * v for k, v in active)
        # n log(1 + e^z) - positives z, computed without overflow
        total += n * ((z if z > 0 else 0.0) + math.log1p(math.exp(-abs(z)))) - positives * z
    return total


def _rows(data: Sequence[Example], position: Mapping[str, int]) -> list[Row]:
    """The examples with identical features and offset merged (most pairs of a large file repeat a few dozen
    patterns), so that each Newton step costs per pattern, not per pair; the fit is the same."""
    merged: dict[tuple[tuple[tuple[int, float], ...], float], list[float]] = {}
    for features, offset, y in data:
        key = (tuple(sorted((position[n], v) for n, v in features.items())), offset)
        counts = merged.setdefault(key, [0.0, 0.0])
        counts[0] += 1.0
        counts[1] += float(y)
    return [(list(active), offset, n, positives) for (active, offset), (n, positives) in merged.items()]


def fit(data: Sequence[Example], prior: Mapping[str, float], *, sigma: float = 1.5, iterations: int = 30) -> Weights:
    """MAP logistic regression: weights maximising sum of log-likelihoods minus sum of (w - prior)^2 / (2 sigma^2)."""
    names = sorted({name for features, _, _ in data for name in features} | set(prior))
    position = {name: k for k, name in enumerate(names)}
    rows = _rows(data, position)
    theta = [prior.get(name, 0.0) for name in names]
    centre = list(theta)
    precision = 1.0 / sigma**2
    for _ in range(iterations):
        gradient = [precision * (t - c) for t, c in zip(theta, centre, strict=True)]
        hessian = [[0.0] * len(names) for _ in names]
        for k in range(len(names)):
            hessian[k][k] = precision
        for active, offset, n, positives in rows:
            p = sigmoid(offset + sum(theta[k] * v for k, v in active))
            residual, curvature = n * p - positives, n * p * (1.0 - p)
            for k, v in active:
                gradient[k] += residual * v
                if curvature > 1e-12:
                    row = hessian[k]
                    for m, u in active:
                        row[m] += curvature * v * u
        step = _solve(hessian, gradient)
        current = _objective(rows, theta, centre, precision)
        scale = 1.0
        while scale > 1e-4:  # damped Newton: halve the step until the objective goes down
            trial = [t - scale * s for t, s in zip(theta, step, strict=True)]
            if _objective(rows, trial, centre, precision) <= current:
                break
            scale /= 2
        else:
            break
        theta = trial
        if max(abs(scale * s) for s in step) < 1e-5:
            break
    return {name: round(value, 3) for name, value in zip(names, theta, strict=True)}


def calibrate(
    pairs_with_labels: Iterable[tuple[Scored, bool]],
    *,
    prior: Mapping[str, float] | None = None,
    sigma: float = 1.5,
) -> Weights:
    """Weights fitted on labelled candidate pairs (from ``Linker.candidates(..., keep_all=True)`` or
    ``Deduper.duplicates(keep_all=True)``), starting from ``prior`` (default: the weights the pairs were
    scored with). Pass the result as ``Config(weights=...)``."""
    pairs = list(pairs_with_labels)
    if prior is None:
        prior = pairs[0][0].weights if pairs else PRIOR_LINK
    return anchored(fit(examples(pairs), prior, sigma=sigma))


#: The level of each field that means "nothing to compare"; it is anchored at weight 0.
UNKNOWN_LEVELS = ("unknown", "missing")


def anchored(weights: Mapping[str, float]) -> Weights:
    """The same model with each field's "unknown" level at 0 (the others shifted, ``bias`` compensating).

    Within a field the levels are exclusive, so only their differences are identified by data; anchoring makes
    each weight read as "how much this outcome says compared with not knowing", which is what a case worker
    sees next to each field.
    """
    out = dict(weights)
    for key, value in weights.items():
        field_name, _, level = key.partition("=")
        if level in UNKNOWN_LEVELS and value:
            for other in weights:
                if other.startswith(field_name + "="):
                    out[other] = round(out[other] - value, 3)
            out["bias"] = round(out.get("bias", 0.0) + value, 3)
    return out


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    pairs: int
    mean_score: float
    true_share: float


def reliability(
    scored: Iterable[tuple[float, bool]], edges: Sequence[float] = (0.0, 0.2, 0.5, 0.8, 0.9, 1.0)
) -> list[Bin]:
    """Calibration table: for each score band, how many pairs, their mean score and the share that is true."""
    groups: list[list[tuple[float, bool]]] = [[] for _ in edges[1:]]
    for score, label in scored:
        for k in range(len(edges) - 1):
            if score < edges[k + 1] or k == len(edges) - 2:
                groups[k].append((score, label))
                break
    return [
        Bin(
            low=edges[k],
            high=edges[k + 1],
            pairs=len(group),
            mean_score=sum(s for s, _ in group) / len(group) if group else math.nan,
            true_share=sum(1 for _, y in group if y) / len(group) if group else math.nan,
        )
        for k, group in enumerate(groups)
    ]


def log_loss(scored: Iterable[tuple[float, bool]]) -> float:
    total, count = 0.0, 0
    for score, label in scored:
        p = min(max(score, 1e-12), 1 - 1e-12)
        total -= math.log(p if label else 1 - p)
        count += 1
    return total / max(count, 1)


def link_training_pairs(
    seed: int, *, missing: int, found: int, weights: Mapping[str, float]
) -> list[tuple[Candidate, bool]]:
    """Every compared pair of a synthetic link data set, labelled."""
    from picket.tracing.synthetic import link_dataset

    data = link_dataset(seed, missing=missing, found=found)
    linker = Linker(data.missing, Config(weights=weights))
    return [
        (c, (c.missing_id, c.other_id) in data.truth) for f in data.found for c in linker.candidates(f, keep_all=True)
    ]


def dedupe_training_pairs(seed: int, *, reports: int, weights: Mapping[str, float]) -> list[tuple[Candidate, bool]]:
    from picket.tracing.synthetic import dedupe_dataset

    data = dedupe_dataset(seed, reports=reports)
    deduper = Deduper(data.missing, Config(weights=weights))
    return [(c, frozenset((c.missing_id, c.other_id)) in data.truth) for c in deduper.duplicates(keep_all=True)]


def _print_weights(name: str, weights: Mapping[str, float]) -> None:
    print(f"{name}: Final[Weights] = {{")
    for key in sorted(weights, key=lambda k: (k != "bias", k)):
        print(f'    "{key}": {weights[key]:.2f},')
    print("}")


def main() -> None:  # pragma: no cover - run by hand to refresh weights.py
    link_sizes = ((1, 3000, 1200), (2, 800, 400), (3, 10000, 1000))
    link_pairs = [
        pair for seed, m, f in link_sizes for pair in link_training_pairs(seed, missing=m, found=f, weights=PRIOR_LINK)
    ]
    dedupe_sizes = ((101, 3000), (102, 800), (103, 1500))
    dedupe_pairs = [
        pair for seed, n in dedupe_sizes for pair in dedupe_training_pairs(seed, reports=n, weights=PRIOR_DEDUPE)
    ]
    _print_weights("DEFAULT_LINK", calibrate(link_pairs, prior=PRIOR_LINK))
    _print_weights("DEFAULT_DEDUPE", calibrate(dedupe_pairs, prior=PRIOR_DEDUPE))


if __name__ == "__main__":  # pragma: no cover
    main()
