"""Organisations, users (each with a role and a jurisdiction) and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from picket.accounts.roles import JurisdictionKind, OrganisationKind, Role
from picket.geo.models import District, State


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    districts = models.ManyToManyField(District, related_name="organisations", verbose_name=_("districts"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name


class PicketUserManager(UserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> User:
        # `picket createsuperuser` makes a national administrator: Picket decides access by role, not by
        # Django's superuser flag, and an administrator sees no child identities.
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        extra_fields.setdefault("jurisdiction_kind", JurisdictionKind.NATIONAL)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. Belongs to one organisation, with one role and one jurisdiction."""

    # AbstractUser's first/last name split does not fit Indian names; one display name instead.
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.FIELD_WORKER)
    jurisdiction_kind = models.CharField(
        _("jurisdiction"), max_length=10, choices=JurisdictionKind.choices, default=JurisdictionKind.DISTRICTS
    )
    jurisdiction_state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("state")
    )
    jurisdiction_districts = models.ManyToManyField(District, blank=True, related_name="+", verbose_name=_("districts"))
    preferred_language = models.CharField(_("language"), max_length=8, blank=True)

    REQUIRED_FIELDS = ["email"]
    objects = PicketUserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(jurisdiction_kind="state") | models.Q(jurisdiction_state__isnull=False),
                name="accounts_user_state_jurisdiction_has_state",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username


class ApiToken(models.Model):
    """A per-user API token. Only a SHA-256 digest is stored; the token is shown once, at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, help_text="first characters, to tell tokens apart")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
