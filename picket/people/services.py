"""Writes for children: registration, consent and sharing. Each writes its audit event in the same transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from picket.accounts.access import Actor
from picket.accounts.models import Organisation
from picket.accounts.permissions import Permission
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.geo.models import District, State
from picket.people.models import (
    Child,
    ChildName,
    ChildShare,
    ConsentGivenBy,
    ConsentPurpose,
    ConsentRecord,
    FamilyMember,
    Gender,
    LegalBasis,
    NameKind,
    Relation,
)
from picket.people.search import name_keys_rebuild
from picket.people.selectors import NAME_INDEX_PURPOSE, PHONE_INDEX_PURPOSE, child_manageable, consent_active
from picket.people.signals import child_identity_changed
from picket.privacy.crypto import blind_index

MAX_NAME = 200
MAX_AGE_ESTIMATE = 25


def _clean_name(value: str, *, field: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValidationError({field: _("Enter a name.")})
    if len(value) > MAX_NAME:
        raise ValidationError({field: _("A name has at most %(n)d characters.") % {"n": MAX_NAME}})
    return value


def _check_birth(date_of_birth: datetime.date | None, age_estimate_years: int | None) -> None:
    today = timezone.localdate()
    if date_of_birth is not None and date_of_birth > today:
        raise ValidationError({"date_of_birth": _("The date of birth is in the future.")})
    if date_of_birth is not None and date_of_birth < today - datetime.timedelta(days=366 * 30):
        raise ValidationError({"date_of_birth": _("The date of birth is more than 30 years ago.")})
    if age_estimate_years is not None and not 0 <= age_estimate_years <= MAX_AGE_ESTIMATE:
        raise ValidationError({"age_estimate_years": _("An estimated age is between 0 and 25 years.")})


def child_register(
    *,
    actor: Actor,
    name: str,
    gender: str,
    district: District,
    date_of_birth: datetime.date | None = None,
    age_estimate_years: int | None = None,
    languages: str = "",
    identifying_marks: str = "",
    home_district: District | None = None,
    home_state: State | None = None,
    home_locality: str = "",
    home_address: str = "",
    organisation: Organisation | None = None,
) -> Child:
    actor.require(Permission.CHILD_MANAGE)
    assert actor.user is not None
    name = _clean_name(name, field="name")
    if gender not in Gender.values:
        raise ValidationError({"gender": _("Unknown gender.")})
    if not actor.covers({district.pk}):
        raise ValidationError({"district": _("Choose a district within your jurisdiction.")})
    _check_birth(date_of_birth, age_estimate_years)
    home_state = _home_state(home_district, home_state)
    organisation = organisation or actor.user.organisation
    if organisation is None:
        raise ValidationError({"organisation": _("Your account has no organisation; ask your coordinator.")})
    with transaction.atomic():
        child = Child.objects.create(
            name=name,
            name_index=blind_index(name, purpose=NAME_INDEX_PURPOSE),
            gender=gender,
            date_of_birth=date_of_birth.isoformat() if date_of_birth else "",
            birth_year=date_of_birth.year if date_of_birth else None,
            age_estimate_years=age_estimate_years if date_of_birth is None else None,
            age_estimated_on=timezone.localdate() if date_of_birth is None and age_estimate_years is not None else None,
            languages=languages.strip()[:200],
            identifying_marks=identifying_marks.strip(),
            home_district=home_district,
            home_state=home_state,
            home_locality=home_locality.strip(),
            home_address=home_address.strip(),
            district=district,
            organisation=organisation,
            created_by=actor.user,
        )
        name_keys_rebuild(child)
        audit_record(action=AuditAction.CREATE, object_type="people.child", object_id=child.pk)
    return child


def _home_state(home_district: District | None, home_state: State | None) -> State | None:
    """The home state: the home district's when that is known (a different one given with it is an error), else
    the state alone, which is all many found children can say."""
    if home_district is None:
        return home_state
    if home_state is not None and home_state.pk != home_district.state_id:
        raise ValidationError({"home_state": _("The home district is in another state.")})
    return home_district.state


def child_register_with_family(
    *, actor: Actor, father_name: str = "", mother_name: str = "", **child_fields: Any
) -> Child:
    """Register a child together with the parents' names (as the tracing format records them), atomically."""
    with transaction.atomic():
        child = child_register(actor=actor, **child_fields)
        for relation, parent_name in ((Relation.FATHER, father_name), (Relation.MOTHER, mother_name)):
            if parent_name.strip():
                family_member_add(actor=actor, child=child, relation=relation, name=parent_name)
    return child


def child_name_add(*, actor: Actor, child: Child, name: str, kind: str) -> ChildName:
    """Record another name the child is known by (alias, other spelling or script, nickname)."""
    if not child_manageable(actor=actor).filter(pk=child.pk).exists():
        raise PermissionDenied("child outside jurisdiction")
    if kind not in NameKind.values:
        raise ValidationError({"kind": _("Unknown kind of name.")})
    name = _clean_name(name, field="name")
    with transaction.atomic():
        other = ChildName.objects.create(child=child, kind=kind, name=name)
        name_keys_rebuild(child)
        audit_record(
            action=AuditAction.UPDATE, object_type="people.child", object_id=child.pk, detail={"fields": ["names"]}
        )
        child_identity_changed.send(sender=Child, child=child)
    return other


def family_member_add(
    *, actor: Actor, child: Child, relation: str, name: str, phone: str = "", is_guardian: bool = False
) -> FamilyMember:
    if not child_manageable(actor=actor).filter(pk=child.pk).exists():
        raise PermissionDenied("child outside jurisdiction")
    if relation not in Relation.values:
        raise ValidationError({"relation": _("Unknown relation.")})
    name = _clean_name(name, field="name")
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.strip() and not 10 <= len(digits) <= 13:
        raise ValidationError({"phone": _("A phone number has 10 digits (with an optional country code).")})
    normalised_phone = digits[-10:] if digits else ""
    with transaction.atomic():
        member = FamilyMember.objects.create(
            child=child,
            relation=relation,
            name=name,
            name_index=blind_index(name, purpose=NAME_INDEX_PURPOSE),
            phone=normalised_phone,
            phone_index=blind_index(normalised_phone, purpose=PHONE_INDEX_PURPOSE),
            is_guardian=is_guardian,
        )
        name_keys_rebuild(child)
        audit_record(
            action=AuditAction.UPDATE, object_type="people.child", object_id=child.pk, detail={"fields": ["family"]}
        )
        child_identity_changed.send(sender=Child, child=child)
    return member


def consent_record(
    *,
    actor: Actor,
    child: Child,
    purpose: str,
    legal_basis: str,
    given_by: str,
    given_on: datetime.date,
    reference_document: str = "",
) -> ConsentRecord:
    if not child_manageable(actor=actor).filter(pk=child.pk).exists():
        raise PermissionDenied("child outside jurisdiction")
    assert actor.user is not None
    errors = {}
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = _("Unknown purpose.")
    if legal_basis not in LegalBasis.values:
        errors["legal_basis"] = _("Unknown legal basis.")
    if given_by not in ConsentGivenBy.values:
        errors["given_by"] = _("Unknown giver.")
    if given_on > timezone.localdate():
        errors["given_on"] = _("The date is in the future.")
    if legal_basis == LegalBasis.CONSENT and given_by in (ConsentGivenBy.CWC, ConsentGivenBy.COURT):
        errors["given_by"] = _("An order is a legal basis of its own, not consent: choose the order as legal basis.")
    if legal_basis == LegalBasis.CWC_ORDER and not reference_document.strip():
        errors["reference_document"] = _("Give the CWC order's reference.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = ConsentRecord.objects.create(
            child=child,
            purpose=purpose,
            legal_basis=legal_basis,
            given_by=given_by,
            given_on=given_on,
            reference_document=reference_document.strip(),
            recorded_by=actor.user,
        )
        audit_record(
            action=AuditAction.CONSENT,
            object_type="people.child",
            object_id=child.pk,
            detail={"purpose": purpose, "kind": "given"},
        )
    return record


def consent_withdraw(*, actor: Actor, consent: ConsentRecord, withdrawn_on: datetime.date) -> ConsentRecord:
    if not child_manageable(actor=actor).filter(pk=consent.child_id).exists():
        raise PermissionDenied("child outside jurisdiction")
    if consent.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": _("This consent was already withdrawn.")})
    if withdrawn_on < consent.given_on or withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": _("Withdrawal lies between the date given and today.")})
    with transaction.atomic():
        consent.withdrawn_on, consent.withdrawn_by = withdrawn_on, actor.user
        consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
        # Withdrawing consent to share ends every share that relied on it.
        if (
            consent.purpose == ConsentPurpose.SHARING
            and consent_active(child=consent.child, purpose=ConsentPurpose.SHARING) is None
        ):
            ChildShare.objects.filter(child=consent.child, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(
            action=AuditAction.CONSENT,
            object_type="people.child",
            object_id=consent.child_id,
            detail={"purpose": consent.purpose, "kind": "withdrawn"},
        )
    return consent


PARTNER_KINDS = {"police_station", "ahtu", "cwc", "dcpu", "jjb", "court", "labour_department", "shelter_home", "dlsa"}


def child_share(*, actor: Actor, child: Child, organisation: Organisation) -> ChildShare:
    """Share a child's record with a partner organisation. Needs an active basis for sharing."""
    if not child_manageable(actor=actor).filter(pk=child.pk).exists():
        raise PermissionDenied("child outside jurisdiction")
    assert actor.user is not None
    if consent_active(child=child, purpose=ConsentPurpose.SHARING) is None:
        raise ValidationError(
            {"organisation": _("There is no active consent or legal basis for sharing this child's record.")}
        )
    if organisation.kind not in PARTNER_KINDS or not organisation.is_active:
        raise ValidationError({"organisation": _("Records are shared only with active partner bodies.")})
    if not organisation.districts.filter(pk=child.district_id).exists():
        raise ValidationError({"organisation": _("The partner must serve the child's district.")})
    with transaction.atomic():
        share, created = ChildShare.objects.get_or_create(
            child=child, organisation=organisation, revoked_at__isnull=True, defaults={"shared_by": actor.user}
        )
        if created:
            audit_record(
                action=AuditAction.SHARE,
                object_type="people.child",
                object_id=child.pk,
                detail={"organisation_id": organisation.pk, "kind": "shared"},
            )
    return share


def child_share_revoke(*, actor: Actor, share: ChildShare) -> ChildShare:
    if not child_manageable(actor=actor).filter(pk=share.child_id).exists():
        raise PermissionDenied("child outside jurisdiction")
    if share.revoked_at is None:
        with transaction.atomic():
            share.revoked_at = timezone.now()
            share.save(update_fields=["revoked_at"])
            audit_record(
                action=AuditAction.SHARE,
                object_type="people.child",
                object_id=share.child_id,
                detail={"organisation_id": share.organisation_id, "kind": "revoked"},
            )
    return share
