"""Risk indicators as stored data (ADR 18): one row per rule, an append-only history of every change, the rule
set's version (a change gives it a new token, so every process reloads its compiled rules), and the
administrators' requests to rescore ads.

The shipped ``data/indicators.toml`` seeds the rows and stays what ``picket monitor scan`` uses; reloading the
file merges it with administrators' edits (``indicator_catalogue.load_indicators``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    PATTERN = "pattern", _("Words in the ad (patterns)")
    MINOR_AGE = "minor_age", _("An age asked for below a limit")
    ADULT_ONLY = "adult_only", _("An adult-only statement")
    LICENCE = "licence", _("A licence or registration number")


class IndicatorRule(models.Model):
    """One indicator rule, as ``[[indicator]]`` in the file. ``code`` is the rule's id (stored on ads).

    ``loaded_values`` are the file's values at the last load: the base of the three-way merge. ``None`` for a
    rule an administrator created, which the file has never held.
    """

    code = models.CharField(_("id"), max_length=41, unique=True)
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=IndicatorKind.choices, default=IndicatorKind.PATTERN)
    age_below = models.PositiveSmallIntegerField(_("age below"), default=18)
    weight = models.FloatField(_("weight"))
    decisive = models.BooleanField(_("decisive"), default=False)
    description = models.TextField(_("description"))
    law = models.CharField(_("law"), max_length=300)
    patterns_en = models.JSONField(_("patterns (English)"), default=list, blank=True)
    patterns_hinglish = models.JSONField(_("patterns (Hinglish)"), default=list, blank=True)
    patterns_hi = models.JSONField(_("patterns (Devanagari)"), default=list, blank=True)
    unless_before = models.JSONField(_("not when just before"), default=list, blank=True)
    unless_after = models.JSONField(_("not when just after"), default=list, blank=True)
    requires = models.JSONField(_("only with"), default=list, blank=True)
    positive_examples = models.JSONField(_("examples that fire"), default=list)
    negative_examples = models.JSONField(_("examples that do not fire"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    loaded_values = models.JSONField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code


class IndicatorRevisionKind(models.TextChoices):
    FILE = "file", _("Indicators file loaded")
    CREATED = "created", _("Created by an administrator")
    EDITED = "edited", _("Edited by an administrator")
    DEACTIVATED = "deactivated", _("Deactivated")
    REACTIVATED = "reactivated", _("Reactivated")


class IndicatorRevision(models.Model):
    """One change to a rule: who, when, the changed fields before and after, and why. Only ever added to."""

    rule = models.ForeignKey(IndicatorRule, on_delete=models.PROTECT, related_name="revisions")
    kind = models.CharField(max_length=12, choices=IndicatorRevisionKind.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    reason = models.TextField(_("reason"))
    set_version = models.PositiveIntegerField(default=0)  # the rule set's version this change made

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"revision {self.pk} of indicator {self.rule_id}"


class IndicatorSetVersion(models.Model):
    """The stored rule set's version: one row. ``token`` changes with every change, so a process compares it
    (one small read) with the token of its compiled rules and reloads when they differ — also after a rolled-back
    change, which a bare counter could repeat."""

    number = models.PositiveIntegerField(default=1)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"indicator set version {self.number}"


class RescoreStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class IndicatorRescore(models.Model):
    """An administrator's request to score again the ads seen since a date with the current rules (existing
    ads are never rescored silently). The background task gets this row's id only."""

    since = models.DateField(_("since"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason"))
    status = models.CharField(max_length=10, choices=RescoreStatus.choices, default=RescoreStatus.QUEUED)
    set_version = models.PositiveIntegerField(default=0)
    ads_rescored = models.PositiveIntegerField(default=0)
    ads_changed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"rescore {self.pk} since {self.since}"
