"""Ads as Picket keeps them: one canonical record per ad across re-captures, its identifiers (phones, handles,
e-mails, names, licence numbers) as separate encrypted rows with blind indexes, and stored operator networks."""

from __future__ import annotations

import json

from django.db import models
from django.utils.translation import gettext_lazy as _

from picket.geo.models import District
from picket.monitoring.models.sources import Capture, Source
from picket.privacy.fields import EncryptedTextField
from picket.references import new_reference


def new_network_reference() -> str:
    return new_reference("W")


class Network(models.Model):
    """A likely operator: ads linked by shared identifiers or a near-identical template (ADR 15).

    Built incrementally as ads arrive; when an ad links two stored networks, the younger one is merged into
    the older (``merged_into``) and its ads move.
    """

    reference = models.CharField(max_length=12, unique=True, default=new_network_reference)
    first_seen = models.DateField(null=True, blank=True)
    last_seen = models.DateField(null=True, blank=True)
    ad_count = models.PositiveIntegerField(default=0)
    max_risk = models.FloatField(default=0.0)
    template = EncryptedTextField(blank=True)  # fixed words and {…} slots; may quote ad text
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["merged_into", "updated_at"])]

    def __str__(self) -> str:
        return self.reference


def new_ad_reference() -> str:
    return new_reference("D")


class Ad(models.Model):
    """One ad, whatever the number of times it was captured (same address, or the same text).

    ``district``: the LGD district the ad was matched to (its city, else a place in its text); ads matched to
    none are seen by national roles only. ``shingles``: the slot-masked shingle hashes the network index
    needs (64-bit hashes of word 3-grams with phones, names, places and numbers masked; ADR 15).
    """

    reference = models.CharField(max_length=12, unique=True, default=new_ad_reference)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True, related_name="ads")
    external_id = models.CharField(max_length=200, blank=True)
    url = EncryptedTextField(blank=True)
    url_index = models.CharField(max_length=32, db_index=True, blank=True, editable=False)
    text = EncryptedTextField()
    text_index = models.CharField(max_length=32, db_index=True, editable=False)
    posted_at = models.DateField(null=True, blank=True)
    city = models.CharField(max_length=100, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    language = models.CharField(max_length=10, blank=True)
    risk_score = models.FloatField(default=0.0)
    flagged = models.BooleanField(default=False)
    indicators = models.JSONField(default=list)  # [{"id", "weight", "counted"}]: codes and numbers only
    reasons = EncryptedTextField(blank=True)  # JSON list of reason lines; they quote the ad's words
    network = models.ForeignKey(Network, on_delete=models.SET_NULL, null=True, blank=True, related_name="ads")
    shingles = models.BinaryField(default=b"", editable=False)
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    sightings_count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-first_seen_at"]
        indexes = [
            models.Index(fields=["district", "flagged", "first_seen_at"]),
            models.Index(fields=["source", "external_id"]),
            models.Index(fields=["network"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reason_lines(self) -> list[str]:
        return list(json.loads(self.reasons)) if self.reasons else []


class AdSighting(models.Model):
    """One capture in which the ad was seen (the first, and every re-capture)."""

    ad = models.ForeignKey(Ad, on_delete=models.CASCADE, related_name="sightings")
    capture = models.ForeignKey(Capture, on_delete=models.PROTECT, related_name="sightings")
    seen_at = models.DateTimeField()
    recognised_by = models.CharField(max_length=10, blank=True)  # "", "url" or "text": how a re-capture was known

    class Meta:
        ordering = ["seen_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["ad", "capture"], name="monitoring_sighting_once")]

    def __str__(self) -> str:
        return f"{self.ad_id}@{self.capture_id}"


class IdentifierKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    HANDLE = "handle", _("Handle")
    EMAIL = "email", _("E-mail")
    NAME = "name", _("Name")
    LICENCE = "licence", _("Licence or registration number")


class AdIdentifier(models.Model):
    """A phone, handle, e-mail, contact name or licence number found in an ad (adults' phones are personal data
    too: encrypted, found by their blind index)."""

    ad = models.ForeignKey(Ad, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=10, choices=IdentifierKind.choices)
    value = EncryptedTextField()
    value_index = models.CharField(max_length=32, db_index=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ad", "kind", "value_index"], name="monitoring_ad_identifier_once")
        ]
        indexes = [models.Index(fields=["kind", "value_index"])]

    def __str__(self) -> str:
        return f"{self.kind} of {self.ad_id}"
