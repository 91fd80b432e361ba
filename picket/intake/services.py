"""Writes for intake. Each validates, names the field at fault, writes in one transaction with its audit event."""

from __future__ import annotations

import datetime
import hmac
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from picket.accounts.access import Actor
from picket.accounts.models import Organisation, User
from picket.accounts.permissions import Permission
from picket.accounts.roles import JurisdictionKind, OrganisationKind, Role
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.geo.models import District
from picket.intake.models import (
    TIP_TRANSITIONS,
    CaseStatus,
    FoundChild,
    FoundHow,
    MissingReport,
    Placement,
    ReportKind,
    Statement,
    Tip,
    TipNote,
    TipNoteKind,
    TipSource,
    TipStatus,
    Urgency,
)
from picket.intake.selectors import found_manageable, missing_manageable, tip_manageable
from picket.intake.signals import case_record_changed, cwc_production_recorded
from picket.notify.services import notify
from picket.people.models import Child, Relation
from picket.people.selectors import PHONE_INDEX_PURPOSE
from picket.people.services import family_member_add
from picket.privacy.crypto import blind_index

MAX_TEXT = 5000
POLICE_REPORT_INDEX_PURPOSE = "intake.police_report_number"


def _text(value: str, *, field: str, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": limit}})
    return value


def _not_future(day: datetime.date | None, *, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("The date is in the future.")})


def _phone(value: str, *, field: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.strip() and not 10 <= len(digits) <= 13:
        raise ValidationError({field: _("A phone number has 10 digits (with an optional country code).")})
    return digits[-10:] if digits else ""


def _coordinators_of(district: District) -> list[User]:
    """District coordinators covering ``district`` (by district or by its state)."""
    by_district = User.objects.filter(
        role=Role.DISTRICT_COORDINATOR, is_active=True, jurisdiction_kind=JurisdictionKind.DISTRICTS,
        jurisdiction_districts=district,
    )  # fmt: skip
    by_state = User.objects.filter(
        role=Role.DISTRICT_COORDINATOR, is_active=True, jurisdiction_kind=JurisdictionKind.STATE,
        jurisdiction_state_id=district.state_id,
    )  # fmt: skip
    return list((by_district | by_state).distinct())


def _alert_if_imminent(tip: Tip) -> None:
    if tip.urgency == Urgency.IMMINENT:
        notify(
            recipients=_coordinators_of(tip.district),
            subject=_("Imminent danger: tip %(ref)s in %(district)s")
            % {"ref": tip.reference, "district": tip.district.name},
            url=reverse("tip-detail", args=[tip.reference]),
            is_urgent=True,
        )


# --- tips ----------------------------------------------------------------------------------------------------------


def follow_up_hash(secret: str) -> str:
    return blind_index(secret, purpose="intake.tip-follow-up")


def tip_submit_public(
    *,
    district: District,
    what_seen: str,
    place: str = "",
    establishment: str = "",
    occurred_on: datetime.date | None = None,
    children_involved: int | None = None,
    contact: str = "",
) -> tuple[Tip, str]:
    """A tip from the public web form (no sign-in). Returns the tip and the tipster's follow-up secret (shown once)."""
    what_seen = _text(what_seen, field="what_seen", required=True)
    if len(what_seen) < 10:
        raise ValidationError({"what_seen": _("Please say a little more about what you saw (at least 10 characters).")})
    _not_future(occurred_on, field="occurred_on")
    if children_involved is not None and not 1 <= children_involved <= 500:
        raise ValidationError({"children_involved": _("Give a number between 1 and 500.")})
    secret = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        tip = Tip.objects.create(
            source=TipSource.PUBLIC_WEB,
            district=district,
            what_seen=what_seen,
            place=_text(place, field="place", limit=500),
            establishment=_text(establishment, field="establishment", limit=500),
            occurred_on=occurred_on,
            children_involved=children_involved,
            contact=_text(contact, field="contact", limit=200),
            follow_up_secret_hash=follow_up_hash(secret),
        )
        audit_record(action=AuditAction.CREATE, object_type="intake.tip", object_id=tip.pk, detail={"kind": "public"})
    return tip, secret


def tip_add_public_information(*, reference: str, secret: str, text: str) -> Tip:
    """The tipster adds to their tip with its reference and secret. Nothing is ever read back to them."""
    text = _text(text, field="text", required=True)
    tip = Tip.objects.filter(reference=reference.strip().upper()).first()
    # Same answer for an unknown reference and a wrong secret: the form must not confirm that a tip exists.
    if (
        tip is None
        or not tip.follow_up_secret_hash
        or not hmac.compare_digest(tip.follow_up_secret_hash, follow_up_hash(secret.strip()))
    ):
        raise ValidationError({"secret": _("The reference or the code is not right.")})
    if tip.status == TipStatus.CLOSED:
        raise ValidationError({"reference": _("This tip is closed. Please send a new tip.")})
    with transaction.atomic():
        TipNote.objects.create(tip=tip, kind=TipNoteKind.TIPSTER, text=text)
        audit_record(action=AuditAction.UPDATE, object_type="intake.tip", object_id=tip.pk, detail={"kind": "tipster"})
    return tip


def tip_record(
    *,
    actor: Actor,
    source: str,
    district: District,
    what_seen: str,
    place: str = "",
    establishment: str = "",
    occurred_on: datetime.date | None = None,
    children_involved: int | None = None,
    contact: str = "",
    caller_reference: str = "",
    urgency: str = Urgency.NORMAL,
) -> Tip:
    """A call or walk-in taken by staff (Childline 1098, a transfer from 112, police)."""
    actor.require(Permission.CHILD_MANAGE)
    if source not in TipSource.values or source == TipSource.PUBLIC_WEB:
        raise ValidationError({"source": _("Choose where the call or report came from.")})
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Unknown urgency.")})
    if not actor.covers({district.pk}):
        raise ValidationError({"district": _("Choose a district within your jurisdiction.")})
    _not_future(occurred_on, field="occurred_on")
    if children_involved is not None and not 1 <= children_involved <= 500:
        raise ValidationError({"children_involved": _("Give a number between 1 and 500.")})
    with transaction.atomic():
        tip = Tip.objects.create(
            source=source,
            district=district,
            what_seen=_text(what_seen, field="what_seen", required=True),
            place=_text(place, field="place", limit=500),
            establishment=_text(establishment, field="establishment", limit=500),
            occurred_on=occurred_on,
            children_involved=children_involved,
            contact=_text(contact, field="contact", limit=200),
            caller_reference=_text(caller_reference, field="caller_reference", limit=40),
            urgency=urgency,
            received_by=actor.user,
        )
        audit_record(action=AuditAction.CREATE, object_type="intake.tip", object_id=tip.pk, detail={"kind": source})
        transaction.on_commit(lambda: _alert_if_imminent(tip))
    return tip


def tip_triage(*, actor: Actor, tip: Tip, status: str, urgency: str, assignee: User | None, note: str = "") -> Tip:
    if not tip_manageable(actor=actor).filter(pk=tip.pk).exists():
        raise PermissionDenied("tip outside jurisdiction")
    if status not in TipStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status != tip.status and status not in TIP_TRANSITIONS[tip.status]:
        raise ValidationError(
            {
                "status": _("A tip that is %(from)s cannot become %(to)s.")
                % {"from": tip.get_status_display(), "to": TipStatus(status).label}
            }
        )
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Unknown urgency.")})
    if assignee is not None and not (assignee.is_active and _covers_user(assignee, tip.district)):
        raise ValidationError({"assignee": _("Assign someone who works in the tip's district.")})
    became_imminent = urgency == Urgency.IMMINENT and tip.urgency != Urgency.IMMINENT
    changed = [
        f for f, new in (("status", status), ("urgency", urgency), ("assignee", assignee)) if getattr(tip, f) != new
    ]
    with transaction.atomic():
        tip.status, tip.urgency, tip.assignee = status, urgency, assignee
        if status == TipStatus.CLOSED and tip.closed_at is None:
            tip.closed_at = timezone.now()
        tip.save()
        if note.strip() or "status" in changed:
            TipNote.objects.create(
                tip=tip, kind=TipNoteKind.TRIAGE, text=_text(note, field="note"), status_to=status, author=actor.user
            )
        audit_record(action=AuditAction.UPDATE, object_type="intake.tip", object_id=tip.pk, detail={"fields": changed})
        if became_imminent:
            transaction.on_commit(lambda: _alert_if_imminent(tip))
        if assignee is not None and "assignee" in changed and assignee != actor.user:
            notify(recipients=[assignee], subject=_("Tip %(ref)s was assigned to you") % {"ref": tip.reference},
                   url=reverse("tip-detail", args=[tip.reference]))  # fmt: skip
    return tip


def _covers_user(user: User, district: District) -> bool:
    from picket.accounts.access import actor_for

    return actor_for(user).covers({district.pk}) and actor_for(user).can(Permission.IDENTITY_VIEW)


# --- missing-child reports ----------------------------------------------------------------------------------------


def missing_report_create(
    *,
    actor: Actor,
    child: Child,
    reporter_name: str,
    reporter_relation: str,
    last_seen_on: datetime.date,
    district: District,
    reporter_phone: str = "",
    police_station: Organisation | None = None,
    police_station_name: str = "",
    police_report_kind: str = "",
    police_report_number: str = "",
    police_report_date: datetime.date | None = None,
    last_seen_place: str = "",
    circumstances: str = "",
) -> MissingReport:
    actor.require(Permission.CHILD_MANAGE)
    assert actor.user is not None
    if not actor.covers({district.pk}):
        raise ValidationError({"district": _("Choose a district within your jurisdiction.")})
    if reporter_relation not in Relation.values:
        raise ValidationError({"reporter_relation": _("Unknown relation.")})
    _not_future(last_seen_on, field="last_seen_on")
    _not_future(police_report_date, field="police_report_date")
    if police_report_date is not None and police_report_date < last_seen_on:
        raise ValidationError(
            {"police_report_date": _("The police report cannot be dated before the child was last seen.")}
        )
    if police_report_kind not in ReportKind.values:
        raise ValidationError({"police_report_kind": _("Choose FIR or GD.")})
    number = _text(police_report_number, field="police_report_number", limit=40)
    if number and not police_report_kind:
        raise ValidationError({"police_report_kind": _("Say whether the number is an FIR or a GD entry.")})
    if police_station is not None and police_station.kind not in (
        OrganisationKind.POLICE_STATION,
        OrganisationKind.AHTU,
    ):
        raise ValidationError({"police_station": _("Choose a police station.")})
    phone = _phone(reporter_phone, field="reporter_phone")
    with transaction.atomic():
        report = MissingReport.objects.create(
            child=child,
            reporter_name=_text(reporter_name, field="reporter_name", required=True, limit=200),
            reporter_relation=reporter_relation,
            reporter_phone=phone,
            reporter_phone_index=blind_index(phone, purpose=PHONE_INDEX_PURPOSE),
            police_station=police_station,
            police_station_name=_text(police_station_name, field="police_station_name", limit=200),
            police_report_kind=police_report_kind,
            police_report_number=number,
            police_report_number_index=blind_index(number, purpose=POLICE_REPORT_INDEX_PURPOSE),
            police_report_date=police_report_date,
            last_seen_on=last_seen_on,
            last_seen_place=_text(last_seen_place, field="last_seen_place", limit=500),
            circumstances=_text(circumstances, field="circumstances"),
            district=district,
            organisation=actor.user.organisation or child.organisation,
            created_by=actor.user,
        )
        if phone and reporter_relation in (Relation.MOTHER, Relation.FATHER, Relation.GUARDIAN):
            family_member_add(actor=actor, child=child, relation=reporter_relation, name=report.reporter_name,
                              phone=phone, is_guardian=True)  # fmt: skip
        audit_record(action=AuditAction.CREATE, object_type="intake.missingreport", object_id=report.pk)
        case_record_changed.send(sender=MissingReport, kind="missing", record=report)
    return report


def _case_set_status(
    *, manageable: QuerySet[Any], record: MissingReport | FoundChild, status: str, object_type: str
) -> None:
    if not manageable.filter(pk=record.pk).exists():
        raise PermissionDenied("record outside jurisdiction")
    if status not in CaseStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        record.status, record.status_changed_at = status, timezone.now()
        record.save(update_fields=["status", "status_changed_at", "updated_at"])
        audit_record(action=AuditAction.UPDATE, object_type=object_type, object_id=record.pk,
                     detail={"fields": ["status"], "kind": status})  # fmt: skip
        kind = "missing" if isinstance(record, MissingReport) else "found"
        case_record_changed.send(sender=type(record), kind=kind, record=record)  # tracing: re-key or forget it


def missing_report_set_status(*, actor: Actor, report: MissingReport, status: str) -> MissingReport:
    manageable = missing_manageable(actor=actor)
    _case_set_status(manageable=manageable, record=report, status=status, object_type="intake.missingreport")
    return report


# --- found and rescued children -----------------------------------------------------------------------------------


def found_child_register(
    *,
    actor: Actor,
    child: Child,
    found_at: datetime.datetime,
    district: District,
    how: str,
    found_place: str = "",
    agency: Organisation | None = None,
    cwc: Organisation | None = None,
    journey_hours: int = 0,
    produced_before_cwc_at: datetime.datetime | None = None,
) -> FoundChild:
    actor.require(Permission.CHILD_MANAGE)
    assert actor.user is not None
    if not actor.covers({district.pk}):
        raise ValidationError({"district": _("Choose a district within your jurisdiction.")})
    if how not in FoundHow.values:
        raise ValidationError({"how": _("Say how the child was found.")})
    if found_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"found_at": _("The time is in the future.")})
    if not 0 <= journey_hours <= 72:
        raise ValidationError({"journey_hours": _("Journey time is between 0 and 72 hours.")})
    if cwc is not None and cwc.kind != OrganisationKind.CWC:
        raise ValidationError({"cwc": _("Choose a Child Welfare Committee.")})
    _check_production(found_at, produced_before_cwc_at)
    with transaction.atomic():
        found = FoundChild.objects.create(
            child=child,
            found_at=found_at,
            found_place=_text(found_place, field="found_place", limit=500),
            district=district,
            how=how,
            agency=agency,
            cwc=cwc,
            journey_hours=journey_hours,
            produced_before_cwc_at=produced_before_cwc_at,
            organisation=actor.user.organisation or child.organisation,
            created_by=actor.user,
        )
        audit_record(action=AuditAction.CREATE, object_type="intake.foundchild", object_id=found.pk)
        case_record_changed.send(sender=FoundChild, kind="found", record=found)
    return found


def _check_production(found_at: datetime.datetime, produced_at: datetime.datetime | None) -> None:
    if produced_at is None:
        return
    if produced_at < found_at:
        raise ValidationError({"produced_before_cwc_at": _("The child cannot be produced before being found.")})
    if produced_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"produced_before_cwc_at": _("The time is in the future.")})


def found_child_record_production(
    *, actor: Actor, found: FoundChild, produced_at: datetime.datetime, cwc: Organisation
) -> FoundChild:
    if not found_manageable(actor=actor).filter(pk=found.pk).exists():
        raise PermissionDenied("record outside jurisdiction")
    if cwc.kind != OrganisationKind.CWC:
        raise ValidationError({"cwc": _("Choose a Child Welfare Committee.")})
    _check_production(found.found_at, produced_at)
    with transaction.atomic():
        found.produced_before_cwc_at, found.cwc = produced_at, cwc
        found.save(update_fields=["produced_before_cwc_at", "cwc", "updated_at"])
        audit_record(action=AuditAction.UPDATE, object_type="intake.foundchild", object_id=found.pk,
                     detail={"fields": ["produced_before_cwc_at", "cwc"]})  # fmt: skip
        cwc_production_recorded.send(sender=FoundChild, found=found)
    return found


def placement_add(
    *, actor: Actor, found: FoundChild, institution: Organisation, placed_on: datetime.date,
    left_on: datetime.date | None = None, order_reference: str = "",
) -> Placement:  # fmt: skip
    if not found_manageable(actor=actor).filter(pk=found.pk).exists():
        raise PermissionDenied("record outside jurisdiction")
    assert actor.user is not None
    if institution.kind != OrganisationKind.SHELTER_HOME:
        raise ValidationError({"institution": _("Choose a shelter home or child care institution.")})
    if placed_on < timezone.localtime(found.found_at).date():
        raise ValidationError({"placed_on": _("A placement cannot start before the child was found.")})
    _not_future(placed_on, field="placed_on")
    if left_on is not None and left_on < placed_on:
        raise ValidationError({"left_on": _("The end is before the start.")})
    with transaction.atomic():
        placement = Placement.objects.create(
            found_child=found, institution=institution, placed_on=placed_on, left_on=left_on,
            order_reference=_text(order_reference, field="order_reference", limit=100), created_by=actor.user,
        )  # fmt: skip
        audit_record(action=AuditAction.UPDATE, object_type="intake.foundchild", object_id=found.pk,
                     detail={"fields": ["placement"]})  # fmt: skip
    return placement


def statement_add(
    *, actor: Actor, found: FoundChild, recorded_on: datetime.date, text: str, language: str = ""
) -> Statement:
    if not found_manageable(actor=actor).filter(pk=found.pk).exists():
        raise PermissionDenied("record outside jurisdiction")
    assert actor.user is not None
    _not_future(recorded_on, field="recorded_on")
    if recorded_on < timezone.localtime(found.found_at).date():
        raise ValidationError({"recorded_on": _("A statement cannot be recorded before the child was found.")})
    with transaction.atomic():
        statement = Statement.objects.create(
            found_child=found, recorded_on=recorded_on, text=_text(text, field="text", required=True, limit=50000),
            language=_text(language, field="language", limit=50), recorded_by=actor.user,
        )  # fmt: skip
        audit_record(action=AuditAction.UPDATE, object_type="intake.foundchild", object_id=found.pk,
                     detail={"fields": ["statement"]})  # fmt: skip
    return statement


def found_child_set_status(*, actor: Actor, found: FoundChild, status: str) -> FoundChild:
    manageable = found_manageable(actor=actor)
    _case_set_status(manageable=manageable, record=found, status=status, object_type="intake.foundchild")
    return found
