"""Forms for organisations, users and tokens. Choices are limited to the actor's jurisdiction."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from picket.accounts.access import Actor
from picket.accounts.models import Organisation
from picket.accounts.permissions import GRANTABLE_ROLES
from picket.accounts.roles import JurisdictionKind, OrganisationKind, Role
from picket.accounts.selectors import district_choices, organisation_choices
from picket.geo.models import District, State


class DistrictChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.state.name})"


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's field-keyed ValidationError to the form's fields (or to the form as a whole)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    districts = DistrictChoiceField(label=_("Districts served"), queryset=District.objects.none())
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = district_choices(actor=actor)  # type: ignore[attr-defined]


class UserForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("At least 12 characters, not a common password."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=())
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    jurisdiction_kind = forms.ChoiceField(label=_("Jurisdiction"), choices=JurisdictionKind.choices)
    jurisdiction_state = forms.ModelChoiceField(label=_("State"), queryset=State.objects.none(), required=False)
    jurisdiction_districts = DistrictChoiceField(label=_("Districts"), queryset=District.objects.none(), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, actor: Actor, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        assert actor.role is not None
        grantable = GRANTABLE_ROLES.get(actor.role, frozenset())
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r in grantable]  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisation_choices(actor=actor)  # type: ignore[attr-defined]
        districts = district_choices(actor=actor)
        self.fields["jurisdiction_districts"].queryset = districts  # type: ignore[attr-defined]
        self.fields["jurisdiction_state"].queryset = State.objects.filter(  # type: ignore[attr-defined]
            pk__in=districts.values("state_id")
        )
        if not actor.is_national:
            self.fields["jurisdiction_kind"].choices = [  # type: ignore[attr-defined]
                c for c in JurisdictionKind.choices if c[0] != JurisdictionKind.NATIONAL
            ]
        if editing:
            del self.fields["password"]
            self.fields["username"].disabled = True
        else:
            del self.fields["is_active"]


class PasswordSetForm(forms.Form):
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput(render_value=False))


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("e.g. the program or device using it"))
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=90)
