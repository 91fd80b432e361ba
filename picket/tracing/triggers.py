"""Scheduling background tracing after a write commits. Connected (``apps.TracingConfig.ready``) to the signals
the intake and people services send whenever what the engine compares may have changed: a record created or
reopened, closed or traced (any change of status), a name, a parent or a phone added."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from picket.intake.models import CaseStatus, FoundChild, MissingReport
from picket.people.models import Child


def _schedule(kind: str, record_id: int) -> None:
    from picket.tracing.tasks import tracing_refresh

    transaction.on_commit(partial(tracing_refresh.enqueue, kind, record_id))


def case_record_changed(*, kind: str, record: FoundChild | MissingReport, **_: object) -> None:
    """Created, reopened or otherwise changed status: an open record is keyed and looked up once the transaction
    commits; a record no longer open loses its blocking keys at once (in the same transaction), so that no lookup
    puts it forward again, and is not looked up."""
    if record.status == CaseStatus.OPEN:
        _schedule(kind, record.pk)
    else:
        from picket.tracing.blockkeys import forget

        forget(kind, record.pk)


def child_changed(*, child: Child, **_: object) -> None:
    """The child's names or family changed: every open record of the child is looked up again."""
    for pk in FoundChild.objects.filter(child=child, status=CaseStatus.OPEN).values_list("pk", flat=True):
        _schedule("found", pk)
    for pk in MissingReport.objects.filter(child=child, status=CaseStatus.OPEN).values_list("pk", flat=True):
        _schedule("missing", pk)
