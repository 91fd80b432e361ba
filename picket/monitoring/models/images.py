"""Images seen in ads, kept as perceptual hashes only (issue #7, item 6).

An image is fetched (or uploaded), hashed in memory and dropped: the row holds its address, its pHash and dHash,
its size and dimensions — never the file. Ads whose images are near-identical share a ``photo`` (the id of the
first image of the group), so "the same photo as N other ads" is one indexed query. The file itself is kept only
when an analyst preserves it as evidence: it is then fetched again, checked against the hashes, and stored as an
encrypted ``Capture`` with its chain of custody (``capture``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from picket.monitoring.models.ads import Ad
from picket.monitoring.models.sources import Capture
from picket.privacy.fields import EncryptedTextField


class AdImage(models.Model):
    ad = models.ForeignKey(Ad, on_delete=models.CASCADE, related_name="images")
    url = EncryptedTextField(blank=True)  # empty for an uploaded image
    url_index = models.CharField(max_length=32, db_index=True, blank=True, editable=False)
    phash = models.CharField(max_length=16)  # 64-bit perceptual hash (DCT), hexadecimal
    dhash = models.CharField(max_length=16)  # 64-bit difference hash, hexadecimal
    photo = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)  # near-identical images share it
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()  # bytes, as fetched
    content_type = models.CharField(max_length=100, blank=True)
    seen_at = models.DateTimeField()
    capture = models.ForeignKey(Capture, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    preserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    preserved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["seen_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["ad", "phash", "dhash"], name="monitoring_ad_image_once")]

    def __str__(self) -> str:
        return f"image {self.pk} of {self.ad_id}"

    @property
    def is_preserved(self) -> bool:
        return self.capture_id is not None
