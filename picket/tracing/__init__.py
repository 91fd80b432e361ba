"""Tracing: matching found and rescued children to missing-child reports, and missing reports to each other.

No models and no database yet: the engine works on interchange records (``records.Record``) in memory.

- :mod:`picket.tracing.engine` — ``Linker``, ``Deduper``, ``link``, ``dedupe``, ``Config``, ``Candidate``
  (score, decision, per-field ``explain()``);
- :mod:`picket.tracing.interchange` — reading ``missing.csv``/``found.csv`` strictly, writing ``matches.csv`` /
  ``duplicates.csv``, ``run_link``/``run_dedupe``/``run_calibrate`` (the ``picket tracing`` command's work);
- :mod:`picket.tracing.calibration` — ``calibrate`` (fit the weights on labelled pairs), ``reliability``;
- :mod:`picket.tracing.features`, :mod:`~picket.tracing.blocking`, :mod:`~picket.tracing.explain`,
  :mod:`~picket.tracing.text`, :mod:`~picket.tracing.weights`, :mod:`~picket.tracing.synthetic` — the parts.

See ``docs/adr/0013-tracing-engine.md``.
"""
