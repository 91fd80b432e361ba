"""Signals other apps listen to without intake depending on them."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent (``kind="found"|"missing"``, ``record=``) inside the transaction that created a found child or missing
#: report, or changed its status (tracing drops the blocking keys of a record no longer open, and looks an open
#: one up once the transaction commits).
case_record_changed = Signal()

#: Sent (``found=``) inside the transaction that recorded a found child's production before the CWC
#: (prosecution recomputes the CWC clocks of the rescue operations the child was rescued in).
cwc_production_recorded = Signal()
