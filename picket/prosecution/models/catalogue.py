"""The offences catalogue: acts and their sections, loaded from ``prosecution/data/*.csv`` and corrected by
administrators with every change kept (``OffenceRevision``). Law is data here, not constants in code."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActKind(models.TextChoices):
    OFFENCES = "offences", _("Defines offences")
    PROCEDURE = "procedure", _("Procedure")


class Act(models.Model):
    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=ActKind.choices, default=ActKind.OFFENCES)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    effective_until = models.DateField(_("in force until"), null=True, blank=True)
    replaced_by = models.CharField(_("replaced by"), max_length=12, blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "", _("Not known")


class LifeImprisonment(models.TextChoices):
    NONE = "", _("No")
    LIFE = "life", _("Imprisonment for life")
    NATURAL_LIFE = "natural_life", _("Imprisonment for the remainder of natural life")


class ChargesheetPeriod(models.IntegerChoices):
    SIXTY = 60, _("60 days")
    NINETY = 90, _("90 days")


class Offence(models.Model):
    """One section of one act, in one version (a section amended on a date is two rows)."""

    act = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="offences", verbose_name=_("act"))
    section = models.CharField(_("section"), max_length=20)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    effective_until = models.DateField(_("in force until"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    covers = models.TextField(_("what it covers"), blank=True)
    min_imprisonment_months = models.PositiveIntegerField(_("minimum imprisonment (months)"), null=True, blank=True)
    max_imprisonment_months = models.PositiveIntegerField(_("maximum imprisonment (months)"), null=True, blank=True)
    life_imprisonment = models.CharField(
        _("up to imprisonment for life"), max_length=12, choices=LifeImprisonment.choices, blank=True
    )
    death_penalty = models.BooleanField(_("punishable with death"), default=False)
    fine = models.CharField(_("fine"), max_length=200, blank=True)
    cognizable = models.CharField(_("cognizable"), max_length=3, choices=YesNoUnknown.choices, blank=True)
    bailable = models.CharField(_("bailable"), max_length=3, choices=YesNoUnknown.choices, blank=True)
    # BNSS 187(3) / CrPC 167(2): 90 days when punishable with death, life or >= 10 years, else 60. Kept per
    # offence and correctable, because High Courts differ on offences with a 10-year maximum (DOMAIN.md).
    chargesheet_days = models.PositiveSmallIntegerField(
        _("chargesheet period (days)"), choices=ChargesheetPeriod.choices, null=True, blank=True
    )
    two_month_investigation = models.BooleanField(_("investigation within two months (BNSS 193(2))"), default=False)
    corresponds_to = models.CharField(_("IPC / BNS counterpart"), max_length=40, blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # What the catalogue file said at the last load, field by field: a later load compares file, this and the
    # row, so that an administrator's correction is never overwritten silently (catalogue.load_catalogue).
    loaded_values = models.JSONField(default=dict, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["act__code", "section", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["act", "section", "effective_from"], name="prosecution_offence_version")
        ]
        indexes = [models.Index(fields=["act", "section"])]

    def __str__(self) -> str:
        return f"{self.act.code} {self.section}"

    @property
    def citation(self) -> str:
        return f"{self.act.short_name} s.{self.section}" if self.act.code not in ("IPC", "BNS") else str(self)

    def in_force_on(self, day: datetime.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_until is None or day <= self.effective_until
        )

    @property
    def severity(self) -> tuple[int, int, int]:
        """For picking the most serious section charged: death, then life, then the maximum term."""
        return (int(self.death_penalty), int(bool(self.life_imprisonment)), self.max_imprisonment_months or 0)


class RevisionKind(models.TextChoices):
    CORRECTION = "correction", _("Correction by an administrator")
    FILE = "file", _("Catalogue file loaded")


class OffenceRevision(models.Model):
    """One change to an offence: who, when, the changed fields before and after, and why."""

    offence = models.ForeignKey(Offence, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=12, choices=RevisionKind.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"revision {self.pk} of offence {self.offence_id}"
