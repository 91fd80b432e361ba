"""Creating notifications. Emails go out from the worker (``notify.tasks``), after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

from picket.accounts.models import User
from picket.notify.models import Notification


def notify(*, recipients: Iterable[User], subject: str, url: str = "", is_urgent: bool = False) -> list[Notification]:
    """Notify users in the app and by email. ``subject`` must hold references only, never a child's name."""
    from picket.notify.tasks import notification_email_send

    rows = [
        Notification(recipient=user, subject=subject[:200], url=url[:300], is_urgent=is_urgent)
        for user in recipients
        if user.is_active
    ]
    created = Notification.objects.bulk_create(rows)
    for row in created:
        if row.recipient.email:
            transaction.on_commit(partial(notification_email_send.enqueue, row.pk))
    return created


def notification_mark_read(*, user: User, notification: Notification) -> None:
    if notification.recipient_id == user.pk and notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
