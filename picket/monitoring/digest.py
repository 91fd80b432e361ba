"""The daily monitoring digest (issue #7, item 5): one notification a day for each monitoring analyst and each
person with monitoring alerts assigned, when something is new for them.

What counts, always within what the reader may see (``selectors``, their districts):
- new open alerts (raised since their last digest, still new or assigned);
- alerts assigned to them and still open (the number; the ones assigned or changed since the last digest count as
  new, with their references);
- new high-risk (flagged) ads;
- networks that grew (got a new ad).

The text holds counts and alert references only — never a phone, handle, name or an ad's words — and links to
the monitoring desk. "Since" is the reader's previous digest (else a day ago); nothing is sent when nothing is
new; a reader gets at most one digest per day (India Standard Time): the digest's address carries its date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from picket.accounts.access import actor_for
from picket.accounts.models import User
from picket.accounts.permissions import Permission
from picket.accounts.roles import Role
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.monitoring import selectors
from picket.monitoring.models import Alert
from picket.monitoring.models.watch import OPEN_ALERT_STATUSES
from picket.notify.models import Notification
from picket.notify.services import notify

IST = ZoneInfo("Asia/Kolkata")
FIRST_WINDOW = datetime.timedelta(days=1)
MAX_REFERENCES = 3


@dataclass
class Digest:
    new_alerts: int = 0
    assigned_open: int = 0
    assigned_new: list[str] = field(default_factory=list)  # references of alerts newly assigned (or changed)
    high_risk_ads: int = 0
    networks_grew: int = 0

    @property
    def has_news(self) -> bool:
        return bool(self.new_alerts or self.assigned_new or self.high_risk_ads or self.networks_grew)


def _digest_url(day: datetime.date) -> str:
    return f"{reverse('monitoring:desk')}?digest={day.isoformat()}"


def _previous(user: User) -> Notification | None:
    prefix = f"{reverse('monitoring:desk')}?digest="
    return Notification.objects.filter(recipient=user, url__startswith=prefix).order_by("-created_at").first()


def digest_for(user: User, *, since: datetime.datetime) -> Digest:
    """What is new for ``user`` since ``since``, counted only over what they may see."""
    actor = actor_for(user)
    if not actor.can(Permission.MONITORING_VIEW):
        return Digest()
    alerts = selectors.alert_list(actor=actor).filter(status__in=OPEN_ALERT_STATUSES)
    mine = alerts.filter(assignee=user)
    ads = selectors.ad_list(actor=actor).filter(first_seen_at__gte=since)
    return Digest(
        new_alerts=alerts.filter(created_at__gte=since).count(),
        assigned_open=mine.count(),
        assigned_new=list(
            mine.filter(updated_at__gte=since).order_by("created_at").values_list("reference", flat=True)
        ),
        high_risk_ads=ads.filter(flagged=True).count(),
        networks_grew=selectors.network_list(actor=actor)
        .filter(pk__in=ads.filter(network__isnull=False).values("network"))
        .count(),
    )


def digest_subject(digest: Digest, day: datetime.date) -> str:
    """Counts and alert references only."""
    parts = [
        ngettext("%(n)d new open alert", "%(n)d new open alerts", digest.new_alerts) % {"n": digest.new_alerts},
        ngettext("%(n)d alert assigned to you open", "%(n)d alerts assigned to you open", digest.assigned_open)
        % {"n": digest.assigned_open},
        ngettext("%(n)d new high-risk ad", "%(n)d new high-risk ads", digest.high_risk_ads)
        % {"n": digest.high_risk_ads},
        ngettext("%(n)d network grew", "%(n)d networks grew", digest.networks_grew) % {"n": digest.networks_grew},
    ]
    subject = _("Monitoring digest %(day)s: %(parts)s") % {"day": day.isoformat(), "parts": "; ".join(parts)}
    if digest.assigned_new:
        shown = ", ".join(digest.assigned_new[:MAX_REFERENCES])
        more = len(digest.assigned_new) - MAX_REFERENCES
        shown += f" (+{more})" if more > 0 else ""
        subject += " — " + _("newly assigned: %(refs)s") % {"refs": shown}
    return subject


def digest_recipients() -> list[User]:
    """Active monitoring analysts, and whoever has an open monitoring alert assigned."""
    assignees = Alert.objects.filter(status__in=OPEN_ALERT_STATUSES, assignee__isnull=False).values("assignee")
    users = User.objects.filter(Q(role=Role.MONITORING_ANALYST) | Q(pk__in=assignees), is_active=True)
    return list(users.order_by("pk"))


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """Send today's digest to every reader with something new who has not had today's; returns how many."""
    now = now or timezone.now()
    day = now.astimezone(IST).date()
    url = _digest_url(day)
    sent = 0
    for user in digest_recipients():
        with transaction.atomic():
            # Two workers may run the job at once: the reader's row stays locked from the check to the
            # notification (PostgreSQL; SQLite's IMMEDIATE transactions serialise writers anyway), so that
            # the second finds today's digest and sends none.
            list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
            if Notification.objects.filter(recipient=user, url=url).exists():
                continue
            previous = _previous(user)
            since = previous.created_at if previous is not None else now - FIRST_WINDOW
            digest = digest_for(user, since=since)
            if not digest.has_news:
                continue
            with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                subject = digest_subject(digest, day)
            notify(recipients=[user], subject=subject, url=url)
        sent += 1
    if sent:
        audit_record(action=AuditAction.UPDATE, object_type="monitoring.digest", detail={"count": sent})
    return sent
