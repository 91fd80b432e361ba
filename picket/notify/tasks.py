from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from picket.notify.models import Notification


@task()
def notification_email_send(notification_id: int) -> str:
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None or not notification.recipient.email:
        return "skipped"
    link = f"{settings.PICKET_BASE_URL.rstrip('/')}{notification.url}" if notification.url else ""
    send_mail(
        subject=("[URGENT] " if notification.is_urgent else "") + f"Picket: {notification.subject}",
        message=f"{notification.subject}\n\n{link}\n\nSign in to Picket to see the details.",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return "sent"
