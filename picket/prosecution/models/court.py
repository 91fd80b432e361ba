"""Trials: the court case, its hearings, witnesses, judgment per accused per section, compensation, appeals."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from picket.accounts.models import Organisation
from picket.geo.models import District
from picket.privacy.fields import EncryptedTextField
from picket.prosecution.models.catalogue import Offence
from picket.prosecution.models.police import CaseAccused, PoliceCase
from picket.references import new_reference

# eCourts Case Number Record: 4 letters (state and establishment code) then 12 digits, e.g. DLCT010012342024.
CNR_PATTERN = re.compile(r"^[A-Z]{4}[0-9]{12}$")


def new_court_case_reference() -> str:
    return new_reference("K")


class CourtKind(models.TextChoices):
    SPECIAL_POCSO = "special_pocso", _("Special Court (POCSO)")
    SESSIONS = "sessions", _("Sessions Court")
    MAGISTRATE = "magistrate", _("Magistrate's Court")
    EXECUTIVE_MAGISTRATE = "executive_magistrate", _("Executive Magistrate (bonded labour)")


class CourtCase(models.Model):
    reference = models.CharField(max_length=12, unique=True, default=new_court_case_reference)
    police_case = models.ForeignKey(PoliceCase, on_delete=models.PROTECT, related_name="court_cases")
    court_kind = models.CharField(_("court"), max_length=25, choices=CourtKind.choices)
    court_name = models.CharField(_("court name"), max_length=200)
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    cnr_number = models.CharField(_("CNR number"), max_length=16, blank=True, db_index=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"))
    cognizance_on = models.DateField(_("cognizance taken on"), null=True, blank=True)
    charges_framed_on = models.DateField(_("charges framed on"), null=True, blank=True)
    child_evidence_on = models.DateField(_("child's evidence recorded on"), null=True, blank=True)
    arguments_concluded_on = models.DateField(_("arguments concluded on"), null=True, blank=True)
    # BNSS 258: judgment within 30 days of arguments, extendable to 45 for reasons recorded by the court.
    judgment_time_extended = models.BooleanField(_("court extended the time for judgment to 45 days"), default=False)
    judgment_on = models.DateField(_("judgment delivered on"), null=True, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["district", "court_kind"])]

    def __str__(self) -> str:
        return self.reference


class HearingPurpose(models.TextChoices):
    APPEARANCE = "appearance", _("Appearance")
    CHARGE = "charge", _("Hearing on charge")
    PROSECUTION_EVIDENCE = "prosecution_evidence", _("Prosecution evidence")
    CHILD_EVIDENCE = "child_evidence", _("Child's evidence")
    DEFENCE_EVIDENCE = "defence_evidence", _("Defence evidence")
    STATEMENT_OF_ACCUSED = "statement_of_accused", _("Statement of the accused")
    ARGUMENTS = "arguments", _("Arguments")
    JUDGMENT = "judgment", _("Judgment")
    BAIL = "bail", _("Bail")
    OTHER = "other", _("Other")


class Hearing(models.Model):
    court_case = models.ForeignKey(CourtCase, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=25, choices=HearingPurpose.choices)
    proceedings = EncryptedTextField(_("what happened"), blank=True)
    next_on = models.DateField(_("next date"), null=True, blank=True)
    is_adjourned = models.BooleanField(_("adjourned"), default=False)
    adjournment_reason = EncryptedTextField(_("reason for adjournment"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]
        indexes = [models.Index(fields=["court_case", "held_on"]), models.Index(fields=["next_on"])]

    def __str__(self) -> str:
        return f"hearing {self.pk} of {self.court_case_id}"


class WitnessKind(models.TextChoices):
    VICTIM = "victim", _("Victim")
    FAMILY = "family", _("Victim's family")
    POLICE = "police", _("Police officer")
    DOCTOR = "doctor", _("Doctor")
    RESCUE_TEAM = "rescue_team", _("Rescue team member")
    INDEPENDENT = "independent", _("Independent witness")
    OTHER = "other", _("Other")


class Witness(models.Model):
    court_case = models.ForeignKey(CourtCase, on_delete=models.CASCADE, related_name="witnesses")
    kind = models.CharField(_("kind"), max_length=15, choices=WitnessKind.choices)
    name = EncryptedTextField(_("name"), blank=True)
    examined_on = models.DateField(_("examined on"), null=True, blank=True)
    turned_hostile = models.BooleanField(_("turned hostile"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = _("witnesses")

    def __str__(self) -> str:
        return f"witness {self.pk}"


class Verdict(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DISCHARGED = "discharged", _("Discharged")


class Judgment(models.Model):
    """The outcome for one accused on one section."""

    court_case = models.ForeignKey(CourtCase, on_delete=models.CASCADE, related_name="judgments")
    case_accused = models.ForeignKey(CaseAccused, on_delete=models.PROTECT, related_name="judgments")
    offence = models.ForeignKey(Offence, on_delete=models.PROTECT, related_name="+", verbose_name=_("section"))
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    decided_on = models.DateField(_("decided on"))
    sentence = models.CharField(_("sentence"), max_length=300, blank=True)
    imprisonment_months = models.PositiveIntegerField(_("imprisonment (months)"), null=True, blank=True)
    fine_rupees = models.PositiveIntegerField(_("fine (₹)"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["court_case", "case_accused", "offence"], name="prosecution_judgment_once_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"judgment {self.pk}"


class CompensationKind(models.TextChoices):
    INTERIM = "interim", _("Interim (POCSO s.33(8))")
    FINAL = "final", _("Final")


class CompensationOrder(models.Model):
    court_case = models.ForeignKey(CourtCase, on_delete=models.CASCADE, related_name="compensation_orders")
    kind = models.CharField(_("kind"), max_length=10, choices=CompensationKind.choices)
    amount_rupees = models.PositiveIntegerField(_("amount ordered (₹)"))
    ordered_on = models.DateField(_("ordered on"))
    received_by_state_on = models.DateField(_("order received by the state on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    amount_paid_rupees = models.PositiveIntegerField(_("amount paid (₹)"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["ordered_on", "pk"]

    def __str__(self) -> str:
        return f"compensation order {self.pk}"


class AppealBy(models.TextChoices):
    STATE = "state", _("State")
    ACCUSED = "accused", _("Accused")
    VICTIM = "victim", _("Victim")


class Appeal(models.Model):
    court_case = models.ForeignKey(CourtCase, on_delete=models.CASCADE, related_name="appeals")
    filed_by = models.CharField(_("filed by"), max_length=10, choices=AppealBy.choices)
    filed_on = models.DateField(_("filed on"))
    appellate_court = models.CharField(_("appellate court"), max_length=200)
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["filed_on", "pk"]

    def __str__(self) -> str:
        return f"appeal {self.pk}"
