"""Stored statutory deadlines (computed by ``prosecution.deadlines``) and the escalations sent for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from picket.geo.models import District
from picket.prosecution.models.court import CourtCase
from picket.prosecution.models.police import PoliceCase, RescueOperation


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    MISSED = "missed", _("Missed")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Deadline(models.Model):
    """One statutory clock for one subject (an accused, a child, the case itself).

    ``key`` names the clock (rule, case, subject) so that recomputing finds the same row again; the computed
    columns are rewritten on every recompute, the override columns never are.
    """

    key = models.CharField(max_length=120, unique=True)
    rule = models.CharField(_("rule"), max_length=40)
    police_case = models.ForeignKey(
        PoliceCase, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    court_case = models.ForeignKey(CourtCase, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines")
    rescue_operation = models.ForeignKey(
        RescueOperation, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    subject_type = models.CharField(max_length=40, blank=True)  # e.g. prosecution.caseaccused
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject_label = models.CharField(_("subject"), max_length=60, blank=True)  # a reference, never a name
    starts_at = models.DateTimeField(_("runs from"))
    due_at = models.DateTimeField(_("due before"))
    period = models.CharField(_("period"), max_length=40, blank=True)  # e.g. "90 days"
    computed_status = models.CharField(max_length=15, choices=DeadlineStatus.choices)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    explanation = models.TextField(blank=True)  # why this period (which section made it 90 days), etc.
    override_status = models.CharField(
        _("status set by hand"), max_length=15, choices=DeadlineStatus.choices, blank=True
    )
    override_reason = models.TextField(_("reason"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    is_current = models.BooleanField(default=True)  # false when the event it was computed from is gone
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["district", "computed_status", "due_at"]),
            models.Index(fields=["police_case", "rule"]),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def status(self) -> str:
        return self.override_status or self.computed_status


class EscalationLevel(models.TextChoices):
    DUE_IN_7_DAYS = "due_7_days", _("Due within 7 days")
    DUE_TOMORROW = "due_tomorrow", _("Due by tomorrow")
    MISSED = "missed", _("Missed")


class DeadlineEscalation(models.Model):
    """A warning sent for a deadline at one level: at most one per deadline per level."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="escalations")
    level = models.CharField(max_length=15, choices=EscalationLevel.choices)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deadline", "level"], name="prosecution_escalation_once_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.level} for {self.deadline_id}"


class CalendarFeed(models.Model):
    """A user's private iCalendar feed: the URL holds a random token, of which only the SHA-256 is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="prosecution_one_active_feed"
            )
        ]

    def __str__(self) -> str:
        return f"calendar feed {self.pk}"
