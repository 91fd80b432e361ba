"""The daily reminder of reunification steps: due within ``SOON_DAYS`` days, or overdue; each level once per step.

Sent to the reviewers of the found child's district (the team with the child) and of the report's district.
Subjects carry references only.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from picket.notify.services import notify
from picket.tracing.models import ReunificationStatus, ReunificationStep
from picket.tracing.services import reviewers_of

SOON_DAYS = 3
SOON, OVERDUE = "soon", "overdue"


def reunification_reminders(today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = {SOON: 0, OVERDUE: 0}
    steps = ReunificationStep.objects.filter(
        done_on__isnull=True,
        reunification__status__in=[ReunificationStatus.IN_PROGRESS, ReunificationStatus.RESTORED],
        due_on__lte=today + datetime.timedelta(days=SOON_DAYS),
    ).select_related("reunification__found_child__district", "reunification__missing_report__district")
    for step in steps:
        level = OVERDUE if step.due_on < today else SOON
        if step.reminded == level:
            continue
        reunification = step.reunification
        found = reunification.found_child
        recipients = set(reviewers_of(found.district)) | set(reviewers_of(reunification.missing_report.district))
        if level == OVERDUE:
            subject = _("Reunification of %(reference)s: %(step)s overdue since %(due)s")
        else:
            subject = _("Reunification of %(reference)s: %(step)s due on %(due)s")
        with transaction.atomic():
            notify(
                recipients=recipients,
                subject=subject % {"reference": found.reference, "step": step.get_kind_display(), "due": step.due_on},
                url=reverse("tracing:reunification", args=[reunification.pk]),
                is_urgent=level == OVERDUE,
            )
            ReunificationStep.objects.filter(pk=step.pk).update(reminded=level)
        counts[level] += 1
    return counts
