from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from picket.accounts.access import Actor
from picket.accounts.forms import DistrictChoiceField
from picket.accounts.models import Organisation
from picket.accounts.selectors import district_choices
from picket.geo.models import District, State
from picket.people.models import ConsentGivenBy, ConsentPurpose, DocumentKind, Gender, LegalBasis, NameKind, Relation


class DateInput(forms.DateInput):
    input_type = "date"


class ChildForm(forms.Form):
    name = forms.CharField(label=_("Name, as written"), max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    age_estimate_years = forms.IntegerField(
        label=_("Estimated age (years)"), required=False, min_value=0, max_value=25,
        help_text=_("If the date of birth is not known."),
    )  # fmt: skip
    languages = forms.CharField(label=_("Languages spoken"), max_length=200, required=False)
    identifying_marks = forms.CharField(
        label=_("Identifying marks"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    district = forms.ModelChoiceField(label=_("Responsible district"), queryset=District.objects.none())
    home_district = forms.ModelChoiceField(
        label=_("Home district"),
        queryset=District.objects.filter(is_active=True).select_related("state"),
        required=False,
    )
    home_state = forms.ModelChoiceField(
        label=_("Home state"), queryset=State.objects.order_by("name"), required=False, empty_label=_("Not known"),
        help_text=_("If the child can name the state but not the district."),
    )  # fmt: skip
    home_locality = forms.CharField(label=_("Village or locality"), max_length=200, required=False)
    home_address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = district_choices(actor=actor)  # type: ignore[attr-defined]


class FamilyMemberForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    is_guardian = forms.BooleanField(label=_("Guardian"), required=False)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    given_by = forms.ChoiceField(label=_("Given by"), choices=ConsentGivenBy.choices)
    given_on = forms.DateField(label=_("Date"), widget=DateInput)
    reference_document = forms.CharField(label=_("Order or form reference"), max_length=200, required=False)


class ShareForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Partner organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, partners: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partners  # type: ignore[attr-defined]


class OtherNameForm(forms.Form):
    name = forms.CharField(label=_("Name, as written (any script)"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=NameKind.choices)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    number = forms.CharField(
        label=_("Number"), max_length=60, help_text=_("For Aadhaar only the last 4 digits and a keyed hash are kept.")
    )


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo (JPEG, PNG or WebP, at most 10 MB)"))
    taken_on = forms.DateField(label=_("Taken on"), required=False, widget=DateInput)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Reference or full name"), required=False, max_length=200)
    district = DistrictChoiceField(queryset=District.objects.none(), required=False)
