"""Loading and correcting the offences catalogue (administrators: OFFENCE_CATALOGUE_MANAGE), history kept."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from picket.accounts.access import Actor
from picket.accounts.permissions import Permission
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.prosecution.catalogue import CATALOGUE_FIELDS, LoadReport, load_catalogue, offence_values
from picket.prosecution.deadlines import deadlines_recompute
from picket.prosecution.models import (
    Act,
    LifeImprisonment,
    Offence,
    OffenceRevision,
    PoliceCase,
    RevisionKind,
    YesNoUnknown,
)
from picket.prosecution.validation import text


def catalogue_load(*, user: Any = None) -> LoadReport:
    """Load ``data/*.csv`` (``picket prosecution load-offences``); see ``catalogue.load_catalogue``."""
    with transaction.atomic():
        report = load_catalogue(act_model=Act, offence_model=Offence, revision_model=OffenceRevision)
        if report.changed:
            audit_record(action=AuditAction.ADMIN_ACTION, object_type="prosecution.offence", user=user,
                         detail={"kind": "catalogue_load", "added": len(report.created),
                                 "updated": len(report.updated), "unchanged": len(report.unchanged)})  # fmt: skip
            for police_case in PoliceCase.objects.filter(sections__offence__pk__in=_ids(report.updated)).distinct():
                deadlines_recompute(police_case=police_case)
    return report


def _ids(labels: list[str]) -> list[int]:
    return [o.pk for o in Offence.objects.select_related("act") if _label(o) in set(labels)]


def _label(offence: Offence) -> str:
    return f"{offence}" + (f" (from {offence.effective_from.isoformat()})" if offence.effective_from else "")


LIMITS = {"title": 300, "fine": 200, "corresponds_to": 40, "source": 300}


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(CATALOGUE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be corrected here.")})
    cleaned = dict(changes)
    for name in ("title", "covers", "fine", "corresponds_to", "source", "notes"):
        if name in cleaned:
            limit = LIMITS.get(name, 5000)
            cleaned[name] = text(cleaned[name] or "", field=name, required=name == "title", limit=limit)
    for name in ("min_imprisonment_months", "max_imprisonment_months"):
        value = cleaned.get(name)
        if value is not None and not 0 < int(value) <= 1200:
            raise ValidationError({name: _("Give a number of months between 1 and 1200, or leave empty.")})
    if cleaned.get("chargesheet_days") not in (None, 60, 90) and "chargesheet_days" in cleaned:
        raise ValidationError({"chargesheet_days": _("The period is 60 or 90 days.")})
    for name, allowed in (("cognizable", YesNoUnknown.values), ("bailable", YesNoUnknown.values),
                          ("life_imprisonment", LifeImprisonment.values)):  # fmt: skip
        if name in cleaned and cleaned[name] not in allowed:
            raise ValidationError({name: _("Not one of the choices.")})
    return cleaned


def offence_correct(*, actor: Actor, offence: Offence, changes: dict[str, Any], reason: str) -> OffenceRevision | None:
    """Correct catalogue fields of one offence. Returns the revision, or None when nothing changed."""
    actor.require(Permission.OFFENCE_CATALOGUE_MANAGE)
    reason = text(reason, field="reason", required=True, limit=2000)
    cleaned = _clean(changes)
    current = offence_values(offence)
    for name, value in cleaned.items():
        setattr(offence, name, value)
    after_all = offence_values(offence)
    changed = [name for name in CATALOGUE_FIELDS if after_all[name] != current[name]]
    if not changed:
        offence.refresh_from_db()
        return None
    minimum, maximum = offence.min_imprisonment_months, offence.max_imprisonment_months
    if minimum and maximum and minimum > maximum:
        offence.refresh_from_db()
        raise ValidationError({"min_imprisonment_months": _("The minimum is above the maximum.")})
    with transaction.atomic():
        offence.save()
        revision = OffenceRevision.objects.create(
            offence=offence, kind=RevisionKind.CORRECTION, changed_by=actor.user,
            before={n: current[n] for n in changed}, after={n: after_all[n] for n in changed}, reason=reason,
        )  # fmt: skip
        audit_record(action=AuditAction.ADMIN_ACTION, object_type="prosecution.offence", object_id=offence.pk,
                     detail={"fields": changed, "kind": "catalogue_correction"})  # fmt: skip
        for police_case in PoliceCase.objects.filter(sections__offence=offence).distinct():
            deadlines_recompute(police_case=police_case)
    return revision
