"""Places where children are exploited or recruited: placement agencies, spas, hotels, dhabas, kilns,
factories, homes — with their registration, inspections and links to ads, tips and rescue operations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from picket.accounts.models import Organisation
from picket.geo.models import District
from picket.intake.models import Tip
from picket.monitoring.models.ads import Ad, IdentifierKind
from picket.privacy.fields import EncryptedTextField
from picket.prosecution.models import RescueOperation
from picket.references import new_reference


class EstablishmentKind(models.TextChoices):
    PLACEMENT_AGENCY = "placement_agency", _("Placement agency")
    SPA = "spa", _("Spa or massage parlour")
    HOTEL = "hotel", _("Hotel or lodge")
    DHABA = "dhaba", _("Dhaba or eatery")
    BRICK_KILN = "brick_kiln", _("Brick kiln")
    FACTORY = "factory", _("Factory or workshop")
    HOME = "home", _("Private home")
    OTHER = "other", _("Other")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    UNREGISTERED = "unregistered", _("Not registered")
    EXPIRED = "expired", _("Registration expired")
    SUSPENDED = "suspended", _("Registration suspended or cancelled")
    UNKNOWN = "unknown", _("Not yet checked")


def new_establishment_reference() -> str:
    return new_reference("E")


class Establishment(models.Model):
    reference = models.CharField(max_length=12, unique=True, default=new_establishment_reference)
    kind = models.CharField(_("kind"), max_length=20, choices=EstablishmentKind.choices)
    name = EncryptedTextField(_("name"))  # a private home is named after a person
    name_index = models.CharField(max_length=32, db_index=True, editable=False)
    address = EncryptedTextField(_("address"), blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"))
    registration_number = models.CharField(_("licence or registration number"), max_length=60, blank=True)
    registration_index = models.CharField(max_length=32, db_index=True, blank=True, editable=False)
    registration_status = models.CharField(
        _("registration"), max_length=15, choices=RegistrationStatus.choices, default=RegistrationStatus.UNKNOWN
    )
    registration_valid_until = models.DateField(_("registration valid until"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["district", "kind"])]

    def __str__(self) -> str:
        return self.reference


class EstablishmentIdentifier(models.Model):
    """A phone, handle or e-mail an establishment is known by (what links its ads to it)."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=10, choices=IdentifierKind.choices)
    value = EncryptedTextField()
    value_index = models.CharField(max_length=32, db_index=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "kind", "value_index"], name="monitoring_establishment_identifier_once"
            )
        ]
        indexes = [models.Index(fields=["kind", "value_index"])]

    def __str__(self) -> str:
        return f"{self.kind} of {self.establishment_id}"


class InspectionOutcome(models.TextChoices):
    NO_VIOLATION = "no_violation", _("No violation found")
    VIOLATION = "violation", _("Violation found")
    CHILDREN_FOUND = "children_found", _("Children found working or held")
    CLOSED = "closed", _("Premises closed or sealed")
    NOT_FOUND = "not_found", _("Premises not found")


class Inspection(models.Model):
    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="inspections")
    inspected_on = models.DateField(_("inspected on"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("inspecting organisation"),
    )  # fmt: skip
    outcome = models.CharField(_("outcome"), max_length=20, choices=InspectionOutcome.choices)
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"inspection {self.pk}"


class LinkedBy(models.TextChoices):
    PHONE = "phone", _("Same phone")
    HANDLE = "handle", _("Same handle or e-mail")
    NAME = "name", _("Name in the ad")
    LICENCE = "licence", _("Licence number")
    MANUAL = "manual", _("Linked by staff")


class EstablishmentLink(models.Model):
    """An ad, tip or rescue operation tied to an establishment, and why."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="links")
    ad = models.ForeignKey(Ad, on_delete=models.CASCADE, null=True, blank=True, related_name="establishment_links")
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    rescue_operation = models.ForeignKey(
        RescueOperation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    linked_by = models.CharField(max_length=10, choices=LinkedBy.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(ad__isnull=False, tip__isnull=True, rescue_operation__isnull=True)
                    | models.Q(ad__isnull=True, tip__isnull=False, rescue_operation__isnull=True)
                    | models.Q(ad__isnull=True, tip__isnull=True, rescue_operation__isnull=False)
                ),
                name="monitoring_link_one_target",
            ),
            models.UniqueConstraint(fields=["establishment", "ad"], name="monitoring_link_ad_once"),
            models.UniqueConstraint(fields=["establishment", "tip"], name="monitoring_link_tip_once"),
            models.UniqueConstraint(fields=["establishment", "rescue_operation"], name="monitoring_link_rescue_once"),
        ]

    def __str__(self) -> str:
        return f"link {self.pk}"
