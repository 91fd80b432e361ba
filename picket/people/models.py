"""Children, their families, consent and what is shared with partner organisations.

Everything that identifies a child or a relative is an ``EncryptedTextField``; exact lookups go through
blind-index columns (``*_index``), never through plaintext. Scoping columns (``district``) are plain.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from picket.accounts.models import Organisation
from picket.geo.models import District, State, SubDistrict
from picket.privacy.fields import EncryptedTextField
from picket.privacy.storage import EncryptedFileSystemStorage
from picket.references import new_reference


def new_child_reference() -> str:
    return new_reference("C")


class Gender(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other")
    UNKNOWN = "", _("Not known")


class Child(models.Model):
    reference = models.CharField(_("reference"), max_length=12, unique=True, default=new_child_reference)
    name = EncryptedTextField(_("name"))
    name_index = models.CharField(max_length=32, db_index=True, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    date_of_birth = EncryptedTextField(_("date of birth"), blank=True, help_text=_("YYYY-MM-DD, if known"))
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    age_estimate_years = models.PositiveSmallIntegerField(_("estimated age (years)"), null=True, blank=True)
    age_estimated_on = models.DateField(_("age estimated on"), null=True, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    identifying_marks = EncryptedTextField(_("identifying marks"), blank=True)
    home_district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("home district")
    )
    # Filled from the home district when that is known; alone when the child can say only the state ("from
    # Bihar"), which tracing still uses (ADR 13).
    home_state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("home state")
    )
    home_subdistrict = models.ForeignKey(
        SubDistrict, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sub-district")
    )
    home_locality = EncryptedTextField(_("village or locality"), blank=True)
    home_address = EncryptedTextField(_("address"), blank=True)
    # The district whose team holds the record; decides who may see it (accounts.access).
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="children", verbose_name=_("responsible district")
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="children")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("child")
        verbose_name_plural = _("children")
        indexes = [
            models.Index(fields=["district", "created_at"]),
            # Scoping (accounts.access: "id IN (SELECT id … WHERE district_id IN …)") read from the index alone.
            models.Index(fields=["district", "id"], name="people_child_district_id_idx"),
        ]

    def __str__(self) -> str:
        # Never the name: str() ends up in logs, admin messages and error reports.
        return self.reference

    def age_on(self, day: datetime.date) -> int | None:
        """Age in whole years on ``day``: exact from the date of birth, else the estimate moved with time."""
        if self.date_of_birth:
            born = datetime.date.fromisoformat(self.date_of_birth)
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if self.age_estimate_years is not None and self.age_estimated_on is not None:
            return self.age_estimate_years + int((day - self.age_estimated_on).days // 365.25)
        return None


class NameKind(models.TextChoices):
    ALIAS = "alias", _("Other name or spelling")
    NICKNAME = "nickname", _("Nickname")


class ChildName(models.Model):
    """Another name the child is known by, as written (any script): an alias, a spelling, a nickname."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(_("kind"), max_length=10, choices=NameKind.choices)
    name = EncryptedTextField(_("name"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.kind} of {self.child.reference}"


class NameKeySource(models.TextChoices):
    CHILD = "child", _("the child's names")
    RELATIVE = "relative", _("relatives' names")


class NameKey(models.Model):
    """A keyed hash of one search key of one name (``people.names``): finds names across scripts and spellings
    without an index holding any name. Rebuilt whenever the names change (``people.services``)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="name_keys")
    source = models.CharField(max_length=10, choices=NameKeySource.choices)
    key = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "source", "child"], name="people_namekey_unique")]

    def __str__(self) -> str:
        return f"{self.source} key of {self.child_id}"


class Relation(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    GUARDIAN = "guardian", _("Guardian")
    SIBLING = "sibling", _("Sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_RELATIVE = "other_relative", _("Other relative")


class FamilyMember(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    name = EncryptedTextField(_("name"))
    name_index = models.CharField(max_length=32, db_index=True, editable=False)
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_index = models.CharField(max_length=32, db_index=True, blank=True, editable=False)
    is_guardian = models.BooleanField(_("guardian"), default=False)

    class Meta:
        verbose_name = _("family member")

    def __str__(self) -> str:
        return f"{self.get_relation_display()} of {self.child.reference}"


class ConsentPurpose(models.TextChoices):
    CARE = "care", _("Care and case management")
    REFERRAL = "referral", _("Referral to services")
    TRACING = "tracing", _("Tracing the family")
    SHARING = "sharing", _("Sharing with partner organisations")


class ConsentGivenBy(models.TextChoices):
    CHILD = "child", _("The child")
    PARENT = "parent", _("Parent")
    GUARDIAN = "guardian", _("Legal guardian")
    CWC = "cwc", _("Child Welfare Committee order")
    COURT = "court", _("Court order")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent (DPDP Act s.9: verifiable consent of the parent or guardian)")
    CWC_ORDER = "cwc_order", _("Order of the Child Welfare Committee (JJ Act s.37)")
    STATUTORY_DUTY = "statutory_duty", _("Statutory duty (POCSO s.19, JJ Act s.31)")
    CHILD_INTEREST = "child_interest", _("Processing in the interest of the child under law (DPDP Act s.9(4))")


class ConsentRecord(models.Model):
    """One purpose for which the child's data may be processed, on one legal basis, until withdrawn."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    given_by = models.CharField(_("given by"), max_length=20, choices=ConsentGivenBy.choices)
    given_on = models.DateField(_("given on"))
    reference_document = EncryptedTextField(_("order or form reference"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-recorded_at"]
        indexes = [models.Index(fields=["child", "purpose", "withdrawn_on"])]

    def __str__(self) -> str:
        return f"{self.purpose} for {self.child.reference}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class ChildShare(models.Model):
    """A child's record shared with a partner organisation (police, CWC, …), which its officers may then see."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="shared_children")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-shared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "organisation"],
                condition=models.Q(revoked_at__isnull=True),
                name="people_share_one_active_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.child.reference} → {self.organisation_id}"


class DocumentKind(models.TextChoices):
    AADHAAR = "aadhaar", _("Aadhaar")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    SCHOOL_CERTIFICATE = "school_certificate", _("School certificate")
    RATION_CARD = "ration_card", _("Ration card")
    VOTER_ID = "voter_id", _("Voter ID")
    PASSPORT = "passport", _("Passport")
    OTHER = "other", _("Other")


class IdentityDocument(models.Model):
    """An identity document. Aadhaar is kept only as its last 4 digits and a keyed hash (never the number)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    number = EncryptedTextField(_("number"), blank=True)
    number_last4 = models.CharField(_("last 4 characters"), max_length=4, blank=True)
    number_index = models.CharField(max_length=32, db_index=True, editable=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "created_at"]

    def __str__(self) -> str:
        return f"{self.kind} …{self.number_last4}"


def photo_upload_to(instance: ChildPhoto, filename: str) -> str:
    # A random name: the stored path must say nothing about the child (not even the reference).
    return f"photos/{secrets.token_hex(16)}.img"


class ChildPhoto(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_upload_to, storage=EncryptedFileSystemStorage())
    content_type = models.CharField(max_length=30)
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"photo {self.pk} of {self.child.reference}"


def new_accused_reference() -> str:
    return new_reference("A")


class AccusedPerson(models.Model):
    """An accused or suspected person: a different kind of person from a child, kept apart (prosecution)."""

    reference = models.CharField(max_length=12, unique=True, default=new_accused_reference)
    name = EncryptedTextField(_("name"))
    name_index = models.CharField(max_length=32, db_index=True, editable=False)
    aliases = EncryptedTextField(_("aliases"), blank=True)
    father_name = EncryptedTextField(_("father's name"), blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    age_estimate_years = models.PositiveSmallIntegerField(_("estimated age"), null=True, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_index = models.CharField(max_length=32, db_index=True, blank=True, editable=False)
    address = EncryptedTextField(_("address"), blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="accused_persons")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="accused_persons")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accused person")

    def __str__(self) -> str:
        return self.reference
