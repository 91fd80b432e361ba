"""Forms of the monitoring pages. Choices carry ids and codes, never a phone or handle: the values are POSTed and
resolved on the server."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from picket.accounts.models import User
from picket.geo.models import District
from picket.monitoring.models import AdIdentifier, DismissalReason, IdentifierKind
from picket.prosecution.models import PoliceCase

MAX_NOTE = 1000
SEARCHABLE = [(IdentifierKind.PHONE, _("Phone")), (IdentifierKind.HANDLE, _("Handle"))]


class IdentifierChoiceField(forms.ModelChoiceField[AdIdentifier]):
    def label_from_instance(self, obj: AdIdentifier) -> str:
        return f"{obj.get_kind_display()}: {obj.value}"


class UserChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} · {obj.get_role_display()}"


class PoliceCaseChoiceField(forms.ModelChoiceField[PoliceCase]):
    def label_from_instance(self, obj: PoliceCase) -> str:
        return f"{obj.reference} · {obj.fir_registered_on:%Y-%m-%d}"


def _note(label: Any, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )


class IdentifierSearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("Search by"), choices=SEARCHABLE)
    value = forms.CharField(
        label=_("Phone number or handle"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class WatchIdentifierForm(forms.Form):
    """Add one of an ad's phones, handles, e-mails or names to the watchlist (chosen by its row id)."""

    identifier = IdentifierChoiceField(label=_("Watch for"), queryset=AdIdentifier.objects.none())
    note = _note(_("Why (optional)"))

    def __init__(self, *args: Any, identifiers: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["identifier"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = identifiers


class AssignForm(forms.Form):
    assignee = UserChoiceField(label=_("Give to"), queryset=User.objects.none())

    def __init__(self, *args: Any, assignees: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = assignees


class DismissForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why it is dismissed"), choices=DismissalReason.choices)
    note = _note(_("Note"))


class TipForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("District of the tip"), queryset=District.objects.none(), required=False,
        help_text=_("Leave empty to use the alert's district."),
    )  # fmt: skip

    def __init__(self, *args: Any, districts: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = districts


class AttachForm(forms.Form):
    police_case = PoliceCaseChoiceField(label=_("Police case"), queryset=PoliceCase.objects.none())

    def __init__(self, *args: Any, cases: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["police_case"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = cases
