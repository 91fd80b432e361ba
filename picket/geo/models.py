"""India's administrative geography, keyed on Local Government Directory (LGD) codes.

Records elsewhere point at districts by primary key, never by name, so that a rename is a change of one row.
When LGD retires a code (a district is renamed under a new code, split or merged), the old row stays,
marked inactive, and a ``DistrictSuccession`` says where its area went; see ``geo.selectors``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.Model):
    lgd_code = models.PositiveIntegerField(_("LGD code"), unique=True)
    lgd_version = models.PositiveIntegerField(_("LGD version"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=100)
    census_2001_code = models.CharField(_("Census 2001 code"), max_length=10, blank=True)
    census_2011_code = models.CharField(_("Census 2011 code"), max_length=10, blank=True)
    is_union_territory = models.BooleanField(_("union territory"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("state")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    lgd_code = models.PositiveIntegerField(_("LGD code"), unique=True)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("name"), max_length=100)
    census_2001_code = models.CharField(_("Census 2001 code"), max_length=10, blank=True)
    census_2011_code = models.CharField(_("Census 2011 code"), max_length=10, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["state__name", "name"]
        verbose_name = _("district")
        indexes = [models.Index(fields=["state", "name"])]

    def __str__(self) -> str:
        return self.name


class SubDistrict(models.Model):
    lgd_code = models.PositiveIntegerField(_("LGD code"), unique=True)
    lgd_version = models.PositiveIntegerField(_("LGD version"), null=True, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="subdistricts")
    name = models.CharField(_("name"), max_length=100)
    census_2001_code = models.CharField(_("Census 2001 code"), max_length=10, blank=True)
    census_2011_code = models.CharField(_("Census 2011 code"), max_length=10, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sub-district")

    def __str__(self) -> str:
        return self.name


class SuccessionKind(models.TextChoices):
    RENAME = "rename", _("renamed under a new code")
    SPLIT = "split", _("split")
    MERGE = "merge", _("merged")


class DistrictSuccession(models.Model):
    """Part or all of ``predecessor``'s area now lies in ``successor`` (from ``effective_on``)."""

    predecessor = models.ForeignKey(District, on_delete=models.PROTECT, related_name="successions")
    successor = models.ForeignKey(District, on_delete=models.PROTECT, related_name="predecessions")
    kind = models.CharField(_("kind"), max_length=10, choices=SuccessionKind.choices)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="geo_succession_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="geo_succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.kind})"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class GeographyImport(models.Model):
    """An LGD file uploaded through the web, imported by the background worker."""

    original_filename = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    kind = models.CharField(max_length=20, blank=True)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_filename} ({self.status})"
