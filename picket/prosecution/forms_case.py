"""Forms for police cases, rescues and every event of a case. Forms check shape; the services check meaning
(dates in order, sections in the catalogue) and name the field at fault."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from picket.accounts.access import Actor
from picket.accounts.models import Organisation
from picket.accounts.roles import OrganisationKind
from picket.accounts.selectors import district_choices
from picket.intake.forms import DateInput, DateTimeInput
from picket.people.models import Gender
from picket.prosecution import selectors
from picket.prosecution.models import (
    AppealBy,
    BailOpposedBy,
    BailOutcome,
    CaseAccused,
    ChargesheetKind,
    ClosureKind,
    CompensationKind,
    CompensationOrder,
    CourtCase,
    CourtKind,
    CustodyStatus,
    Deadline,
    DeadlineStatus,
    DocumentKind,
    HearingPurpose,
    PoliceCase,
    RescueOperation,
    Verdict,
    WitnessKind,
)

SECTIONS_HELP = _("Separate sections with commas, e.g. BNS 143, BNS 98, POCSO 4 (IPC before 1 July 2024).")


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


def _text(label: Any, *, limit: int, rows: int = 0, required: bool = False, **kwargs: Any) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, max_length=limit, required=required, widget=widget, **kwargs)


def citations(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def _organisations(actor: Actor, *kinds: str) -> QuerySet[Organisation]:
    rows = Organisation.objects.filter(is_active=True)
    if kinds:
        rows = rows.filter(kind__in=kinds)
    if actor.district_ids is not None:
        rows = rows.filter(districts__in=actor.district_ids).distinct()
    return rows.order_by("name")


class RescueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference} · {timezone.localtime(obj.rescued_at):%Y-%m-%d}"


class PoliceCaseForm(forms.Form):
    fir_number = _text(_("FIR number"), limit=40, required=True)
    fir_registered_on = _date(_("FIR date"))
    offence_on = _date(_("Date of the offence"), required=False)
    police_station = forms.ModelChoiceField(label=_("Police station or AHTU"), queryset=Organisation.objects.none())
    district = forms.ModelChoiceField(label=_("District"), queryset=Organisation.objects.none())
    sections = _text(_("Sections invoked"), limit=500, required=True, help_text=SECTIONS_HELP)
    investigating_officer_name = _text(_("Investigating officer"), limit=200)
    investigating_officer_rank = _text(_("Rank"), limit=60)
    victim_references = _text(_("Victims (child references, e.g. C-7K3M9Q2X)"), limit=500,
                              help_text=_("The children of the rescue operation are added as victims."))  # fmt: skip
    rescue_operation = RescueChoiceField(
        label=_("Rescue operation"), queryset=RescueOperation.objects.none(), required=False,
        to_field_name="reference", empty_label=_("None (the case does not come from a rescue)"),
    )  # fmt: skip

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["rescue_operation"].queryset = selectors.rescue_list(  # type: ignore[attr-defined]
            actor=actor
        ).order_by("-rescued_at")
        self.fields["police_station"].queryset = _organisations(  # type: ignore[attr-defined]
            actor, OrganisationKind.POLICE_STATION, OrganisationKind.AHTU
        )
        self.fields["district"].queryset = district_choices(actor=actor)  # type: ignore[attr-defined]


class RescueForm(forms.Form):
    rescued_at = forms.DateTimeField(label=_("Date and time of the rescue"), widget=DateTimeInput())
    district = forms.ModelChoiceField(label=_("District"), queryset=Organisation.objects.none())
    place = _text(_("Place"), limit=500)
    establishment = _text(_("Establishment"), limit=500)
    lead_agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=Organisation.objects.none())
    participating_organisations = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"), queryset=Organisation.objects.none(), required=False
    )
    found_references = _text(_("Children rescued (found-child references, e.g. F-…)"), limit=1000)
    accused_references = _text(_("Accused apprehended (accused references, e.g. A-…), if already registered"),
                               limit=1000)  # fmt: skip
    evidence_seized = _text(_("Evidence seized"), limit=5000, rows=3)
    follow_up_actions = _text(_("Follow-up actions"), limit=5000, rows=3)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = district_choices(actor=actor)  # type: ignore[attr-defined]
        self.fields["lead_agency"].queryset = _organisations(actor)  # type: ignore[attr-defined]
        self.fields["participating_organisations"].queryset = _organisations(actor)  # type: ignore[attr-defined]


# --- events of a case ----------------------------------------------------------------------------------------------


class AccusedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.accused.reference)


class AccusedMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.accused.reference)


class CaseEventForm(forms.Form):
    """A form about one police case; its choices are limited to that case's accused, court cases and clocks.

    Pages show many of these at once, so each is given a prefix (its action name) by the view.
    """

    def __init__(self, *args: Any, case: PoliceCase, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.case = case
        choices: dict[type, QuerySet[Any]] = {
            CaseAccused: case.accused.select_related("accused"),
            CourtCase: case.court_cases.all(),
            CompensationOrder: CompensationOrder.objects.filter(court_case__police_case=case),
            Deadline: case.deadlines.filter(is_current=True),
        }
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                model = field.queryset.model
                if model in choices:
                    field.queryset = choices[model]


def _accused_choice() -> forms.ModelChoiceField:
    return AccusedChoiceField(label=_("Accused"), queryset=CaseAccused.objects.none())


def _court_choice() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=_("Court case"), queryset=CourtCase.objects.none())


class SectionsForm(CaseEventForm):
    changed_on = _date(_("Changed on"))
    add = _text(_("Sections to add"), limit=500, help_text=SECTIONS_HELP)
    remove = _text(_("Sections to drop"), limit=500)
    reason = _text(_("Reason"), limit=1000, required=True)


class AccusedForm(CaseEventForm):
    name = _text(_("Name"), limit=200, required=True)
    aliases = _text(_("Aliases"), limit=500)
    father_name = _text(_("Father's name"), limit=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    age_estimate_years = forms.IntegerField(label=_("Estimated age"), min_value=7, max_value=110, required=False)
    phone = _text(_("Phone"), limit=20)
    address = _text(_("Address"), limit=500)
    arrested_on = _date(_("Arrested on"), required=False)
    first_remand_on = _date(_("First remanded on"), required=False)
    custody_status = forms.ChoiceField(label=_("Custody or bail"), choices=CustodyStatus.choices)
    apprehended_in_rescue = forms.BooleanField(label=_("Apprehended in the case's rescue operation"), required=False)


class CustodyForm(CaseEventForm):
    case_accused = _accused_choice()
    arrested_on = _date(_("Arrested on"), required=False)
    first_remand_on = _date(_("First remanded on"), required=False)
    custody_status = forms.ChoiceField(label=_("Custody or bail"), choices=CustodyStatus.choices)


class BailForm(CaseEventForm):
    case_accused = _accused_choice()
    heard_on = _date(_("Heard on"))
    court_name = _text(_("Court"), limit=200)
    opposed_by = forms.ChoiceField(label=_("Opposed by"), choices=BailOpposedBy.choices, required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=BailOutcome.choices)
    is_default_bail = forms.BooleanField(label=_("Default bail application"), required=False)


class ChargesheetForm(CaseEventForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ChargesheetKind.choices)
    filed_on = _date(_("Filed on"))
    sections = _text(_("Sections charged"), limit=500, required=True, help_text=SECTIONS_HELP)
    accused = AccusedMultipleChoiceField(label=_("Accused covered"), queryset=CaseAccused.objects.none(),
                                         required=False, widget=forms.CheckboxSelectMultiple)  # fmt: skip


class ClosureForm(CaseEventForm):
    closure_kind = forms.ChoiceField(label=_("Reason"), choices=[c for c in ClosureKind.choices if c[0]])
    filed_on = _date(_("Filed on"))


class CourtCaseForm(CaseEventForm):
    court_kind = forms.ChoiceField(label=_("Court"), choices=CourtKind.choices)
    court_name = _text(_("Court name"), limit=200, required=True)
    case_number = _text(_("Case number"), limit=60)
    cnr_number = _text(_("CNR number (16 characters)"), limit=20)
    cognizance_on = _date(_("Cognizance taken on"), required=False)


class TrialDatesForm(CaseEventForm):
    court_case = _court_choice()
    cognizance_on = _date(_("Cognizance taken on"), required=False)
    charges_framed_on = _date(_("Charges framed on"), required=False)
    child_evidence_on = _date(_("Child's evidence recorded on"), required=False)
    arguments_concluded_on = _date(_("Arguments concluded on"), required=False)
    judgment_time_extended = forms.BooleanField(label=_("Court extended the time for judgment to 45 days"),
                                                required=False)  # fmt: skip


class HearingForm(CaseEventForm):
    court_case = _court_choice()
    held_on = _date(_("Date"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=HearingPurpose.choices)
    proceedings = _text(_("What happened"), limit=5000, rows=3)
    next_on = _date(_("Next date"), required=False)
    is_adjourned = forms.BooleanField(label=_("Adjourned"), required=False)
    adjournment_reason = _text(_("Reason for adjournment"), limit=1000)


class WitnessForm(CaseEventForm):
    court_case = _court_choice()
    kind = forms.ChoiceField(label=_("Witness"), choices=WitnessKind.choices)
    name = _text(_("Name"), limit=200)
    examined_on = _date(_("Examined on"), required=False)
    turned_hostile = forms.BooleanField(label=_("Turned hostile"), required=False)


class JudgmentForm(CaseEventForm):
    court_case = _court_choice()
    case_accused = _accused_choice()
    section = _text(_("Section"), limit=40, required=True, help_text=_("e.g. BNS 143"))
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    decided_on = _date(_("Decided on"))
    sentence = _text(_("Sentence"), limit=300)
    imprisonment_months = forms.IntegerField(label=_("Imprisonment (months)"), min_value=0, max_value=1200,
                                             required=False)  # fmt: skip
    fine_rupees = forms.IntegerField(label=_("Fine (₹)"), min_value=0, required=False)


class CompensationForm(CaseEventForm):
    court_case = _court_choice()
    kind = forms.ChoiceField(label=_("Kind"), choices=CompensationKind.choices)
    amount_rupees = forms.IntegerField(label=_("Amount ordered (₹)"), min_value=1)
    ordered_on = _date(_("Ordered on"))
    received_by_state_on = _date(_("Order received by the state on"), required=False)


class CompensationPaidForm(CaseEventForm):
    order = forms.ModelChoiceField(label=_("Order"), queryset=CompensationOrder.objects.none())
    paid_on = _date(_("Paid on"))
    amount_paid_rupees = forms.IntegerField(label=_("Amount paid (₹)"), min_value=1)


class AppealForm(CaseEventForm):
    court_case = _court_choice()
    filed_by = forms.ChoiceField(label=_("Filed by"), choices=AppealBy.choices)
    filed_on = _date(_("Filed on"))
    appellate_court = _text(_("Appellate court"), limit=200, required=True)
    case_number = _text(_("Case number"), limit=60)


class DocumentForm(CaseEventForm):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 20 MB)"))


class OverrideForm(CaseEventForm):
    deadline = forms.ModelChoiceField(label=_("Deadline"), queryset=Deadline.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("As computed")), *DeadlineStatus.choices],
                               required=False)  # fmt: skip
    reason = _text(_("Reason"), limit=1000, required=True)
