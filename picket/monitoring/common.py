"""Helpers shared by monitoring's services: blind-index purposes, normalisation, audit, scope checks."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404

from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.monitoring.analysis.text import fold
from picket.privacy.crypto import blind_index

PURPOSE = {
    "phone": "monitoring.phone",
    "handle": "monitoring.handle",
    "email": "monitoring.email",
    "name": "monitoring.name",
    "licence": "monitoring.licence",
    "url": "monitoring.url",
    "text": "monitoring.ad_text",
}
_SPACES = re.compile(r"\s+")


def normalise(kind: str, value: str) -> str:
    """The form an identifier is compared in: a phone's last ten digits, a handle or e-mail folded without
    spaces, a name or licence number folded with single spaces."""
    value = value.strip()
    if kind == "phone":
        digits = "".join(ch for ch in fold(value) if ch.isdigit())
        return digits[-10:] if len(digits) >= 10 else ""
    if kind in ("handle", "email"):
        return _SPACES.sub("", fold(value)).lstrip("@")
    if kind == "url":
        return value
    return _SPACES.sub(" ", fold(value)).strip()


def index_of(kind: str, value: str) -> str:
    """The blind index of an identifier (or of an ad's text or address) in its normalised form."""
    return blind_index(normalise(kind, value), purpose=PURPOSE[kind])


def text_index(text: str) -> str:
    """Keyed digest of an ad's text, folded (case, digits of every script, spacing): the same ad re-posted or
    re-captured has the same one."""
    return blind_index(_SPACES.sub(" ", fold(text)).strip(), purpose=PURPOSE["text"])


def audit(object_type: str, pk: int, action: str = AuditAction.UPDATE, user: Any = None, **detail: object) -> None:
    audit_record(action=action, object_type=f"monitoring.{object_type}", object_id=pk, detail=detail, user=user)


def require_in(queryset: QuerySet[Any], record: Model) -> None:
    """The record must be in the actor's scoped queryset; else the same 404 as for a record that is not there."""
    if not queryset.filter(pk=record.pk).exists():
        raise Http404
