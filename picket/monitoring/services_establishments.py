"""Establishments: create and update (registration, identifiers), inspections, links to tips and rescues."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from picket.accounts.access import Actor
from picket.accounts.models import Organisation
from picket.accounts.permissions import Permission
from picket.audit.models import AuditAction
from picket.geo.models import District
from picket.intake.models import Tip
from picket.intake.selectors import tip_list
from picket.monitoring import selectors
from picket.monitoring.common import audit, index_of, require_in
from picket.monitoring.models import (
    Establishment,
    EstablishmentIdentifier,
    EstablishmentKind,
    EstablishmentLink,
    IdentifierKind,
    Inspection,
    InspectionOutcome,
    LinkedBy,
    RegistrationStatus,
)
from picket.prosecution.models import RescueOperation
from picket.prosecution.selectors import rescue_manageable


def _text(value: str, *, field: str, required: bool = False, limit: int = 1000) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": limit}})
    return value


def _identifiers(establishment: Establishment, phones: Sequence[str], handles: Sequence[str]) -> None:
    rows = []
    seen = set(establishment.identifiers.values_list("kind", "value_index"))
    for kind, values in ((IdentifierKind.PHONE, phones), (IdentifierKind.HANDLE, handles)):
        for value in values:
            if not value.strip():
                continue
            key = index_of(kind, value)
            if not key:
                raise ValidationError({f"{kind}s": _("A phone number has 10 digits (with an optional country code).")})
            if (kind, key) not in seen:
                seen.add((kind, key))
                rows.append(
                    EstablishmentIdentifier(establishment=establishment, kind=kind, value=value, value_index=key)
                )
    EstablishmentIdentifier.objects.bulk_create(rows)


def _check(kind: str, status: str, valid_until: datetime.date | None) -> None:
    if kind not in EstablishmentKind.values:
        raise ValidationError({"kind": _("Choose a kind of establishment.")})
    if status not in RegistrationStatus.values:
        raise ValidationError({"registration_status": _("Choose a registration status.")})
    if valid_until is not None and status == RegistrationStatus.UNREGISTERED:
        raise ValidationError({"registration_valid_until": _("An unregistered establishment has no validity date.")})


def establishment_create(
    *,
    actor: Actor,
    kind: str,
    name: str,
    district: District,
    address: str = "",
    registration_number: str = "",
    registration_status: str = RegistrationStatus.UNKNOWN,
    registration_valid_until: datetime.date | None = None,
    phones: Sequence[str] = (),
    handles: Sequence[str] = (),
    notes: str = "",
) -> Establishment:
    actor.require(Permission.MONITORING_MANAGE)
    if not actor.covers({district.pk}):
        raise ValidationError({"district": _("Choose a district within your jurisdiction.")})
    _check(kind, registration_status, registration_valid_until)
    assert actor.user is not None
    name = _text(name, field="name", required=True, limit=300)
    number = _text(registration_number, field="registration_number", limit=60)
    with transaction.atomic():
        establishment = Establishment.objects.create(
            kind=kind, name=name, name_index=index_of("name", name), address=_text(address, field="address"),
            district=district, registration_number=number,
            registration_index=index_of("licence", number) if number else "",
            registration_status=registration_status, registration_valid_until=registration_valid_until,
            notes=_text(notes, field="notes", limit=5000), created_by=actor.user,
        )  # fmt: skip
        _identifiers(establishment, phones, handles)
        audit("establishment", establishment.pk, AuditAction.CREATE, kind=kind)
    return establishment


def establishment_update(
    *,
    actor: Actor,
    establishment: Establishment,
    registration_status: str | None = None,
    registration_number: str | None = None,
    registration_valid_until: datetime.date | None = None,
    address: str | None = None,
    phones: Sequence[str] = (),
    handles: Sequence[str] = (),
    notes: str | None = None,
) -> Establishment:
    """Change registration, address or notes; add phones and handles."""
    require_in(selectors.establishment_manageable(actor=actor), establishment)
    changed: list[str] = []
    status = registration_status if registration_status is not None else establishment.registration_status
    _check(establishment.kind, status, registration_valid_until)
    with transaction.atomic():
        if registration_status is not None and registration_status != establishment.registration_status:
            establishment.registration_status = registration_status
            changed.append("registration_status")
        if registration_number is not None:
            number = _text(registration_number, field="registration_number", limit=60)
            establishment.registration_number = number
            establishment.registration_index = index_of("licence", number) if number else ""
            changed.append("registration_number")
        if registration_valid_until != establishment.registration_valid_until:
            establishment.registration_valid_until = registration_valid_until
            changed.append("registration_valid_until")
        if address is not None:
            establishment.address = _text(address, field="address")
            changed.append("address")
        if notes is not None:
            establishment.notes = _text(notes, field="notes", limit=5000)
            changed.append("notes")
        establishment.save()
        before = establishment.identifiers.count()
        _identifiers(establishment, phones, handles)
        if establishment.identifiers.count() != before:
            changed.append("identifiers")
        audit("establishment", establishment.pk, fields=changed)
    return establishment


def inspection_record(
    *,
    actor: Actor,
    establishment: Establishment,
    inspected_on: datetime.date,
    outcome: str,
    organisation: Organisation | None = None,
    notes: str = "",
) -> Inspection:
    require_in(selectors.establishment_manageable(actor=actor), establishment)
    if outcome not in InspectionOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the inspection.")})
    if inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": _("The date is in the future.")})
    assert actor.user is not None
    with transaction.atomic():
        inspection = Inspection.objects.create(
            establishment=establishment, inspected_on=inspected_on, outcome=outcome, organisation=organisation,
            notes=_text(notes, field="notes", limit=5000), recorded_by=actor.user,
        )  # fmt: skip
        audit("establishment", establishment.pk, fields=["inspections"], kind=outcome)
    return inspection


def establishment_link_tip(*, actor: Actor, establishment: Establishment, tip: Tip) -> EstablishmentLink:
    """Tie a tip to an establishment (who does it must see both: a coordinator)."""
    require_in(selectors.establishment_list(actor=actor), establishment)
    require_in(tip_list(actor=actor), tip)
    with transaction.atomic():
        link, _created = EstablishmentLink.objects.get_or_create(
            establishment=establishment, tip=tip, defaults={"linked_by": LinkedBy.MANUAL, "created_by": actor.user}
        )
        audit("establishment", establishment.pk, fields=["tips"])
    return link


def establishment_link_rescue(
    *, actor: Actor, establishment: Establishment, rescue: RescueOperation
) -> EstablishmentLink:
    """Tie a rescue operation to the establishment it took place at (a legal officer or coordinator)."""
    require_in(selectors.establishment_list(actor=actor), establishment)
    require_in(rescue_manageable(actor=actor), rescue)
    with transaction.atomic():
        link, _created = EstablishmentLink.objects.get_or_create(
            establishment=establishment, rescue_operation=rescue,
            defaults={"linked_by": LinkedBy.MANUAL, "created_by": actor.user},
        )  # fmt: skip
        audit("establishment", establishment.pk, fields=["rescue_operations"])
    return link
