"""The daily warning: deadlines due within 7 days, due by tomorrow, or missed, once per deadline per level.

Recipients are the case's legal team: legal officers of the case's organisation whose jurisdiction covers
the district, and the district coordinators covering it. Texts carry references, never names or FIR numbers.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from picket.accounts.models import User
from picket.accounts.roles import JurisdictionKind, Role
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.notify.services import notify
from picket.prosecution.deadlines import deadlines_refresh_elapsed, ist_date, last_day_of, rescue_clocks_refresh_open
from picket.prosecution.models import Deadline, DeadlineEscalation, DeadlineStatus, EscalationLevel
from picket.prosecution.rules import RULES


def escalation_level(deadline: Deadline, *, now: datetime.datetime) -> str | None:
    """The level a deadline has reached today, or None (met, not applicable, or more than 7 days away)."""
    status = deadline.status
    if not deadline.is_current or status in (DeadlineStatus.MET, DeadlineStatus.NOT_APPLICABLE):
        return None
    if status == DeadlineStatus.MISSED or deadline.due_at <= now:
        return EscalationLevel.MISSED if deadline.met_at is None else None
    days_left = (last_day_of(deadline.due_at) - ist_date(now)).days
    if days_left <= 1:
        return EscalationLevel.DUE_TOMORROW
    if days_left <= 7:
        return EscalationLevel.DUE_IN_7_DAYS
    return None


def legal_team(deadline: Deadline) -> list[User]:
    case = deadline.police_case or deadline.rescue_operation or deadline.court_case
    organisation_id = case.organisation_id if case is not None else None
    district = deadline.district
    covering = Q(jurisdiction_kind=JurisdictionKind.DISTRICTS, jurisdiction_districts=district) | Q(
        jurisdiction_kind=JurisdictionKind.STATE, jurisdiction_state_id=district.state_id
    )
    officers = User.objects.filter(role=Role.LEGAL_OFFICER, is_active=True, organisation_id=organisation_id or 0)
    officers = officers.filter(covering | Q(jurisdiction_kind=JurisdictionKind.NATIONAL))
    coordinators = User.objects.filter(role=Role.DISTRICT_COORDINATOR, is_active=True).filter(covering)
    return list((officers | coordinators).distinct().order_by("pk"))


def _subject(deadline: Deadline, level: str) -> str:
    rule = RULES[deadline.rule]
    case = deadline.police_case or deadline.rescue_operation
    where = case.reference if case is not None else ""
    when = last_day_of(deadline.due_at).isoformat()
    texts: dict[str, str] = {
        EscalationLevel.DUE_IN_7_DAYS: _("%(rule)s due by %(day)s: %(case)s %(subject)s"),
        EscalationLevel.DUE_TOMORROW: _("Due tomorrow or today (%(day)s) — %(rule)s: %(case)s %(subject)s"),
        EscalationLevel.MISSED: _("MISSED (last day %(day)s) — %(rule)s: %(case)s %(subject)s"),
    }
    subject = deadline.subject_label if deadline.subject_label != where else ""
    return texts[level] % {"rule": rule.title, "day": when, "case": where, "subject": subject}


def _url(deadline: Deadline) -> str:
    """The page of the case (references only in the address)."""
    if deadline.police_case is not None:
        return reverse("prosecution-case", args=[deadline.police_case.reference])
    if deadline.rescue_operation is not None:
        return reverse("prosecution-rescue", args=[deadline.rescue_operation.reference])
    return ""


def deadlines_escalate(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Mark elapsed clocks missed, then warn once per deadline per level. Returns counts per level."""
    now = now or timezone.now()
    rescue_clocks_refresh_open(now=now)  # a child produced before the CWC (recorded in intake) meets its clock
    deadlines_refresh_elapsed(now=now)
    counts = dict.fromkeys(EscalationLevel.values, 0)
    horizon = now + datetime.timedelta(days=9)
    candidates = (
        Deadline.objects.filter(is_current=True, due_at__lte=horizon)
        .exclude(computed_status=DeadlineStatus.MET)
        .select_related("district", "police_case", "rescue_operation", "court_case")
    )
    for deadline in candidates.iterator():
        level = escalation_level(deadline, now=now)
        if level is None or DeadlineEscalation.objects.filter(deadline=deadline, level=level).exists():
            continue
        recipients = legal_team(deadline)
        try:
            with transaction.atomic():
                DeadlineEscalation.objects.create(deadline=deadline, level=level, recipients=len(recipients))
                notify(recipients=recipients, subject=_subject(deadline, level), url=_url(deadline),
                       is_urgent=level != EscalationLevel.DUE_IN_7_DAYS)  # fmt: skip
                audit_record(action=AuditAction.UPDATE, object_type="prosecution.deadline", object_id=deadline.pk,
                             detail={"kind": f"escalation_{level}", "count": len(recipients)})  # fmt: skip
        except IntegrityError:  # another worker sent it at the same moment
            continue
        counts[level] += 1
    return counts
