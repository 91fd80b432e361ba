from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from picket.intake.forms import DateInput
from picket.tracing.models import RejectionReason
from picket.tracing.services import MAX_NOTE


def _note(label: Any, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmForm(forms.Form):
    note = _note(_("How it was confirmed (e.g. the family recognised the child; the child named the village)"))


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why this is not the child"), choices=RejectionReason.choices)
    note = _note(_("Note"))


class StepForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput)
    notes = _note(_("What was found, ordered or agreed"))


class StopForm(forms.Form):
    note = _note(_("Why the reunification stops (e.g. the CWC's finding)"), required=True)
