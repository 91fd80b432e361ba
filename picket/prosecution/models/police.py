"""Rescue operations and police cases: FIR, sections invoked over time, accused with custody, chargesheets.

Identifying text (places, FIR numbers, officers' names, free text) is encrypted; FIR numbers are found again
through a blind index. Scoping columns (``district``) are plain, as in intake.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from picket.accounts.models import Organisation
from picket.geo.models import District
from picket.intake.models import FoundChild
from picket.people.models import AccusedPerson, Child
from picket.privacy.fields import EncryptedTextField
from picket.privacy.storage import EncryptedFileSystemStorage
from picket.prosecution.models.catalogue import Offence
from picket.references import new_reference


def new_rescue_reference() -> str:
    return new_reference("R")


def new_police_case_reference() -> str:
    return new_reference("P")


class RescueOperation(models.Model):
    reference = models.CharField(max_length=12, unique=True, default=new_rescue_reference)
    rescued_at = models.DateTimeField(_("date and time of the rescue"))
    place = EncryptedTextField(_("place"), blank=True)
    establishment = EncryptedTextField(_("establishment"), blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"))
    lead_agency = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead agency")
    )
    participating_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("participating organisations")
    )
    children_rescued = models.ManyToManyField(
        FoundChild, blank=True, related_name="rescue_operations", verbose_name=_("children rescued")
    )
    accused_apprehended = models.ManyToManyField(
        AccusedPerson, blank=True, related_name="rescue_operations", verbose_name=_("accused apprehended")
    )
    evidence_seized = EncryptedTextField(_("evidence seized"), blank=True)
    follow_up_actions = EncryptedTextField(_("follow-up actions"), blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-rescued_at"]
        indexes = [models.Index(fields=["district", "rescued_at"])]

    def __str__(self) -> str:
        return self.reference


class ClosureKind(models.TextChoices):
    NONE = "", _("No closure report")
    FALSE_CASE = "false", _("False case")
    MISTAKE_OF_FACT = "mistake_of_fact", _("Mistake of fact or law")
    UNTRACED = "untraced", _("Accused untraced")
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Insufficient evidence")


class PoliceCase(models.Model):
    reference = models.CharField(max_length=12, unique=True, default=new_police_case_reference)
    fir_number = EncryptedTextField(_("FIR number"))
    fir_number_index = models.CharField(max_length=32, db_index=True, editable=False)
    fir_registered_on = models.DateField(_("FIR date"))
    offence_on = models.DateField(_("date of the offence"), null=True, blank=True)
    police_station = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("police station")
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"))
    investigating_officer_name = EncryptedTextField(_("investigating officer"), blank=True)
    investigating_officer_rank = models.CharField(_("rank"), max_length=60, blank=True)
    rescue_operation = models.ForeignKey(
        RescueOperation, on_delete=models.PROTECT, null=True, blank=True, related_name="police_cases",
        verbose_name=_("rescue operation"),
    )  # fmt: skip
    victims = models.ManyToManyField(Child, blank=True, related_name="police_cases", verbose_name=_("victims"))
    closure_kind = models.CharField(_("closure report"), max_length=30, choices=ClosureKind.choices, blank=True)
    closure_report_on = models.DateField(_("closure report filed on"), null=True, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-fir_registered_on", "-created_at"]
        indexes = [models.Index(fields=["district", "fir_registered_on"])]

    def __str__(self) -> str:
        return self.reference


class CaseSection(models.Model):
    """A section invoked in a case, from when it was added until it was dropped: the history of the charges."""

    police_case = models.ForeignKey(PoliceCase, on_delete=models.CASCADE, related_name="sections")
    offence = models.ForeignKey(Offence, on_delete=models.PROTECT, related_name="+", verbose_name=_("section"))
    added_on = models.DateField(_("added on"))
    removed_on = models.DateField(_("dropped on"), null=True, blank=True)
    reason = EncryptedTextField(_("reason"), blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["added_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["police_case", "offence"],
                condition=models.Q(removed_on__isnull=True),
                name="prosecution_section_once_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.offence} in {self.police_case_id}"


class CustodyStatus(models.TextChoices):
    NOT_ARRESTED = "not_arrested", _("Not arrested")
    POLICE_CUSTODY = "police_custody", _("Police custody")
    JUDICIAL_CUSTODY = "judicial_custody", _("Judicial custody")
    ON_BAIL = "on_bail", _("On bail")
    DEFAULT_BAIL = "default_bail", _("Released on default bail")
    ABSCONDING = "absconding", _("Absconding")
    DISCHARGED = "discharged", _("Discharged")


class CaseAccused(models.Model):
    police_case = models.ForeignKey(PoliceCase, on_delete=models.CASCADE, related_name="accused")
    accused = models.ForeignKey(AccusedPerson, on_delete=models.PROTECT, related_name="cases")
    arrested_on = models.DateField(_("arrested on"), null=True, blank=True)
    first_remand_on = models.DateField(_("first remanded on"), null=True, blank=True)
    custody_status = models.CharField(
        _("custody or bail"), max_length=20, choices=CustodyStatus.choices, default=CustodyStatus.NOT_ARRESTED
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["police_case", "accused"], name="prosecution_accused_once_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.accused.reference} in {self.police_case.reference}"


class BailOpposedBy(models.TextChoices):
    NOT_OPPOSED = "", _("Not opposed")
    PROSECUTION = "prosecution", _("Public prosecutor")
    VICTIM_COUNSEL = "victim_counsel", _("Victim's counsel")
    NGO = "ngo", _("NGO legal officer")
    PROSECUTION_AND_VICTIM = "prosecution_and_victim", _("Prosecutor and victim's counsel")


class BailOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BailHearing(models.Model):
    case_accused = models.ForeignKey(CaseAccused, on_delete=models.CASCADE, related_name="bail_hearings")
    heard_on = models.DateField(_("heard on"))
    court_name = models.CharField(_("court"), max_length=200, blank=True)
    opposed_by = models.CharField(_("opposed by"), max_length=30, choices=BailOpposedBy.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=BailOutcome.choices)
    is_default_bail = models.BooleanField(_("default bail application (BNSS 187 / CrPC 167)"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["heard_on", "pk"]

    def __str__(self) -> str:
        return f"bail hearing {self.pk}"


class ChargesheetKind(models.TextChoices):
    FIRST = "first", _("Chargesheet")
    SUPPLEMENTARY = "supplementary", _("Supplementary chargesheet")


class Chargesheet(models.Model):
    police_case = models.ForeignKey(PoliceCase, on_delete=models.CASCADE, related_name="chargesheets")
    kind = models.CharField(_("kind"), max_length=15, choices=ChargesheetKind.choices)
    filed_on = models.DateField(_("filed on"))
    sections = models.ManyToManyField(Offence, related_name="+", verbose_name=_("sections"))
    accused_covered = models.ManyToManyField(CaseAccused, related_name="chargesheets", verbose_name=_("accused"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} chargesheet {self.pk}"


class DocumentKind(models.TextChoices):
    FIR_COPY = "fir_copy", _("FIR copy")
    CHARGESHEET = "chargesheet", _("Chargesheet")
    CLOSURE_REPORT = "closure_report", _("Closure report")
    ORDER = "order", _("Court order")
    JUDGMENT = "judgment", _("Judgment")
    OTHER = "other", _("Other")


def document_upload_to(instance: CaseDocument, filename: str) -> str:
    # A random name: the stored path says nothing about the case or the people in it.
    return f"prosecution/{secrets.token_hex(16)}.bin"


class CaseDocument(models.Model):
    """A case document, encrypted at rest; its SHA-256 (of the plaintext) proves it was not altered."""

    police_case = models.ForeignKey(PoliceCase, on_delete=models.CASCADE, related_name="documents")
    court_case = models.ForeignKey(
        "prosecution.CourtCase", on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_upload_to, storage=EncryptedFileSystemStorage())
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} document {self.pk}"


class AccusedNameKey(models.Model):
    """A keyed hash of one search key of an accused person's name or alias (``people.names``): finds the same
    person across cases, scripts and spellings without any index holding a name (repeat offenders)."""

    accused = models.ForeignKey(AccusedPerson, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "accused"], name="prosecution_accused_key_unique")]

    def __str__(self) -> str:
        return f"name key of accused {self.accused_id}"
