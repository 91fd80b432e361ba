"""Forms of the indicator pages: the rule (patterns and examples one per line), try a text, deactivate or
reactivate, rescore since a date. Checks that need the engine are the service's (``rule_problems``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from picket.monitoring.indicator_catalogue import EXAMPLE_FIELDS, PATTERN_FIELDS, row_values
from picket.monitoring.models import IndicatorKind, IndicatorRule

LINES_HELP = _("One per line. Matched against the folded text: lower case, ASCII digits, no nukta.")


def lines(text: str, *, strip: bool) -> list[str]:
    result = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            result.append(line.strip() if strip else line.rstrip("\r"))
    return result


def _lines_field(label: Any, help_text: Any = LINES_HELP) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, strip=False, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "dir": "auto"}),
    )  # fmt: skip


class IndicatorForm(forms.Form):
    code = forms.CharField(
        label=_("Id"), max_length=41, required=False,
        help_text=_("Lower-case letters, digits and underscores; cannot be changed later."),
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorKind.choices)
    age_below = forms.IntegerField(label=_("Age below (kind: age)"), min_value=1, max_value=18, initial=18)
    weight = forms.FloatField(label=_("Weight"), min_value=-10, max_value=10,
                              help_text=_("Log-odds points; negative for a counter-indicator."))  # fmt: skip
    decisive = forms.BooleanField(label=_("Decisive (counter-indicators then do not count)"), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))
    law = forms.CharField(label=_("Law it relates to"), max_length=300)
    patterns_en = _lines_field(_("Patterns, English"))
    patterns_hinglish = _lines_field(_("Patterns, Hinglish"))
    patterns_hi = _lines_field(_("Patterns, Devanagari"))
    unless_before = _lines_field(_("Not when just before it (30 characters)"))
    unless_after = _lines_field(_("Not when just after it (25 characters)"))
    requires = _lines_field(_("Only when the ad also has one of"))
    positive_examples = _lines_field(_("Examples that must fire"), _("One ad text per line."))
    negative_examples = _lines_field(_("Examples that must not fire"), _("One ad text per line."))
    reason = forms.CharField(label=_("Reason for the change"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    try_text = forms.CharField(
        label=_("Try this rule on a text"), required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Not kept. Shows whether the rule as written above fires, and on what."),
    )  # fmt: skip

    def __init__(self, *args: Any, rule: IndicatorRule | None = None, **kwargs: Any) -> None:
        if rule is not None and not args and "initial" not in kwargs:
            values = row_values(rule)
            for name in (*PATTERN_FIELDS, *EXAMPLE_FIELDS):
                values[name] = "\n".join(values[name])
            kwargs["initial"] = values
        super().__init__(*args, **kwargs)
        if rule is not None:
            del self.fields["code"]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {
            name: data[name] for name in ("kind", "age_below", "weight", "decisive", "description", "law")
        }
        values["description"] = values["description"].strip()
        values["law"] = values["law"].strip()
        for name in PATTERN_FIELDS:
            values[name] = lines(data[name], strip=False)
        for name in EXAMPLE_FIELDS:
            values[name] = lines(data[name], strip=True)
        return values


class TryTextForm(forms.Form):
    try_text = forms.CharField(label=_("Try this rule on a text"), max_length=20_000,
                               widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
                               help_text=_("Not kept. Shows whether the rule fires, and on what."))  # fmt: skip


class ActiveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RescoreForm(forms.Form):
    since = forms.DateField(label=_("Ads seen since"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
