"""Forms for the prosecution pages (thin: the services validate)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from picket.prosecution.models import ChargesheetPeriod, LifeImprisonment, Offence, YesNoUnknown


class OffenceCorrectionForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reason for the correction (source, judgment, notification)"),
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)  # fmt: skip
    chargesheet_days = forms.TypedChoiceField(
        label=_("chargesheet period (days)"), coerce=int, empty_value=None, required=False,
        choices=[("", _("Depends on another offence")), *ChargesheetPeriod.choices],
    )  # fmt: skip
    cognizable = forms.ChoiceField(label=_("cognizable"), choices=YesNoUnknown.choices, required=False)
    bailable = forms.ChoiceField(label=_("bailable"), choices=YesNoUnknown.choices, required=False)
    life_imprisonment = forms.ChoiceField(label=_("up to imprisonment for life"), choices=LifeImprisonment.choices,
                                          required=False)  # fmt: skip

    class Meta:
        model = Offence
        fields = [
            "title", "covers", "min_imprisonment_months", "max_imprisonment_months", "life_imprisonment",
            "death_penalty", "fine", "cognizable", "bailable", "chargesheet_days", "two_month_investigation",
            "corresponds_to", "effective_until", "is_verified", "source", "notes",
        ]  # fmt: skip
        widgets = {"covers": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs={"rows": 3})}

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
