"""Forms of the establishment pages. Tips, rescue operations and ads are named by their reference (typed), and
resolved on the server within what the user may see; filters carry codes and ids only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from picket.accounts.models import Organisation
from picket.geo.models import District
from picket.monitoring.models import EstablishmentKind, InspectionOutcome, RegistrationStatus

MAX_IDENTIFIERS = 20


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DistrictField(forms.ModelChoiceField[District]):
    def label_from_instance(self, obj: District) -> str:
        return f"{obj.name} · {obj.state.name}"


def _lines(value: str, *, label: str) -> list[str]:
    lines = [line.strip() for line in value.replace(",", "\n").splitlines() if line.strip()]
    if len(lines) > MAX_IDENTIFIERS:
        raise forms.ValidationError(_("At most %(n)d %(what)s at a time.") % {"n": MAX_IDENTIFIERS, "what": label})
    if any(len(line) > 200 for line in lines):
        raise forms.ValidationError(_("One of these is longer than 200 characters."))
    return lines


class IdentifiersMixin(forms.Form):
    phones = forms.CharField(
        label=_("Phones"), required=False, widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        help_text=_("One a line. Ads carrying one of them are linked to the establishment."),
    )  # fmt: skip
    handles = forms.CharField(
        label=_("WhatsApp or Telegram handles, e-mails"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}), help_text=_("One a line."),
    )  # fmt: skip

    def clean_phones(self) -> list[str]:
        return _lines(self.cleaned_data["phones"], label=str(_("phones")))

    def clean_handles(self) -> list[str]:
        return _lines(self.cleaned_data["handles"], label=str(_("handles")))


class EstablishmentForm(IdentifiersMixin):
    kind = forms.ChoiceField(label=_("Kind"), choices=EstablishmentKind.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    district = DistrictField(label=_("District"), queryset=District.objects.none())
    address = forms.CharField(label=_("Address"), required=False, max_length=1000, widget=forms.Textarea({"rows": 2}))
    registration_number = forms.CharField(label=_("Licence or registration number"), required=False, max_length=60)
    registration_status = forms.ChoiceField(
        label=_("Registration"), choices=RegistrationStatus.choices, initial=RegistrationStatus.UNKNOWN
    )
    registration_valid_until = forms.DateField(label=_("Registration valid until"), required=False, widget=DateInput())
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea({"rows": 3}))

    field_order = [
        "kind", "name", "district", "address", "registration_number", "registration_status",
        "registration_valid_until", "phones", "handles", "notes",
    ]  # fmt: skip

    def __init__(self, *args: Any, districts: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = districts


class EstablishmentEditForm(IdentifiersMixin):
    """What may change after creation: registration, address, notes; phones and handles are added."""

    address = forms.CharField(label=_("Address"), required=False, max_length=1000, widget=forms.Textarea({"rows": 2}))
    registration_number = forms.CharField(label=_("Licence or registration number"), required=False, max_length=60)
    registration_status = forms.ChoiceField(label=_("Registration"), choices=RegistrationStatus.choices)
    registration_valid_until = forms.DateField(label=_("Registration valid until"), required=False, widget=DateInput())
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea({"rows": 3}))

    field_order = [
        "address", "registration_number", "registration_status", "registration_valid_until", "phones", "handles",
        "notes",
    ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["phones"].label = _("Add phones")
        self.fields["handles"].label = _("Add handles or e-mails")


class EstablishmentFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *EstablishmentKind.choices])
    registration_status = forms.ChoiceField(
        label=_("Registration"), required=False, choices=[("", _("All")), *RegistrationStatus.choices]
    )
    district = DistrictField(label=_("District"), required=False, queryset=District.objects.none())
    ad = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, districts: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = districts
        field.empty_label = _("All")


class OrganisationField(forms.ModelChoiceField[Organisation]):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class InspectionForm(forms.Form):
    inspected_on = forms.DateField(label=_("Inspected on"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=InspectionOutcome.choices)
    organisation = OrganisationField(
        label=_("Inspecting organisation"), required=False, queryset=Organisation.objects.none()
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations


class ReferenceForm(forms.Form):
    """A tip, rescue operation or ad named by its reference."""

    reference = forms.CharField(label=_("Reference"), max_length=20, widget=forms.TextInput({"autocomplete": "off"}))

    def __init__(self, *args: Any, label: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["reference"].label = label

    def clean_reference(self) -> str:
        return str(self.cleaned_data["reference"]).strip().upper()
