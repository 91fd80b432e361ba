"""Weights of the tracing model: prior (hand-set) and default (fitted) log-likelihood ratios, in nats.

A parameter ``"<field>=<level>"`` is the weight of that level, ``log(m / u)`` in Fellegi-Sunter terms, where
``m`` is how often the level occurs when both records are the same child and ``u`` when they are not. The level
weights of name, district and language fields are set for a value of *reference* frequency
(``features.REFERENCE_FREQUENCY``); ``"<field>:tf"`` is the coefficient of the rarity term. ``"bias"`` is added
to every pair, on top of the prior odds that the engine computes from the file sizes.

``PRIOR_*`` are the hand-set starting points, written as rough ``m`` and ``u`` in the comments. ``DEFAULT_*``
are the weights the engine ships, fitted by :func:`picket.tracing.calibration.calibrate` with the priors as a
Gaussian prior, so that levels the training data rarely shows stay near them: ``DEFAULT_LINK`` on labelled pairs
of the realistic generator (``python bench/tracing_quality.py --refit``), ``DEFAULT_DEDUPE`` on the harsh
synthetic set of :mod:`picket.tracing.synthetic` (``python -m picket.tracing.calibration``).
"""

from __future__ import annotations

from typing import Final

Weights = dict[str, float]

_NAME_PRIOR: Final = {
    "agree": 3.8,  # m .45 (same sound, first name only counts), u = reference frequency .01
    "variant": 3.0,  # m .15, u .007
    "partial": 1.0,  # given name agrees, surname differs: m .03, u .01
    "surname_only": -1.0,
    "close": 0.5,  # Sita/Gita: m .05, u .03
    "nickname": 0.0,  # a pet name against a given name: says nothing either way
    "generic": 0.0,  # "Chhotu": says nothing
    "conflict": -2.4,  # m .08 (renamed, misheard), u .9
    "missing": 0.0,
}

PRIOR_LINK: Final[Weights] = {
    "bias": 0.0,
    **{f"name={level}": w for level, w in _NAME_PRIOR.items()},
    "name:tf": 1.0,
    "sibling=one": -1.0,  # names conflict while one family field agrees (often a common father's name)
    "sibling=several": -5.0,  # names conflict in the same family: a brother or sister; cancels the family fields
    "father=agree": 3.5,  # m .5, u .015
    "father=variant": 2.5,
    "father=partial": 0.5,
    "father=surname_only": -1.0,
    "father=close": 0.3,
    "father=nickname": 0.0,
    "father=generic": 0.0,
    "father=conflict": -2.0,  # m .1, u .75
    "father=missing": 0.0,
    "father:tf": 1.0,
    "mother=agree": 2.5,
    "mother=variant": 2.0,
    "mother=partial": 0.3,
    "mother=surname_only": -0.5,
    "mother=close": 0.2,
    "mother=nickname": 0.0,
    "mother=generic": 0.0,
    "mother=conflict": -1.2,
    "mother=missing": 0.0,
    "mother:tf": 0.8,
    "gender=same": 0.6,  # m .97, u .5
    "gender=differ": -3.0,  # m .03, u .5 (a clerk's slip)
    "gender=unknown": 0.0,
    "age=exact": 1.2,  # m .45, u .15
    "age=fits": 0.6,  # m .4, u .25
    "age=near": -0.7,  # m .1, u .2
    "age=far": -3.0,  # m .05, u .4
    "age=unknown": 0.0,
    "dates=after": 0.1,
    "dates=just_before": -1.0,
    "dates=before": -4.0,  # found before going missing: only a wrong date explains it
    "dates=unknown": 0.0,
    "home=district": 2.5,  # the child's home district is the report's: m .35, u .03
    "home=state": 0.8,
    "home=other_district": -0.3,
    "home=other": -1.5,
    "home=unknown": 0.0,
    "home:tf": 0.7,
    "found_in=district": 0.8,  # found where the child went missing (children are often found far away)
    "found_in=state": 0.3,
    "found_in=other_district": 0.0,
    "found_in=other": -0.2,
    "found_in=unknown": 0.0,
    "language=same": 0.5,
    "language=related": 0.1,
    "language=differ": -1.0,
    "language=unknown": 0.0,
    "language:tf": 0.5,
    "marks=agree": 2.0,
    "marks=partial": 0.5,
    "marks=differ": -0.3,  # marks are seen and written differently
    "marks=unknown": 0.0,
    "phone=same": 7.0,  # m .95, u .001
    "phone=differ": -0.5,  # families have several numbers
    "phone=unknown": 0.0,
}

PRIOR_DEDUPE: Final[Weights] = {
    "bias": 0.0,
    **{f"name={level}": w for level, w in _NAME_PRIOR.items()},
    "name=agree": 4.0,
    "name=partial": 0.5,
    "name=conflict": -4.0,  # two reports of one child rarely give different names
    "name:tf": 1.0,
    "sibling=one": -1.5,
    "sibling=several": -6.0,
    "father=agree": 3.5,
    "father=variant": 2.5,
    "father=partial": 0.0,
    "father=surname_only": -1.5,
    "father=close": 0.0,
    "father=nickname": 0.0,
    "father=generic": 0.0,
    "father=conflict": -3.0,
    "father=missing": 0.0,
    "father:tf": 1.0,
    "mother=agree": 2.5,
    "mother=variant": 2.0,
    "mother=partial": 0.0,
    "mother=surname_only": -1.0,
    "mother=close": 0.0,
    "mother=nickname": 0.0,
    "mother=generic": 0.0,
    "mother=conflict": -2.0,
    "mother=missing": 0.0,
    "mother:tf": 0.8,
    "gender=same": 0.6,
    "gender=differ": -4.0,
    "gender=unknown": 0.0,
    "age=exact": 1.5,
    "age=fits": 0.5,
    "age=near": -1.5,
    "age=far": -4.0,
    "age=unknown": 0.0,
    "dates=same": 2.0,  # both reports give the same "missing since" day (±3)
    "dates=close": 1.0,
    "dates=apart": -1.0,
    "dates=far": -3.0,
    "dates=unknown": 0.0,
    "place=village": 2.5,
    "place=district": 1.5,
    "place=state": 0.3,
    "place=other_district": -0.3,
    "place=other": -1.0,
    "place=unknown": 0.0,
    "place:tf": 0.5,
    "language=same": 0.5,
    "language=related": 0.0,
    "language=differ": -1.5,
    "language=unknown": 0.0,
    "language:tf": 0.5,
    "marks=agree": 2.0,
    "marks=partial": 0.5,
    "marks=differ": -0.5,
    "marks=unknown": 0.0,
    "phone=same": 6.0,
    "phone=differ": -0.3,
    "phone=unknown": 0.0,
}

# Fitted link weights: the output of `python bench/tracing_quality.py --refit` (2026-11-28): 459,296 labelled
# pairs (2,854 true) of three sets from the realistic generator (bench/tracing_indian_data.py, seeds 101-103:
# 20,000 x 2,000, 5,000 x 1,000, 60,000 x 2,000; the benchmark evaluates on seed 11), PRIOR_LINK as the
# Gaussian prior. Each field's "unknown"/"missing" level is anchored at 0, so a weight reads as "compared with
# not knowing".
DEFAULT_LINK: Final[Weights] = {
    "bias": 2.47,
    "age=exact": 1.07,
    "age=far": -3.47,
    "age=fits": 0.43,
    "age=near": -1.14,
    "age=unknown": 0.00,
    "dates=after": 0.60,
    "dates=before": -6.66,
    "dates=just_before": 0.16,
    "dates=unknown": 0.00,
    "father:tf": 0.81,
    "father=agree": 3.43,
    "father=close": -0.64,
    "father=conflict": -5.43,
    "father=generic": -1.23,
    "father=missing": 0.00,
    "father=nickname": -3.59,
    "father=partial": -1.51,
    "father=surname_only": -2.79,
    "father=variant": 3.12,
    "found_in=district": 0.58,
    "found_in=other": -0.41,
    "found_in=other_district": -0.57,
    "found_in=state": 0.30,
    "found_in=unknown": 0.00,
    "gender=differ": -2.86,
    "gender=same": -0.09,
    "gender=unknown": 0.00,
    "home:tf": 0.96,
    "home=district": 2.29,
    "home=other": -2.58,
    "home=other_district": -0.56,
    "home=state": 0.81,
    "home=unknown": 0.00,
    "language:tf": 0.92,
    "language=differ": -4.79,
    "language=related": -1.27,
    "language=same": -0.46,
    "language=unknown": 0.00,
    "marks=agree": 3.04,
    "marks=differ": -4.44,
    "marks=partial": 0.51,
    "marks=unknown": 0.00,
    "mother:tf": 0.63,
    "mother=agree": 2.84,
    "mother=close": -1.08,
    "mother=conflict": -4.68,
    "mother=generic": -0.90,
    "mother=missing": 0.00,
    "mother=nickname": -2.49,
    "mother=partial": -0.59,
    "mother=surname_only": -1.40,
    "mother=variant": 2.54,
    "name:tf": 0.91,
    "name=agree": 3.05,
    "name=close": 0.19,
    "name=conflict": -2.15,
    "name=generic": 0.05,
    "name=missing": 0.00,
    "name=nickname": -0.38,
    "name=partial": 1.72,
    "name=surname_only": -3.74,
    "name=variant": 2.84,
    "phone=differ": -0.42,
    "phone=same": 8.17,
    "phone=unknown": 0.00,
    "sibling=one": -0.61,
    "sibling=several": -1.53,
}
# Fitted dedupe weights: the output of `python -m picket.tracing.calibration` (harsh synthetic data,
# picket.tracing.synthetic; not yet refitted on the realistic generator).
DEFAULT_DEDUPE: Final[Weights] = {
    "bias": 2.90,
    "age=exact": 2.39,
    "age=far": -7.44,
    "age=fits": 0.61,
    "age=near": -0.97,
    "age=unknown": 0.00,
    "dates=apart": -3.82,
    "dates=close": 2.56,
    "dates=far": -4.69,
    "dates=same": 3.90,
    "dates=unknown": 0.00,
    "father:tf": 0.40,
    "father=agree": 2.39,
    "father=close": -1.66,
    "father=conflict": -5.67,
    "father=generic": -0.27,
    "father=missing": 0.00,
    "father=nickname": -1.32,
    "father=partial": -0.11,
    "father=surname_only": -2.72,
    "father=variant": 2.74,
    "gender=differ": -4.52,
    "gender=same": -0.39,
    "gender=unknown": 0.00,
    "language:tf": 0.93,
    "language=differ": -3.19,
    "language=related": -3.09,
    "language=same": 0.15,
    "language=unknown": 0.00,
    "marks=agree": 3.52,
    "marks=differ": -1.97,
    "marks=partial": 1.11,
    "marks=unknown": 0.00,
    "mother:tf": 0.19,
    "mother=agree": 1.21,
    "mother=close": -0.60,
    "mother=conflict": -3.81,
    "mother=generic": -0.59,
    "mother=missing": 0.00,
    "mother=nickname": -0.59,
    "mother=partial": -0.59,
    "mother=surname_only": -1.59,
    "mother=variant": 1.71,
    "name:tf": 0.53,
    "name=agree": 3.17,
    "name=close": 1.79,
    "name=conflict": -3.34,
    "name=generic": 0.00,
    "name=missing": 0.00,
    "name=nickname": -3.96,
    "name=partial": 1.08,
    "name=surname_only": -0.98,
    "name=variant": 4.17,
    "phone=differ": -2.02,
    "phone=same": 1.62,
    "phone=unknown": 0.00,
    "place:tf": 0.75,
    "place=district": 0.94,
    "place=other": -1.26,
    "place=other_district": -0.38,
    "place=state": 0.30,
    "place=unknown": 0.00,
    "place=village": 2.34,
    "sibling=one": -1.03,
    "sibling=several": -5.00,
}
