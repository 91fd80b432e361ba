from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """Requests counted per key and fixed time window, for rate limits shared by every process and host.

    The key is a keyed hash (never an address or a username in clear): tipsters' addresses are personal data.
    """

    key = models.CharField(max_length=64)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="web_ratecounter_unique_window")]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.count}"
