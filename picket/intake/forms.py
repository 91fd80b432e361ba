"""Forms for intake pages: one column, labels above inputs, date and number inputs that suit a phone.

Forms check shape (lengths, numbers, choices); the services check meaning (dates in order, jurisdiction) and
name the field at fault, which ``add_service_errors`` puts back on the form.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from picket.accounts.access import Actor
from picket.accounts.models import Organisation, User
from picket.accounts.permissions import ROLE_PERMISSIONS, Permission
from picket.accounts.roles import JurisdictionKind, OrganisationKind
from picket.accounts.selectors import district_choices
from picket.geo.models import District, State
from picket.intake.models import TIP_TRANSITIONS, CaseStatus, FoundHow, ReportKind, TipSource, TipStatus, Urgency
from picket.people.models import Gender, Relation

NUMERIC = {"inputmode": "numeric"}
UNKNOWN_DISTRICT = _("Choose a district from the list.")
CHOOSE = _("Choose…")


def _choices(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Choices with an empty first option, so that nothing is recorded by default."""
    return [("", CHOOSE), *(choice for choice in choices if choice[0])]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _text(label: Any, *, limit: int, rows: int = 0, required: bool = False, **kwargs: Any) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, max_length=limit, required=required, widget=widget, **kwargs)


def _number(label: Any, *, low: int, high: int, required: bool = False, **kwargs: Any) -> forms.IntegerField:
    widget = forms.NumberInput(attrs=NUMERIC)
    return forms.IntegerField(label=label, min_value=low, max_value=high, required=required, widget=widget, **kwargs)


def _district_field(label: Any, *, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label, queryset=District.objects.none(), required=required, empty_label=CHOOSE,
        error_messages={"invalid_choice": UNKNOWN_DISTRICT},
    )  # fmt: skip


def group_by_state(
    field: forms.Field,
    districts: QuerySet[District],
    *,
    valid: QuerySet[District] | None = None,
    blank: Any = CHOOSE,
) -> None:
    """Show ``districts`` as a select grouped by state (``<optgroup>``); accept ``valid`` (default: the same)."""
    field.queryset = districts if valid is None else valid  # type: ignore[attr-defined]
    groups: dict[str, list[tuple[int, str]]] = {}
    for district in districts.select_related("state").order_by("state__name", "name"):
        groups.setdefault(district.state.name, []).append((district.pk, district.name))
    field.widget.choices = [("", blank), *groups.items()]


class OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def organisations(*, kinds: Iterable[str], districts: QuerySet[District] | None = None) -> QuerySet[Organisation]:
    found = Organisation.objects.filter(is_active=True, kind__in=kinds)
    if districts is not None:
        found = found.filter(districts__in=districts)
    return found.distinct().order_by("name")


def _not_future(day: datetime.date | None) -> datetime.date | None:
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(_("The date is in the future."))
    return day


# --- tips ----------------------------------------------------------------------------------------------------------


class TipFieldsMixin(forms.Form):
    what_seen = _text(_("What was seen or heard"), limit=5000, rows=5, required=True)
    place = _text(_("Place (village, town, street or landmark)"), limit=500)
    establishment = _text(
        _("Establishment, if known"), limit=500, help_text=_("e.g. a factory, dhaba, brick kiln, hotel or house")
    )
    occurred_on = forms.DateField(label=_("When"), required=False, widget=DateInput)
    children_involved = _number(_("Children involved"), low=1, high=500)

    def clean_occurred_on(self) -> datetime.date | None:
        return _not_future(self.cleaned_data.get("occurred_on"))


class PublicTipForm(TipFieldsMixin):
    """The public form. ``website`` is a honeypot (hidden by CSS); ``issued`` a signed time the form was served."""

    state = forms.ModelChoiceField(
        label=_("State"), queryset=State.objects.none(), required=False,
        # With scripts on, choosing a state narrows the district list (htmx); without, all districts are listed.
        widget=forms.Select(attrs={
            "hx-get": reverse_lazy("tip-public-districts"), "hx-target": "#tip-district", "hx-swap": "outerHTML",
        }),
    )  # fmt: skip
    district = _district_field(_("District"))
    contact = _text(
        _("Your phone number or email (optional)"), limit=200,
        help_text=_("Leave this empty to stay anonymous. If you give it, only the team handling your report sees it."),
    )  # fmt: skip
    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )  # fmt: skip
    issued = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = [
        "what_seen", "state", "district", "place", "establishment", "occurred_on", "children_involved", "contact",
    ]  # fmt: skip

    def __init__(self, *args: Any, state: State | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        active = District.objects.filter(is_active=True)
        self.fields["state"].queryset = State.objects.filter(pk__in=active.values("state_id"))  # type: ignore[attr-defined]
        self.fields["state"].empty_label = _("All states")  # type: ignore[attr-defined]
        # Any active district is accepted: with scripts off, the state does not narrow the list.
        group_by_state(self.fields["district"], active.filter(state=state) if state else active, valid=active)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        state, district = data.get("state"), data.get("district")
        if state is not None and district is not None and district.state_id != state.pk:
            self.add_error("district", _("This district is not in the state you chose."))
        return data


class FollowUpForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference number"), max_length=12, help_text=_("It starts with T-, e.g. T-4K9Q2M7X."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )  # fmt: skip
    secret = forms.RegexField(
        label=_("6-digit follow-up code"), regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The follow-up code has 6 digits.")},
        widget=forms.TextInput(attrs={**NUMERIC, "autocomplete": "off", "maxlength": "6"}),
    )  # fmt: skip
    text = _text(_("What would you like to add?"), limit=5000, rows=5, required=True)


# Set by the public form and by monitoring alerts turned into tips, never chosen by staff.
_NOT_TYPED_IN = (TipSource.PUBLIC_WEB, TipSource.MONITORING)


class StaffTipForm(TipFieldsMixin):
    source = forms.ChoiceField(
        label=_("Received from"), choices=_choices([c for c in TipSource.choices if c[0] not in _NOT_TYPED_IN])
    )
    caller_reference = _text(_("Call or transfer reference"), limit=40)
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL,
        help_text=_("Imminent danger alerts the district coordinator at once."),
    )  # fmt: skip
    district = _district_field(_("District"))
    contact = _text(_("Caller's contact"), limit=200)

    field_order = ["source", "caller_reference", "urgency", "district", "what_seen"]

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        group_by_state(self.fields["district"], district_choices(actor=actor))


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name or obj.username} ({obj.get_role_display()})"


def assignee_choices(district: District) -> QuerySet[User]:
    """Active users who may see identities in ``district`` (the service checks the same)."""
    viewer_roles = [role for role, granted in ROLE_PERMISSIONS.items() if Permission.IDENTITY_VIEW in granted]
    covering = (
        Q(jurisdiction_kind=JurisdictionKind.NATIONAL)
        | Q(jurisdiction_kind=JurisdictionKind.STATE, jurisdiction_state_id=district.state_id)
        | Q(jurisdiction_kind=JurisdictionKind.DISTRICTS, jurisdiction_districts=district)
    )
    users = User.objects.filter(covering, is_active=True, role__in=viewer_roles)
    return User.objects.filter(pk__in=users.values("pk")).order_by("full_name", "username")


class TriageForm(forms.Form):
    # Any status is accepted here so that the service can say which move is not allowed; only allowed moves
    # are offered.
    status = forms.ChoiceField(label=_("Status"), choices=TipStatus.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    assignee = UserChoiceField(
        label=_("Assigned to"), queryset=User.objects.none(), required=False, empty_label=_("Not assigned")
    )
    note = _text(_("Note"), limit=5000, rows=3)

    def __init__(self, *args: Any, tip: Any, **kwargs: Any):
        kwargs.setdefault("initial", {"status": tip.status, "urgency": tip.urgency, "assignee": tip.assignee_id})
        super().__init__(*args, **kwargs)
        allowed = {tip.status} | TIP_TRANSITIONS[tip.status]
        self.fields["status"].widget.choices = [c for c in TipStatus.choices if c[0] in allowed]
        self.fields["assignee"].queryset = assignee_choices(tip.district)  # type: ignore[attr-defined]


# --- children (missing and found) ----------------------------------------------------------------------------------


class ChildFieldsMixin(forms.Form):
    """The child, as first recorded with a missing report or a found record; the father's and mother's names."""

    name = _text(_("Child's name, as written"), limit=200, required=True)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    age_estimate_years = _number(
        _("Estimated age (years)"), low=0, high=25, help_text=_("If the date of birth is not known.")
    )
    languages = _text(_("Languages spoken"), limit=200)
    identifying_marks = _text(_("Identifying marks"), limit=2000, rows=2)
    home_district = _district_field(_("Home district"), required=False)
    home_state = forms.ModelChoiceField(
        label=_("Home state"), queryset=State.objects.order_by("name"), required=False, empty_label=_("Not known"),
        help_text=_("If the child can name the state but not the district."),
    )  # fmt: skip
    home_locality = _text(_("Village or locality"), limit=200)
    father_name = _text(_("Father's name"), limit=200)
    mother_name = _text(_("Mother's name"), limit=200)
    save_anyway = forms.BooleanField(
        label=_("I have checked the possible duplicates: save as a new child"), required=False
    )

    CHILD_FIELDS = (
        "name", "gender", "date_of_birth", "age_estimate_years", "languages", "identifying_marks", "home_district",
        "home_state", "home_locality",
    )  # fmt: skip

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.actor = actor
        group_by_state(self.fields["home_district"], District.objects.filter(is_active=True), blank=_("Not known"))
        group_by_state(self.fields["district"], district_choices(actor=actor))

    def clean_date_of_birth(self) -> datetime.date | None:
        day = self.cleaned_data.get("date_of_birth")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The date of birth is in the future."))
        return day

    def child_data(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self.CHILD_FIELDS}


class MissingReportForm(ChildFieldsMixin):
    reporter_name = _text(_("Reporter's name"), limit=200, required=True)
    reporter_relation = forms.ChoiceField(label=_("Relation to the child"), choices=_choices(Relation.choices))
    reporter_phone = forms.CharField(
        label=_("Reporter's phone"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )  # fmt: skip
    district = _district_field(_("District where last seen"))
    last_seen_on = forms.DateField(label=_("Last seen on"), widget=DateInput)
    last_seen_place = _text(_("Last seen at (place)"), limit=500)
    circumstances = _text(_("Circumstances"), limit=5000, rows=4)
    police_station = OrganisationField(
        empty_label=CHOOSE, label=_("Police station"), queryset=Organisation.objects.none(), required=False
    )
    police_station_name = _text(_("Police station (if not listed)"), limit=200)
    police_report_kind = forms.ChoiceField(label=_("FIR or GD"), choices=ReportKind.choices, required=False)
    police_report_number = _text(_("FIR or GD number"), limit=40)
    police_report_date = forms.DateField(label=_("FIR or GD date"), required=False, widget=DateInput)

    REPORT_FIELDS = (
        "reporter_name", "reporter_relation", "reporter_phone", "district", "last_seen_on", "last_seen_place",
        "circumstances", "police_station", "police_station_name", "police_report_kind", "police_report_number",
        "police_report_date",
    )  # fmt: skip

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, actor=actor, **kwargs)
        police = [OrganisationKind.POLICE_STATION, OrganisationKind.AHTU]
        self.fields["police_station"].queryset = organisations(  # type: ignore[attr-defined]
            kinds=police, districts=district_choices(actor=actor)
        )
        self.order_fields([*self.CHILD_FIELDS, "father_name", "mother_name", *self.REPORT_FIELDS, "save_anyway"])

    def report_data(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self.REPORT_FIELDS}


class FoundChildForm(ChildFieldsMixin):
    found_at = forms.DateTimeField(label=_("Found or rescued at"), widget=DateTimeInput)
    found_place = _text(_("Place"), limit=500)
    district = _district_field(_("District where found"))
    how = forms.ChoiceField(label=_("How"), choices=_choices(FoundHow.choices))
    agency = OrganisationField(
        empty_label=CHOOSE, label=_("By which agency"), queryset=Organisation.objects.none(), required=False
    )
    cwc = OrganisationField(
        empty_label=CHOOSE, label=_("Child Welfare Committee"), queryset=Organisation.objects.none(), required=False
    )
    journey_hours = _number(
        _("Journey hours to the CWC"), low=0, high=72, initial=0,
        help_text=_("Travel time to the CWC is excluded from the 24 hours."),
    )  # fmt: skip
    produced_before_cwc_at = forms.DateTimeField(
        label=_("Produced before the CWC at"), required=False, widget=DateTimeInput
    )

    FOUND_FIELDS = (
        "found_at", "found_place", "district", "how", "agency", "cwc", "journey_hours", "produced_before_cwc_at",
    )  # fmt: skip

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, actor=actor, **kwargs)
        mine = district_choices(actor=actor)
        self.fields["agency"].queryset = organisations(  # type: ignore[attr-defined]
            kinds=[k for k in OrganisationKind.values if k != OrganisationKind.SHELTER_HOME], districts=mine
        )
        self.fields["cwc"].queryset = organisations(kinds=[OrganisationKind.CWC], districts=mine)  # type: ignore[attr-defined]
        self.order_fields([*self.FOUND_FIELDS, *self.CHILD_FIELDS, "father_name", "mother_name", "save_anyway"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        agency, district = data.get("agency"), data.get("district")
        if agency is not None and district is not None and not agency.districts.filter(pk=district.pk).exists():
            self.add_error("agency", _("Choose an agency working in the district where the child was found."))
        if data.get("journey_hours") is None and "journey_hours" not in self.errors:
            data["journey_hours"] = 0
        return data

    def found_data(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self.FOUND_FIELDS}


class ProductionForm(forms.Form):
    produced_before_cwc_at = forms.DateTimeField(label=_("Produced before the CWC at"), widget=DateTimeInput)
    cwc = OrganisationField(
        empty_label=CHOOSE, label=_("Child Welfare Committee"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, found: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cwcs = Organisation.objects.filter(kind=OrganisationKind.CWC, is_active=True)
        self.fields["cwc"].queryset = cwcs.filter(Q(districts=found.district) | Q(pk=found.cwc_id)).distinct()  # type: ignore[attr-defined]


class PlacementForm(forms.Form):
    institution = OrganisationField(
        empty_label=CHOOSE, label=_("Shelter home / CCI"), queryset=Organisation.objects.none()
    )
    placed_on = forms.DateField(label=_("From"), widget=DateInput)
    left_on = forms.DateField(label=_("Until"), required=False, widget=DateInput)
    order_reference = _text(_("CWC order reference"), limit=100)

    def __init__(self, *args: Any, found: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        homes = Organisation.objects.filter(kind=OrganisationKind.SHELTER_HOME, is_active=True)
        self.fields["institution"].queryset = homes.filter(districts=found.district).distinct()  # type: ignore[attr-defined]


class StatementForm(forms.Form):
    recorded_on = forms.DateField(label=_("Recorded on"), widget=DateInput)
    language = _text(_("Language"), limit=50)
    text = _text(_("Statement"), limit=50000, rows=8, required=True, help_text=_("Stored encrypted."))


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)


# --- list filters --------------------------------------------------------------------------------------------------


def int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def state_or_none(value: str | None) -> State | None:
    pk = int_or_none(value)
    return State.objects.filter(pk=pk).first() if pk is not None else None
