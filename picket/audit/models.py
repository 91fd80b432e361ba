"""The audit log: append-only events, hash-chained through a single head row.

Who (``actor``, with username and role copied so that a row stands alone), did what (``action``), to which
record (``object_type``, ``object_id``), when, from which address, with which ``outcome``. ``detail`` holds
only allow-listed, non-personal facts (see ``audit.detail``). Rows are written by ``audit.services`` only.

Append-only is enforced in the ORM as well as by the chain: saving an existing event, deleting one, and
``update()``/``delete()``/``bulk_*`` on the queryset raise ``AuditLogImmutable``. (Raw SQL can still change
rows; the hash chain is what detects that — ``picket audit verify``.)
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from picket.accounts.roles import Role
from picket.audit.chain import GENESIS_HASH


class AuditLogImmutable(RuntimeError):
    """Raised on any attempt to change or delete audit events through the ORM."""


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")
    VIEW_IDENTITY = "view_identity", _("viewed an identity")
    SEARCH = "search", _("searched")
    EXPORT = "export", _("exported")
    LOGIN = "login", _("signed in")
    LOGOUT = "logout", _("signed out")
    LOGIN_FAILED = "login_failed", _("failed to sign in")
    PERMISSION_DENIED = "permission_denied", _("was refused access")
    ADMIN_ACTION = "admin_action", _("administrative action")
    CONSENT = "consent", _("recorded consent")
    SHARE = "share", _("shared or unshared")
    KEY_ROTATION = "key_rotation", _("rotated keys")
    BACKUP = "backup", _("made a backup")
    RESTORE = "restore", _("restored a backup")
    UNLOCK = "unlock", _("unlocked an account")


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("success")
    DENIED = "denied", _("denied")
    FAILED = "failed", _("failed")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogImmutable("audit events cannot be updated")

    def delete(self) -> NoReturn:
        raise AuditLogImmutable("audit events cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogImmutable("audit events cannot be updated")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogImmutable("audit events are appended one at a time by audit.services.audit_record")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogImmutable("audit events cannot be updated")


class AuditEvent(models.Model):
    # The primary key: unique and contiguous, assigned from the chain head (one index fewer to write).
    sequence = models.PositiveBigIntegerField(_("sequence"), primary_key=True)
    occurred_at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # users are deactivated, never deleted
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the (actor, occurred_at) index serves lookups by actor
        verbose_name=_("who"),
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    actor_role = models.CharField(_("role"), max_length=30, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=AuditOutcome.choices)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("audit event")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_event_object"),
            models.Index(fields=["actor", "occurred_at"], name="audit_event_actor_time"),
            models.Index(fields=["occurred_at"], name="audit_event_time"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An invariant, not business logic: an event, once written, is never written again.
        if not self._state.adding:
            raise AuditLogImmutable("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogImmutable("audit events cannot be deleted")

    @property
    def actor_role_label(self) -> str:
        return str(dict(Role.choices).get(self.actor_role, self.actor_role))

    def hashed_values(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "occurred_at": self.occurred_at,
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "actor_role": self.actor_role,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "ip_address": self.ip_address,
            "outcome": self.outcome,
            "detail": self.detail,
            "previous_hash": self.previous_hash,
        }


HEAD_ID = 1


class AuditChainHead(models.Model):
    """The one row saying how long the chain is and how it ends; locked to serialise appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_ID)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=HEAD_ID), name="audit_chain_head_single_row")]

    def __str__(self) -> str:
        return f"audit chain head: {self.last_sequence} events"
