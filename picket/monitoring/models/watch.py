"""Watchlists (phones, handles, e-mails, names, establishments) and the alerts raised when they appear in a new
ad or tip, or when an unregistered placement agency advertises; alert triage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from picket.geo.models import District
from picket.intake.models import Tip
from picket.monitoring.models.ads import Ad
from picket.monitoring.models.establishments import Establishment
from picket.people.models import AccusedPerson
from picket.privacy.fields import EncryptedTextField
from picket.prosecution.models import PoliceCase
from picket.references import new_reference


class WatchlistOrigin(models.TextChoices):
    ANALYST = "analyst", _("Added by an analyst")
    AD = "ad", _("From an ad")
    ACCUSED = "accused", _("An accused person's phone in a case")


class WatchlistEntry(models.Model):
    """Something to watch for. ``kind`` is an identifier kind, or ``establishment`` with ``establishment`` set.

    ``district``: whose entry it is (its alerts go to that district when the ad matches none); entries without
    one are national.
    """

    ESTABLISHMENT = "establishment"

    kind = models.CharField(max_length=15)
    value = EncryptedTextField(blank=True)
    value_index = models.CharField(max_length=32, db_index=True, blank=True, editable=False)
    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, null=True, blank=True, related_name="watchlist_entries"
    )
    accused = models.ForeignKey(AccusedPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    origin = models.CharField(max_length=10, choices=WatchlistOrigin.choices, default=WatchlistOrigin.ANALYST)
    ad = models.ForeignKey(Ad, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = EncryptedTextField(blank=True)
    is_active = models.BooleanField(default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-added_at"]
        indexes = [models.Index(fields=["kind", "value_index", "is_active"])]
        verbose_name_plural = "watchlist entries"

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class AlertKind(models.TextChoices):
    WATCHLIST = "watchlist", _("Watchlisted identifier seen")
    UNREGISTERED_AGENCY = "unregistered_agency", _("Unregistered placement agency advertising")


class AlertStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    DISMISSED = "dismissed", _("Dismissed")
    TIP_CREATED = "tip_created", _("Turned into a tip")
    ATTACHED = "attached", _("Attached to a case")


OPEN_ALERT_STATUSES = (AlertStatus.NEW, AlertStatus.ASSIGNED)


class DismissalReason(models.TextChoices):
    FALSE_MATCH = "false_match", _("Not the same person or business")
    GENUINE = "genuine", _("A genuine ad")
    DUPLICATE = "duplicate", _("Duplicate of another alert")
    ALREADY_KNOWN = "already_known", _("Already being acted on")
    OUT_OF_SCOPE = "out_of_scope", _("Outside our work")


def new_alert_reference() -> str:
    return new_reference("L")


class Alert(models.Model):
    reference = models.CharField(max_length=12, unique=True, default=new_alert_reference)
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    matched_kind = models.CharField(max_length=15, blank=True)  # identifier kind or "establishment"
    ad = models.ForeignKey(Ad, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts")
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    watchlist_entry = models.ForeignKey(
        WatchlistEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    establishment = models.ForeignKey(
        Establishment, on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=12, choices=AlertStatus.choices, default=AlertStatus.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dismissal_reason = models.CharField(max_length=15, choices=DismissalReason.choices, blank=True)
    dismissal_note = EncryptedTextField(blank=True)
    created_tip = models.ForeignKey(Tip, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    police_case = models.ForeignKey(PoliceCase, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["district", "status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ad__isnull=False) | models.Q(tip__isnull=False), name="monitoring_alert_has_target"
            )
        ]

    def __str__(self) -> str:
        return self.reference
