"""Checks shared by the prosecution services. Each raises ValidationError naming the field at fault."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from picket.prosecution.models import Act, Offence

MAX_TEXT = 5000


def text(value: str, *, field: str, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": limit}})
    return value


def not_future(day: datetime.date | None, *, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("The date is in the future.")})


def not_before(day: datetime.date | None, earliest: datetime.date | None, *, field: str, message: str) -> None:
    if day is not None and earliest is not None and day < earliest:
        raise ValidationError({field: message % {"date": earliest.isoformat()}})


def choice(value: str, allowed: Iterable[str], *, field: str) -> str:
    if value not in allowed:
        raise ValidationError({field: _("Not one of the choices.")})
    return value


def require_in(queryset: QuerySet[Model], record: Model, *, what: str = "record") -> None:
    """The actor's scoped queryset must hold ``record``; else refuse (the same way for missing and forbidden)."""
    if record.pk is None or not queryset.filter(pk=record.pk).exists():
        raise PermissionDenied(f"{what} outside jurisdiction")


CITATION = re.compile(r"^[A-Za-z0-9]{2,12} [0-9A-Za-z()]{1,20}$")


def _shown(citation: str) -> str:
    """The citation as typed, for the message, only if it looks like one (messages never echo free text)."""
    citation = citation.strip()
    known_act = Act.objects.filter(code__iexact=citation.partition(" ")[0]).exists()
    return citation if known_act and CITATION.match(citation) else _("This section")


def offence_for(citation: str, *, on: datetime.date, field: str = "sections") -> Offence:
    """The catalogue entry for 'ACT SECTION' (e.g. 'BNS 143', 'POCSO 4(2)') in force on ``on``."""
    act_code, _space, section = citation.strip().partition(" ")
    versions = list(Offence.objects.filter(act__code__iexact=act_code, section__iexact=section.strip()))
    if not versions:
        raise ValidationError(
            {field: _("%(section)s is not in the offences catalogue.") % {"section": _shown(citation)}}
        )
    for offence in versions:
        if offence.in_force_on(on):
            return offence
    raise ValidationError(
        {field: _("%(section)s was not in force on %(date)s (e.g. BNS applies from 1 July 2024, IPC before).")
         % {"section": _shown(citation), "date": on.isoformat()}}
    )  # fmt: skip


def offences_for(citations: Iterable[str], *, on: datetime.date, field: str = "sections") -> list[Offence]:
    offences: list[Offence] = []
    for citation in citations:
        offence = offence_for(citation, on=on, field=field)
        if offence not in offences:
            offences.append(offence)
    return offences
