"""Where ads come from (sources), what was fetched (captures, encrypted at rest, with SHA-256 digests), and the
chain of custody of that evidence."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from picket.geo.models import District
from picket.privacy.fields import EncryptedTextField
from picket.privacy.storage import EncryptedFileSystemStorage
from picket.references import new_reference

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class SourceKind(models.TextChoices):
    CLASSIFIEDS = "classifieds", _("Classifieds site")
    JOB_PORTAL = "job_portal", _("Job portal")
    SOCIAL_GROUP = "social_group", _("Social media group")
    MESSAGING_CHANNEL = "messaging_channel", _("Messaging channel")
    LOCAL_LISTING = "local_listing", _("Local listing")


class CollectionMethod(models.TextChoices):
    FILE_IMPORT = "file_import", _("File import (CSV)")
    FEED = "feed", _("RSS or Atom feed")
    HTML = "html", _("Web pages (CSS selectors)")
    MANUAL = "manual", _("Submitted by staff")


class SourceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FAILING = "failing", _("Failing (backing off)")
    PAUSED = "paused", _("Paused")


def new_source_reference() -> str:
    return new_reference("S")


class Source(models.Model):
    """A site, group or channel watched, and how and how often it is collected.

    ``selectors`` (HTML sources) names CSS selectors: ``item`` (one ad), and within it ``text`` (required),
    ``link``, ``posted_at``, ``city``. Robots.txt is always obeyed for collected sources; ``min_interval_seconds``
    is the least time between two requests to the source's host.
    """

    reference = models.CharField(max_length=12, unique=True, default=new_source_reference)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    method = models.CharField(_("how collected"), max_length=20, choices=CollectionMethod.choices)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    selectors = models.JSONField(_("CSS selectors"), default=dict, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("district (local listings)"),
    )  # fmt: skip
    schedule_minutes = models.PositiveIntegerField(_("collect every (minutes)"), default=24 * 60)
    min_interval_seconds = models.PositiveIntegerField(_("seconds between requests"), default=10)
    timeout_seconds = models.PositiveSmallIntegerField(_("timeout (seconds)"), default=20)
    max_bytes = models.PositiveIntegerField(_("largest page (bytes)"), default=DEFAULT_MAX_BYTES)
    status = models.CharField(_("status"), max_length=10, choices=SourceStatus.choices, default=SourceStatus.ACTIVE)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    failures = models.PositiveIntegerField(default=0)
    backoff_until = models.DateTimeField(_("backing off until"), null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_request_at = models.DateTimeField(null=True, blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("monitored source")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_collected(self) -> bool:
        return self.method in (CollectionMethod.FEED, CollectionMethod.HTML)

    def due(self, now: datetime.datetime) -> bool:
        if self.status == SourceStatus.PAUSED or not self.is_collected:
            return False
        if self.backoff_until is not None and now < self.backoff_until:
            return False
        return self.next_run_at is None or self.next_run_at <= now


def capture_upload_to(instance: Capture, filename: str) -> str:
    return f"monitoring/captures/{instance.fetched_at:%Y/%m}/{instance.reference}"


def new_capture_reference() -> str:
    return new_reference("K")


class Capture(models.Model):
    """Bytes fetched from a source (a feed, a page, an imported file, a staff submission), as fetched.

    The raw content is encrypted at rest; ``sha256`` is the digest of the plaintext bytes, taken when fetched,
    so that an evidence packet can prove the content is the one captured.
    """

    reference = models.CharField(max_length=12, unique=True, default=new_capture_reference)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True, related_name="captures")
    method = models.CharField(max_length=20, choices=CollectionMethod.choices)
    url = EncryptedTextField(_("address"), blank=True)
    url_index = models.CharField(max_length=32, db_index=True, blank=True, editable=False)
    fetched_at = models.DateTimeField(_("captured at"))
    content = models.FileField(upload_to=capture_upload_to, storage=EncryptedFileSystemStorage())
    sha256 = models.CharField(max_length=64, db_index=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField()
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # None: a background collector

    class Meta:
        ordering = ["-fetched_at"]
        indexes = [models.Index(fields=["source", "fetched_at"])]

    def __str__(self) -> str:
        return self.reference


class CustodyKind(models.TextChoices):
    CAPTURED = "captured", _("Captured")
    VIEWED = "viewed", _("Viewed")
    PRESERVED = "preserved", _("Preserved as evidence")
    EXPORTED = "exported", _("Exported")


class CustodyEvent(models.Model):
    """One link of a capture's chain of custody: who captured, viewed, preserved or exported it, and when.

    Append-only (services only create rows); the audit log holds the same events, chained.
    """

    capture = models.ForeignKey(Capture, on_delete=models.PROTECT, related_name="custody")
    kind = models.CharField(max_length=10, choices=CustodyKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    sha256 = models.CharField(max_length=64)  # the digest as verified at that moment

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["capture", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.capture_id}"
