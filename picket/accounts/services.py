"""Writes for organisations, users and API tokens. Each checks the actor's right to make the change and
writes its audit event in the same transaction (field names only, never values).

Validation failures raise ``django.core.exceptions.ValidationError`` keyed by field name, so that forms and
the API both report which field is wrong.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from picket.accounts.access import Actor, forget_actor
from picket.accounts.models import ApiToken, Organisation, User
from picket.accounts.permissions import GRANTABLE_ROLES, Permission
from picket.accounts.roles import JurisdictionKind, OrganisationKind, Role
from picket.accounts.selectors import organisation_list, organisation_manageable, user_manageable
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.geo.models import District, State

ORGANISATION = "accounts.organisation"
USER = "accounts.user"
API_TOKEN = "accounts.apitoken"  # noqa: S105 - a record type, not a secret


def _require(actor: Actor, permission: Permission) -> None:
    actor.require(permission)


def _changed(before: dict[str, object], after: dict[str, object]) -> list[str]:
    """Names of the fields whose values differ (the audit log records names, never values)."""
    return sorted(name for name in before if before[name] != after[name])


def _check_districts_in_jurisdiction(actor: Actor, districts: Iterable[District], *, field: str) -> list[District]:
    districts = list(districts)
    if not districts:
        raise ValidationError({field: _("Choose at least one district.")})
    if not actor.covers({d.pk for d in districts}):
        raise ValidationError({field: _("You can only choose districts within your own jurisdiction.")})
    return districts


def organisation_create(
    *, actor: Actor, name: str, kind: OrganisationKind | str, districts: Iterable[District]
) -> Organisation:
    _require(actor, Permission.ORGANISATION_MANAGE)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the organisation's name.")})
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": _("Unknown organisation kind.")})
    district_list = _check_districts_in_jurisdiction(actor, districts, field="districts")
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, kind=kind)
        organisation.districts.set(district_list)
        audit_record(
            action=AuditAction.CREATE,
            object_type=ORGANISATION,
            object_id=organisation.pk,
            detail={"fields": ["districts", "kind", "name"]},
            user=actor.user,
        )
    return organisation


def organisation_update(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    kind: OrganisationKind | str,
    districts: Iterable[District],
    is_active: bool,
) -> Organisation:
    _require(actor, Permission.ORGANISATION_MANAGE)
    if not organisation_manageable(actor=actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied("organisation outside jurisdiction")
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the organisation's name.")})
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": _("Unknown organisation kind.")})
    district_list = _check_districts_in_jurisdiction(actor, districts, field="districts")
    with transaction.atomic():
        before = {
            "name": organisation.name,
            "kind": organisation.kind,
            "is_active": organisation.is_active,
            "districts": set(organisation.districts.values_list("pk", flat=True)),
        }
        organisation.name, organisation.kind, organisation.is_active = name, kind, is_active
        organisation.save()
        organisation.districts.set(district_list)
        after = {"name": name, "kind": kind, "is_active": is_active, "districts": {d.pk for d in district_list}}
        audit_record(
            action=AuditAction.UPDATE,
            object_type=ORGANISATION,
            object_id=organisation.pk,
            detail={"fields": _changed(before, after)},
            user=actor.user,
        )
    return organisation


def _check_user_assignment(
    *,
    actor: Actor,
    role: str,
    organisation: Organisation | None,
    jurisdiction_kind: str,
    jurisdiction_state: State | None,
    jurisdiction_districts: Iterable[District],
) -> list[District]:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    assert actor.role is not None
    if Role(role) not in GRANTABLE_ROLES.get(actor.role, frozenset()):
        raise ValidationError({"role": _("You cannot give this role.")})
    if organisation is None:
        raise ValidationError({"organisation": _("Choose the user's organisation.")})
    if not organisation_list(actor=actor).filter(pk=organisation.pk, is_active=True).exists():
        raise ValidationError({"organisation": _("Choose an active organisation within your jurisdiction.")})
    districts = list(jurisdiction_districts)
    if jurisdiction_kind == JurisdictionKind.NATIONAL:
        if not actor.is_national:
            raise ValidationError({"jurisdiction_kind": _("Only national users can give national jurisdiction.")})
        return []
    if jurisdiction_kind == JurisdictionKind.STATE:
        if jurisdiction_state is None:
            raise ValidationError({"jurisdiction_state": _("Choose the state.")})
        state_districts = set(District.objects.filter(state=jurisdiction_state).values_list("pk", flat=True))
        if not actor.covers(state_districts):
            raise ValidationError({"jurisdiction_state": _("This state is outside your jurisdiction.")})
        return []
    if jurisdiction_kind == JurisdictionKind.DISTRICTS:
        return _check_districts_in_jurisdiction(actor, districts, field="jurisdiction_districts")
    raise ValidationError({"jurisdiction_kind": _("Unknown jurisdiction.")})


def user_create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    email: str,
    password: str,
    role: str,
    organisation: Organisation | None,
    jurisdiction_kind: str,
    jurisdiction_state: State | None = None,
    jurisdiction_districts: Iterable[District] = (),
) -> User:
    _require(actor, Permission.USER_MANAGE)
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Enter a username.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    districts = _check_user_assignment(
        actor=actor,
        role=role,
        organisation=organisation,
        jurisdiction_kind=jurisdiction_kind,
        jurisdiction_state=jurisdiction_state,
        jurisdiction_districts=jurisdiction_districts,
    )
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email.strip(),
        role=role,
        organisation=organisation,
        jurisdiction_kind=jurisdiction_kind,
        jurisdiction_state=jurisdiction_state if jurisdiction_kind == JurisdictionKind.STATE else None,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    with transaction.atomic():
        user.save()
        user.jurisdiction_districts.set(districts)
        audit_record(
            action=AuditAction.ADMIN_ACTION,
            object_type=USER,
            object_id=user.pk,
            detail={"kind": "user_create", "role": role},
            user=actor.user,
        )
    return user


def _user_assignment(user: User) -> dict[str, object]:
    return {
        "full_name": user.full_name,
        "email": user.email,
        "role": user.role,
        "organisation": user.organisation_id,
        "jurisdiction_kind": user.jurisdiction_kind,
        "jurisdiction_state": user.jurisdiction_state_id,
        "is_active": user.is_active,
    }


def user_update(
    *,
    actor: Actor,
    user: User,
    full_name: str,
    email: str,
    role: str,
    organisation: Organisation | None,
    jurisdiction_kind: str,
    jurisdiction_state: State | None = None,
    jurisdiction_districts: Iterable[District] = (),
    is_active: bool = True,
) -> User:
    _require(actor, Permission.USER_MANAGE)
    if not user_manageable(actor=actor).filter(pk=user.pk).exists():
        raise PermissionDenied("user outside jurisdiction")
    is_self = actor.user is not None and actor.user.pk == user.pk
    if is_self and (role != user.role or jurisdiction_kind != user.jurisdiction_kind or not is_active):
        raise ValidationError({"role": _("You cannot change your own role, jurisdiction or status.")})
    assert actor.role is not None
    if Role(user.role) not in GRANTABLE_ROLES.get(actor.role, frozenset()):
        raise PermissionDenied("user holds a role the actor cannot manage")
    districts = _check_user_assignment(
        actor=actor,
        role=role,
        organisation=organisation,
        jurisdiction_kind=jurisdiction_kind,
        jurisdiction_state=jurisdiction_state,
        jurisdiction_districts=jurisdiction_districts,
    )
    with transaction.atomic():
        before = _user_assignment(user) | {
            "jurisdiction_districts": set(user.jurisdiction_districts.values_list("pk", flat=True))
        }
        user.full_name, user.email, user.role = full_name.strip(), email.strip(), role
        user.organisation, user.jurisdiction_kind, user.is_active = organisation, jurisdiction_kind, is_active
        user.jurisdiction_state = jurisdiction_state if jurisdiction_kind == JurisdictionKind.STATE else None
        user.save()
        user.jurisdiction_districts.set(districts)
        after = _user_assignment(user) | {"jurisdiction_districts": {d.pk for d in districts}}
        audit_record(
            action=AuditAction.ADMIN_ACTION,
            object_type=USER,
            object_id=user.pk,
            detail={"kind": "user_update", "role": role, "fields": _changed(before, after)},
            user=actor.user,
        )
    forget_actor(user)
    return user


def user_set_password(*, actor: Actor, user: User, password: str) -> User:
    """A user-manager sets a new password for a user in their jurisdiction (e.g. a forgotten one)."""
    _require(actor, Permission.USER_MANAGE)
    if not user_manageable(actor=actor).filter(pk=user.pk).exists():
        raise PermissionDenied("user outside jurisdiction")
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    with transaction.atomic():
        user.save(update_fields=["password"])
        audit_record(
            action=AuditAction.ADMIN_ACTION,
            object_type=USER,
            object_id=user.pk,
            detail={"kind": "password_set"},
            user=actor.user,
        )
    return user


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Unknown language.")})
    User.objects.filter(pk=user.pk).update(preferred_language=language)
    user.preferred_language = language


TOKEN_PREFIX = "pkt_"  # noqa: S105 - marks Picket tokens (secret scanners can find leaked ones)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def api_token_create(*, actor: Actor, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token for the actor; returns the row and the token itself, which is never stored."""
    _require(actor, Permission.API_TOKEN_MANAGE_OWN)
    assert actor.user is not None
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the token, e.g. after the device or program using it.")})
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": _("A token lasts between 1 and %(max)d days.") % {"max": settings.API_TOKEN_MAX_DAYS}}
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(
            user=actor.user,
            name=name[:100],
            prefix=token[: len(TOKEN_PREFIX) + 6],
            digest=token_digest(token),
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
        audit_record(
            action=AuditAction.ADMIN_ACTION,
            object_type=API_TOKEN,
            object_id=row.pk,
            detail={"kind": "api_token_create", "days": days},
            user=actor.user,
        )
    return row, token


def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    _require(actor, Permission.API_TOKEN_MANAGE_OWN)
    if actor.user is None or token.user_id != actor.user.pk:
        raise PermissionDenied("not the actor's token")
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(
                action=AuditAction.ADMIN_ACTION,
                object_type=API_TOKEN,
                object_id=token.pk,
                detail={"kind": "api_token_revoke"},
                user=actor.user,
            )
    return token


def api_token_authenticate(token: str) -> User | None:
    """The active user owning a usable token, or None. Records when the token was last used."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = ApiToken.objects.select_related("user").filter(digest=token_digest(token)).first()
    if row is None or not row.is_usable or not row.user.is_active:
        return None
    now = timezone.now()
    # Write at most once a minute per token: the API must not turn every read into a write.
    if row.last_used_at is None or now - row.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
