"""Appending to the audit log. The only writer of ``AuditEvent`` rows.

Call ``audit_record`` *inside* the transaction that makes the change, after the change (so the head row is
locked for as short a time as possible): the event then commits or rolls back with it. Called outside a
transaction it commits on its own — right for reads (viewing an identity, searching, exporting).

``detail`` takes only the allow-listed keys of ``audit.detail`` with small scalar values; anything else
raises ``ValueError``. Never put names, phone numbers, addresses or searched-for values in an event.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from picket.audit.append import append, database_alias
from picket.audit.context import current_context, signed_in_user
from picket.audit.detail import MAX_TEXT, clean_detail
from picket.audit.models import AuditAction, AuditEvent, AuditOutcome
from picket.privacy.keyring import load_keyring

if TYPE_CHECKING:
    from picket.accounts.models import User

_ACTIONS = frozenset(AuditAction.values)
_OUTCOMES = frozenset(AuditOutcome.values)


def audit_record(
    *,
    action: AuditAction | str,
    object_type: str = "",
    object_id: int | str | None = None,
    outcome: AuditOutcome | str = AuditOutcome.SUCCESS,
    detail: Mapping[str, Any] | None = None,
    user: Any = None,
) -> AuditEvent:
    """Append one event. ``user`` overrides the request's user (commands and the worker have no request)."""
    if action not in _ACTIONS:
        raise ValueError(f"unknown audit action '{action}'")
    if outcome not in _OUTCOMES:
        raise ValueError(f"unknown audit outcome '{outcome}'")
    object_id_text = "" if object_id is None else str(object_id)
    if len(object_id_text) > 64 or len(object_type) > 100:
        raise ValueError("audit object_type/object_id too long; record ids, not text")
    cleaned = clean_detail(detail)
    context = current_context()
    actor = signed_in_user(user) if user is not None else context.acting_user()
    key = load_keyring().audit_key
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        actor_role=getattr(actor, "role", "") or "",
        action=str(action),
        object_type=object_type,
        object_id=object_id_text,
        ip_address=context.ip_address,
        outcome=str(outcome),
        detail=cleaned,
    )
    alias = database_alias()
    # savepoint=False: inside a caller's transaction, a failed append fails the whole change.
    with transaction.atomic(using=alias, savepoint=False):
        append(event, key=key, alias=alias)
    return event


def audit_denied(*, object_type: str, object_id: int | str | None, reason: str) -> AuditEvent:
    """Record a refusal (a 403, or a 404 hiding a record the actor may not see), with the request's path.

    Meant for error handlers: ``reason`` (a permission name or fixed code) is cut to length rather than
    refused, so that recording a denial never turns it into a server error.
    """
    context = current_context()
    detail: dict[str, Any] = {"reason": reason[:MAX_TEXT]}
    if context.path:
        detail |= {"path": context.path[:MAX_TEXT], "method": context.method[:MAX_TEXT]}
    return audit_record(
        action=AuditAction.PERMISSION_DENIED,
        object_type=object_type[:100],
        object_id=None if object_id is None else str(object_id)[:64],
        outcome=AuditOutcome.DENIED,
        detail=detail,
    )


def audit_login(*, user: User) -> AuditEvent:
    return audit_record(action=AuditAction.LOGIN, object_type="accounts.user", object_id=user.pk, user=user)


def audit_logout(*, user: User) -> AuditEvent:
    return audit_record(action=AuditAction.LOGOUT, object_type="accounts.user", object_id=user.pk, user=user)


def audit_login_failed(*, user: User | None = None) -> AuditEvent:
    """A failed sign-in. Pass the account only if the username named an existing one.

    The username as typed is never recorded: people type their password, or someone else's name, into it.
    """
    return audit_record(
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user" if user is not None else "",
        object_id=user.pk if user is not None else None,
        outcome=AuditOutcome.FAILED,
        user=user,
    )
