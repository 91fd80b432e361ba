"""Tracing in the database: candidates the engine puts forward, the review of each, cross-district access to the
other side's record, and the reunification a confirmed match starts.

A candidate stores its score, decision and explanation (encrypted: the explanation quotes names), never a copy of
either record. Which district's queue a candidate is in follows from its two records' districts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from picket.accounts.models import Organisation
from picket.intake.models import FoundChild, MissingReport
from picket.privacy.fields import EncryptedTextField


class CandidateKind(models.TextChoices):
    LINK = "link", _("Found child and missing report")
    DEDUPE = "dedupe", _("Two reports of one child")


class Decision(models.TextChoices):
    MATCH = "match", _("Likely match")
    POSSIBLE = "possible", _("Possible match")
    #: Below the possible threshold but among the record's best: in a million reports even the true one of a
    #: common name can score low, and a reviewer would rather see it than nothing (ADR 16).
    LEAD = "lead", _("Weak lead")


class CandidateStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class RejectionReason(models.TextChoices):
    DIFFERENT_CHILD = "different_child", _("A different child")
    SIBLING = "sibling", _("A brother or sister of the child")
    ALREADY_TRACED = "already_traced", _("The child has already been traced")
    NOT_ENOUGH = "not_enough", _("Not enough to say; the family or child was asked and it is not them")
    OTHER = "other", _("Other (say why in the note)")


class MatchCandidate(models.Model):
    """One pair the engine put forward: a found child and a missing report (``link``), or two missing reports
    (``dedupe``: ``other_report``). Rescoring updates pending candidates; reviewed ones are kept as decided."""

    kind = models.CharField(max_length=6, choices=CandidateKind.choices)
    missing_report = models.ForeignKey(MissingReport, on_delete=models.CASCADE, related_name="match_candidates")
    found_child = models.ForeignKey(
        FoundChild, on_delete=models.CASCADE, null=True, blank=True, related_name="match_candidates"
    )
    other_report = models.ForeignKey(
        MissingReport, on_delete=models.CASCADE, null=True, blank=True, related_name="duplicate_candidates"
    )
    score = models.FloatField(_("score"))
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    # [[field, verdict, text, weight], ...]: the texts quote both records' names, hence encrypted.
    explanation = EncryptedTextField(blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CandidateStatus.choices, default="pending")
    rejection_reason = models.CharField(_("reason"), max_length=20, choices=RejectionReason.choices, blank=True)
    review_note = EncryptedTextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    scored_at = models.DateTimeField()

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["missing_report", "found_child"],
                condition=models.Q(kind="link"),
                name="tracing_candidate_link_unique",
            ),
            models.UniqueConstraint(
                fields=["missing_report", "other_report"],
                condition=models.Q(kind="dedupe"),
                name="tracing_candidate_dedupe_unique",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="link", found_child__isnull=False, other_report__isnull=True))
                | (models.Q(kind="dedupe", found_child__isnull=True, other_report__isnull=False)),
                name="tracing_candidate_kind_fits",
            ),
        ]
        indexes = [models.Index(fields=["status", "kind", "-score"])]

    def __str__(self) -> str:
        return f"candidate {self.pk}"


class AccessStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class AccessRequest(models.Model):
    """A reviewer asks to open the other side's record of a cross-district candidate. Only the side that holds the
    record (a reviewer covering its district) approves; until then the requester sees its reference, district,
    organisation and score only."""

    candidate = models.ForeignKey(MatchCandidate, on_delete=models.CASCADE, related_name="access_requests")
    # Which record is asked for: "missing" (the report), "found" (the found child) or "other" (second report).
    side = models.CharField(max_length=7)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=AccessStatus.choices, default=AccessStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "side", "requested_by"], name="tracing_access_once")
        ]

    def __str__(self) -> str:
        return f"access request {self.pk}"


class ReunificationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    RESTORED = "restored", _("Restored to the family; follow-up visits due")
    COMPLETED = "completed", _("Follow-up completed")
    STOPPED = "stopped", _("Stopped (restoration not in the child's interest)")


class Reunification(models.Model):
    """What follows a confirmed match: home verification, the CWC's restoration order, handover to the family and
    follow-up visits (JJ Act s.37 and s.40; Model Rules 2016, rule 82)."""

    candidate = models.OneToOneField(MatchCandidate, on_delete=models.PROTECT, related_name="reunification")
    missing_report = models.ForeignKey(MissingReport, on_delete=models.PROTECT, related_name="reunifications")
    found_child = models.ForeignKey(FoundChild, on_delete=models.PROTECT, related_name="reunifications")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reunifications")
    status = models.CharField(
        max_length=12, choices=ReunificationStatus.choices, default=ReunificationStatus.IN_PROGRESS
    )
    # Why it stopped (the CWC's reasons may name the family), hence encrypted.
    note = EncryptedTextField(_("note"), blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"reunification {self.pk}"


class StepKind(models.TextChoices):
    HOME_VERIFICATION = "home_verification", _("Home verification")
    RESTORATION_ORDER = "restoration_order", _("CWC restoration order")
    HANDOVER = "handover", _("Handover to the family")
    FOLLOW_UP = "follow_up", _("Follow-up visit")


class ReunificationStep(models.Model):
    reunification = models.ForeignKey(Reunification, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    sequence = models.PositiveSmallIntegerField(default=0)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # What was found or ordered; may name family members, hence encrypted.
    notes = EncryptedTextField(_("notes"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The last reminder sent ("soon", "overdue"), so that each level is sent once.
    reminded = models.CharField(max_length=10, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "sequence", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} of reunification {self.reunification_id}"


class BlockKind(models.TextChoices):
    MISSING = "missing", _("Missing report")
    FOUND = "found", _("Found child")


class BlockKey(models.Model):
    """One blocking key (``blocking.reference_keys``/``query_keys_of``) of one open missing report or found child,
    as a keyed hash: the database's counterpart of the file engine's in-memory index (ADR 13 "Blocking", ADR 16).

    Holds no name, no phonetic form and no place name: ``key`` is ``blind_index(key, purpose=BLOCK_KEY_PURPOSE)``.
    Gender, year of birth and districts are copied from the record so that an oversized block can be refined,
    and candidates ranked, from the index alone. Rows exist only for open records: the record's refresh rebuilds
    them, a change of status deletes them (``tracing.blockkeys``)."""

    kind = models.CharField(max_length=7, choices=BlockKind.choices)
    record_id = models.IntegerField()  # MissingReport or FoundChild pk, by kind
    key = models.CharField(max_length=32)
    gender = models.CharField(max_length=1, blank=True)
    birth_year = models.SmallIntegerField(null=True, blank=True)
    district_id = models.IntegerField(null=True, blank=True)
    home_district_id = models.IntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_id", "key"], name="tracing_blockkey_unique"),
        ]
        indexes = [
            # Counting a block, refining it to a gender and a span of years of birth, and ranking its members, all
            # as index-only scans on PostgreSQL (``include``; SQLite ignores it and reads the table).
            models.Index(
                fields=["kind", "key", "gender", "birth_year"],
                include=["record_id", "district_id", "home_district_id"],
                name="tracing_blockkey_lookup",
            ),
        ]

    def __str__(self) -> str:
        return f"block key of {self.kind} {self.record_id}"


#: ``BlockCount.birth_year`` of records whose age is unknown (a unique constraint would treat NULLs as distinct).
UNKNOWN_YEAR = -32768


class BlockCount(models.Model):
    """How many rows of ``BlockKey`` a block has, by gender and year of birth: the histogram the lookup refines an
    oversized block with and takes a key's rarity from (``blockkeys.histograms``). Kept in step with ``BlockKey``
    by ``blockkeys`` in the same transaction, so that a lookup reads a few hundred counts instead of counting the
    ~100,000 index entries of a common name's blocks each time."""

    kind = models.CharField(max_length=7, choices=BlockKind.choices)
    key = models.CharField(max_length=32)
    gender = models.CharField(max_length=1, blank=True)
    birth_year = models.SmallIntegerField()  # UNKNOWN_YEAR when not known
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "gender", "birth_year"], name="tracing_blockcount_unique"),
        ]

    def __str__(self) -> str:
        return f"block count of {self.kind}"
