"""Watchlists and alert triage. Every write is audited with codes only (never the watched value)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from picket.accounts.access import Actor, actor_for
from picket.accounts.models import User
from picket.accounts.permissions import Permission
from picket.audit.models import AuditAction
from picket.geo.models import District
from picket.intake.models import Tip, TipSource
from picket.intake.services import tip_record
from picket.monitoring import selectors
from picket.monitoring.alerts import alerts_for_tip
from picket.monitoring.common import audit, index_of, require_in
from picket.monitoring.models import (
    Ad,
    Alert,
    AlertStatus,
    DismissalReason,
    Establishment,
    IdentifierKind,
    WatchlistEntry,
    WatchlistOrigin,
)
from picket.monitoring.models.watch import OPEN_ALERT_STATUSES
from picket.people.models import AccusedPerson
from picket.prosecution.models import PoliceCase
from picket.prosecution.selectors import police_case_manageable

WATCHABLE = (IdentifierKind.PHONE, IdentifierKind.HANDLE, IdentifierKind.EMAIL, IdentifierKind.NAME)


def _district_for(actor: Actor, district: District | None) -> District | None:
    if district is None:
        if not actor.is_national:
            raise ValidationError({"district": _("Choose a district within your jurisdiction.")})
        return None
    if not actor.covers({district.pk}):
        raise ValidationError({"district": _("Choose a district within your jurisdiction.")})
    return district


def watchlist_add(
    *,
    actor: Actor,
    kind: str,
    value: str = "",
    establishment: Establishment | None = None,
    district: District | None = None,
    ad: Ad | None = None,
    note: str = "",
) -> WatchlistEntry:
    """Watch for a phone, handle, e-mail or name (or an establishment) in new ads and tips."""
    actor.require(Permission.MONITORING_MANAGE)
    if ad is not None:
        require_in(selectors.ad_manageable(actor=actor), ad)
    if kind == WatchlistEntry.ESTABLISHMENT:
        if establishment is None:
            raise ValidationError({"establishment": _("Choose an establishment.")})
        require_in(selectors.establishment_manageable(actor=actor), establishment)
        key, value = "", ""
        district = district or establishment.district
    elif kind in WATCHABLE:
        key = index_of(kind, value)
        if not key:
            raise ValidationError({"value": _("Enter a phone number of 10 digits, a handle, an e-mail or a name.")})
    else:
        raise ValidationError({"kind": _("Choose what to watch for.")})
    district = _district_for(actor, district if district is not None else (ad.district if ad else None))
    if len(note) > 1000:
        raise ValidationError({"note": _("At most %(n)d characters.") % {"n": 1000}})
    existing = WatchlistEntry.objects.filter(is_active=True, kind=kind, district=district)
    existing = existing.filter(establishment=establishment) if establishment else existing.filter(value_index=key)
    if existing.exists():
        raise ValidationError({"value": _("This is already on the watchlist.")})
    with transaction.atomic():
        entry = WatchlistEntry.objects.create(
            kind=kind, value=value.strip(), value_index=key, establishment=establishment, ad=ad, district=district,
            origin=WatchlistOrigin.AD if ad else WatchlistOrigin.ANALYST, note=note.strip(), added_by=actor.user,
        )  # fmt: skip
        audit("watchlistentry", entry.pk, AuditAction.CREATE, kind=kind)
    return entry


def watchlist_remove(*, actor: Actor, entry: WatchlistEntry) -> WatchlistEntry:
    require_in(selectors.watchlist_manageable(actor=actor), entry)
    if not entry.is_active:
        raise ValidationError({"entry": _("This entry was already removed.")})
    with transaction.atomic():
        entry.is_active = False
        entry.removed_by = actor.user
        entry.removed_at = timezone.now()
        entry.save(update_fields=["is_active", "removed_by", "removed_at"])
        audit("watchlistentry", entry.pk, AuditAction.UPDATE, kind="removed")
    return entry


def watchlist_sync_accused() -> int:
    """Watch every accused person's phone recorded in a case (a background job; no user). Returns how many
    entries were added."""
    watched = set(WatchlistEntry.objects.filter(accused__isnull=False).values_list("accused_id", flat=True))
    added = 0
    for accused in AccusedPerson.objects.exclude(phone_index="").exclude(pk__in=watched).iterator():
        key = index_of(IdentifierKind.PHONE, accused.phone)
        if not key:
            continue
        with transaction.atomic():
            entry = WatchlistEntry.objects.create(
                kind=IdentifierKind.PHONE, value=accused.phone, value_index=key, accused=accused,
                origin=WatchlistOrigin.ACCUSED, district_id=accused.district_id,
            )  # fmt: skip
            audit("watchlistentry", entry.pk, AuditAction.CREATE, kind="accused")
        added += 1
    return added


def tips_check_watchlist(*, since: datetime.datetime | None = None) -> int:
    """Alerts for tips received since ``since`` (default: two days) that mention a watchlisted identifier."""
    since = since or timezone.now() - datetime.timedelta(days=2)
    created = 0
    for tip in Tip.objects.filter(created_at__gte=since).order_by("pk").iterator():
        with transaction.atomic():
            ids = alerts_for_tip(tip)
            for alert_id in ids:
                audit("alert", alert_id, AuditAction.CREATE, kind="tip")
        created += len(ids)
    return created


# --- triage --------------------------------------------------------------------------------------------------


def _open(alert: Alert) -> None:
    if alert.status not in OPEN_ALERT_STATUSES:
        raise ValidationError({"status": _("This alert has already been dealt with.")})


def alert_assign(*, actor: Actor, alert: Alert, assignee: User) -> Alert:
    """Give an open alert to someone who can see it (a monitoring role covering its district)."""
    require_in(selectors.alert_manageable(actor=actor), alert)
    _open(alert)
    if not assignee.is_active or not selectors.alert_list(actor=actor_for(assignee)).filter(pk=alert.pk).exists():
        raise ValidationError({"assignee": _("Choose someone who can see this alert.")})
    with transaction.atomic():
        alert.assignee, alert.status, alert.triaged_by = assignee, AlertStatus.ASSIGNED, actor.user
        alert.save(update_fields=["assignee", "status", "triaged_by", "updated_at"])
        audit("alert", alert.pk, kind="assigned")
    return alert


def alert_dismiss(*, actor: Actor, alert: Alert, reason: str, note: str = "") -> Alert:
    require_in(selectors.alert_manageable(actor=actor), alert)
    _open(alert)
    if reason not in DismissalReason.values:
        raise ValidationError({"reason": _("Choose why the alert is dismissed.")})
    if len(note) > 1000:
        raise ValidationError({"note": _("At most %(n)d characters.") % {"n": 1000}})
    with transaction.atomic():
        alert.status, alert.dismissal_reason, alert.dismissal_note = AlertStatus.DISMISSED, reason, note.strip()
        alert.triaged_by = actor.user
        alert.save(update_fields=["status", "dismissal_reason", "dismissal_note", "triaged_by", "updated_at"])
        audit("alert", alert.pk, kind="dismissed", reason=reason)
    return alert


def _tip_summary(alert: Alert) -> str:
    lines = [_("Monitoring alert %(ref)s: %(kind)s.") % {"ref": alert.reference, "kind": alert.get_kind_display()}]
    if alert.ad is not None:
        ad = alert.ad
        lines.append(_("Ad %(ref)s, risk %(risk).2f, first seen %(day)s.") % {
            "ref": ad.reference, "risk": ad.risk_score, "day": ad.first_seen_at.date().isoformat(),
        })  # fmt: skip
        lines.append(ad.text)
    return "\n".join(lines)


def alert_to_tip(*, actor: Actor, alert: Alert, district: District | None = None) -> Tip:
    """Turn an alert into a tip through intake (who does it needs to register tips, i.e. manage children's
    records, and to see the alert): a coordinator the analyst assigned it to."""
    require_in(selectors.alert_list(actor=actor), alert)
    if not actor.can(Permission.CHILD_MANAGE):
        raise PermissionDenied(Permission.CHILD_MANAGE.value)
    _open(alert)
    district = district or alert.district
    if district is None:
        raise ValidationError({"district": _("Choose the district the tip is for.")})
    with transaction.atomic():
        tip = tip_record(
            actor=actor, source=TipSource.MONITORING, district=district, what_seen=_tip_summary(alert)[:5000],
            caller_reference=alert.reference,
        )  # fmt: skip
        alert.status, alert.created_tip, alert.triaged_by = AlertStatus.TIP_CREATED, tip, actor.user
        alert.save(update_fields=["status", "created_tip", "triaged_by", "updated_at"])
        audit("alert", alert.pk, kind="tip_created")
    return tip


def alert_attach_case(*, actor: Actor, alert: Alert, police_case: PoliceCase) -> Alert:
    """Attach an alert to a police case (who does it must see the alert and manage the case: a legal officer)."""
    require_in(selectors.alert_list(actor=actor), alert)
    require_in(police_case_manageable(actor=actor), police_case)
    _open(alert)
    with transaction.atomic():
        alert.status, alert.police_case, alert.triaged_by = AlertStatus.ATTACHED, police_case, actor.user
        alert.save(update_fields=["status", "police_case", "triaged_by", "updated_at"])
        audit("alert", alert.pk, kind="attached")
    return alert
