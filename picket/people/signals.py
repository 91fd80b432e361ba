"""Signals other apps listen to without people depending on them."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent (``child=``) inside the transaction that changed what identifies a child: names or family (tracing
#: looks the child's open records up again once it commits).
child_identity_changed = Signal()
