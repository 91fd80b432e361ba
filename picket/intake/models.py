"""How a child and a report enter Picket: tips and helpline calls, missing-child reports, found children.

Identifying text is encrypted; scoping columns (``district``) are plain; references say nothing about anyone.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from picket.accounts.models import Organisation
from picket.geo.models import District
from picket.people.models import Child, Relation
from picket.privacy.fields import EncryptedTextField
from picket.references import new_reference


def new_tip_reference() -> str:
    return new_reference("T")


def new_missing_reference() -> str:
    return new_reference("M")


def new_found_reference() -> str:
    return new_reference("F")


class TipSource(models.TextChoices):
    PUBLIC_WEB = "public_web", _("Public web form")
    CHILDLINE = "childline_1098", _("Childline 1098")
    ERSS = "erss_112", _("Transfer from 112")
    POLICE = "police", _("Police")
    WALK_IN = "walk_in", _("Walk-in")
    FIELD = "field", _("Field staff")
    IMPORT = "import", _("Imported (ODK / Kobo)")
    MONITORING = "monitoring", _("Online monitoring alert")


class TipStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSESSED = "assessed", _("Assessed")
    ACTION_TAKEN = "action_taken", _("Action taken")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")


# Allowed triage moves: new → assessed → action taken / referred → closed (closing is possible at any step).
TIP_TRANSITIONS: dict[str, set[str]] = {
    TipStatus.NEW: {TipStatus.ASSESSED, TipStatus.CLOSED},
    TipStatus.ASSESSED: {TipStatus.ACTION_TAKEN, TipStatus.REFERRED, TipStatus.CLOSED},
    TipStatus.ACTION_TAKEN: {TipStatus.REFERRED, TipStatus.CLOSED},
    TipStatus.REFERRED: {TipStatus.ACTION_TAKEN, TipStatus.CLOSED},
    TipStatus.CLOSED: set(),
}


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    IMMINENT = "imminent", _("Imminent danger")


class Tip(models.Model):
    reference = models.CharField(max_length=12, unique=True, default=new_tip_reference)
    source = models.CharField(_("source"), max_length=20, choices=TipSource.choices)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="tips", verbose_name=_("district"))
    place = EncryptedTextField(_("place"), blank=True)
    establishment = EncryptedTextField(_("establishment, if known"), blank=True)
    what_seen = EncryptedTextField(_("what was seen or heard"))
    occurred_on = models.DateField(_("when"), null=True, blank=True)
    children_involved = models.PositiveSmallIntegerField(_("children involved"), null=True, blank=True)
    contact = EncryptedTextField(_("contact"), blank=True)
    caller_reference = models.CharField(_("call or transfer reference"), max_length=40, blank=True)
    # The tipster's secret for adding information later: only its keyed hash is kept.
    follow_up_secret_hash = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=TipStatus.choices, default=TipStatus.NEW)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assignee"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["district", "status", "created_at"]), models.Index(fields=["urgency"])]

    def __str__(self) -> str:
        return self.reference


class TipNoteKind(models.TextChoices):
    TIPSTER = "tipster", _("Added by the tipster")
    STAFF = "staff", _("Staff note")
    TRIAGE = "triage", _("Triage")


class TipNote(models.Model):
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=TipNoteKind.choices)
    text = EncryptedTextField(blank=True)
    status_to = models.CharField(max_length=20, choices=TipStatus.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.tip.reference} {self.kind}"


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    TRACED = "traced", _("Traced")
    CLOSED = "closed", _("Closed")


class ReportKind(models.TextChoices):
    FIR = "fir", _("FIR")
    GD = "gd", _("General Diary (GD) entry")
    NONE = "", _("Not yet registered with the police")


class MissingReport(models.Model):
    reference = models.CharField(max_length=12, unique=True, default=new_missing_reference)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="missing_reports")
    reporter_name = EncryptedTextField(_("reporter's name"))
    reporter_relation = models.CharField(_("relation to the child"), max_length=20, choices=Relation.choices)
    reporter_phone = EncryptedTextField(_("reporter's phone"), blank=True)
    reporter_phone_index = models.CharField(max_length=32, db_index=True, blank=True, editable=False)
    police_station = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("police station"),
    )
    police_station_name = models.CharField(_("police station (if not listed)"), max_length=200, blank=True)
    police_report_kind = models.CharField(_("FIR or GD"), max_length=3, choices=ReportKind.choices, blank=True)
    police_report_number = EncryptedTextField(_("FIR or GD number"), blank=True)
    police_report_number_index = models.CharField(max_length=32, db_index=True, blank=True, editable=False)
    police_report_date = models.DateField(_("FIR or GD date"), null=True, blank=True)
    last_seen_on = models.DateField(_("last seen on"))
    last_seen_place = EncryptedTextField(_("last seen at"), blank=True)
    circumstances = EncryptedTextField(_("circumstances"), blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="missing_reports", verbose_name=_("district where last seen")
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="missing_reports")
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["district", "status", "created_at"])]

    def __str__(self) -> str:
        return self.reference


class FoundHow(models.TextChoices):
    RESCUE = "rescue", _("Rescue operation")
    RAILWAY = "railway", _("Railway station (RPF / GRP)")
    HELPLINE = "helpline", _("Helpline")
    WALK_IN = "walk_in", _("Walk-in")
    STREET = "street", _("Found on the street")
    OTHER = "other", _("Other")


class FoundChild(models.Model):
    reference = models.CharField(max_length=12, unique=True, default=new_found_reference)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="found_records")
    found_at = models.DateTimeField(_("found or rescued at"))
    found_place = EncryptedTextField(_("place"), blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="found_children", verbose_name=_("district where found")
    )
    how = models.CharField(_("how"), max_length=10, choices=FoundHow.choices)
    agency = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("agency")
    )
    cwc = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("CWC")
    )
    # JJ Act s.31: production before the CWC within 24 hours, the journey time excluded.
    journey_hours = models.PositiveSmallIntegerField(_("journey hours (excluded from the 24 hours)"), default=0)
    produced_before_cwc_at = models.DateTimeField(_("produced before the CWC at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="found_children")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-found_at"]
        indexes = [models.Index(fields=["district", "status", "found_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def cwc_due_at(self) -> datetime.datetime:
        return self.found_at + datetime.timedelta(hours=24 + self.journey_hours)


class Placement(models.Model):
    found_child = models.ForeignKey(FoundChild, on_delete=models.CASCADE, related_name="placements")
    institution = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("shelter home / CCI")
    )
    placed_on = models.DateField(_("from"))
    left_on = models.DateField(_("until"), null=True, blank=True)
    order_reference = EncryptedTextField(_("CWC order reference"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-placed_on"]

    def __str__(self) -> str:
        return f"{self.found_child.reference} at {self.institution_id}"


class Statement(models.Model):
    found_child = models.ForeignKey(FoundChild, on_delete=models.CASCADE, related_name="statements")
    recorded_on = models.DateField(_("recorded on"))
    language = models.CharField(_("language"), max_length=50, blank=True)
    text = EncryptedTextField(_("statement"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_on", "created_at"]

    def __str__(self) -> str:
        return f"statement {self.pk} of {self.found_child.reference}"
