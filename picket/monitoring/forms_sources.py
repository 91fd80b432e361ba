"""Forms of the source pages: a source's settings, an address or a screenshot brought in by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from picket.geo.models import District
from picket.monitoring.forms_establishments import DistrictField
from picket.monitoring.models import CollectionMethod, Source, SourceKind
from picket.monitoring.services_sources import (
    INTERVAL_RANGE,
    MAX_BYTES_RANGE,
    SCHEDULE_RANGE,
    SELECTOR_KEYS,
    SourceFields,
)

MEGABYTE = 1024 * 1024
SELECTOR_LABELS = {
    "item": _("Selector of one ad (item)"),
    "text": _("Selector of the ad's text, within it (text)"),
    "link": _("Selector of its link (link)"),
    "posted_at": _("Selector of its date (posted_at)"),
    "city": _("Selector of its city (city)"),
}


class SourceChoiceField(forms.ModelChoiceField[Source]):
    def label_from_instance(self, obj: Source) -> str:
        return f"{obj.name} · {obj.reference}"


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SourceKind.choices)
    method = forms.ChoiceField(label=_("How collected"), choices=CollectionMethod.choices)
    url = forms.CharField(
        label=_("Address"), required=False, max_length=1000,
        help_text=_("The feed's or the listing page's address (http:// or https://)."),
    )  # fmt: skip
    selector_item = forms.CharField(label=SELECTOR_LABELS["item"], required=False, max_length=200)
    selector_text = forms.CharField(label=SELECTOR_LABELS["text"], required=False, max_length=200)
    selector_link = forms.CharField(label=SELECTOR_LABELS["link"], required=False, max_length=200)
    selector_posted_at = forms.CharField(label=SELECTOR_LABELS["posted_at"], required=False, max_length=200)
    selector_city = forms.CharField(label=SELECTOR_LABELS["city"], required=False, max_length=200)
    district = DistrictField(
        label=_("District (local listings)"), required=False, queryset=District.objects.none(),
        help_text=_("Ads naming no place are placed in this district."),
    )  # fmt: skip
    schedule_minutes = forms.IntegerField(
        label=_("Collect every (minutes)"), min_value=SCHEDULE_RANGE[0], max_value=SCHEDULE_RANGE[1], initial=24 * 60
    )
    min_interval_seconds = forms.IntegerField(
        label=_("Seconds between requests (rate limit)"), min_value=INTERVAL_RANGE[0], max_value=INTERVAL_RANGE[1],
        initial=10,
    )  # fmt: skip
    timeout_seconds = forms.IntegerField(label=_("Timeout (seconds)"), min_value=1, max_value=120, initial=20)
    max_megabytes = forms.IntegerField(
        label=_("Largest page (MB)"), min_value=1, max_value=MAX_BYTES_RANGE[1] // MEGABYTE, initial=5
    )

    def __init__(self, *args: Any, districts: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = districts

    @staticmethod
    def initial_for(source: Source) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": source.name, "kind": source.kind, "method": source.method, "url": source.url,
            "district": source.district_id, "schedule_minutes": source.schedule_minutes,
            "min_interval_seconds": source.min_interval_seconds, "timeout_seconds": source.timeout_seconds,
            "max_megabytes": max(1, round(source.max_bytes / MEGABYTE)),
        }  # fmt: skip
        for key in SELECTOR_KEYS:
            initial[f"selector_{key}"] = (source.selectors or {}).get(key, "")
        return initial

    def values(self) -> SourceFields:
        data = self.cleaned_data
        return SourceFields(
            name=data["name"], kind=data["kind"], method=data["method"], url=data["url"],
            selectors={key: data[f"selector_{key}"] for key in SELECTOR_KEYS}, district=data["district"],
            schedule_minutes=data["schedule_minutes"], min_interval_seconds=data["min_interval_seconds"],
            timeout_seconds=data["timeout_seconds"], max_bytes=data["max_megabytes"] * MEGABYTE,
        )  # fmt: skip


class _SubmitForm(forms.Form):
    source = SourceChoiceField(
        label=_("Source"), required=False, queryset=Source.objects.none(),
        help_text=_("Where the ad was found, if it is a source in the registry."),
    )  # fmt: skip
    district = DistrictField(
        label=_("District, if the ad names no place"), required=False, queryset=District.objects.none(),
        help_text=_("An ad with no place and no district is seen by national roles only."),
    )  # fmt: skip

    def __init__(self, *args: Any, sources: Any, districts: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["source"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sources
        district = self.fields["district"]
        assert isinstance(district, forms.ModelChoiceField)
        district.queryset = districts
        only = list(districts[:2])
        if not self.is_bound and len(only) == 1:
            district.initial = only[0].pk


class SubmitUrlForm(_SubmitForm):
    url = forms.CharField(label=_("Address of the ad"), max_length=1000)
    text = forms.CharField(
        label=_("Text of the ad"), required=False, max_length=20_000, widget=forms.Textarea({"rows": 4}),
        help_text=_("Leave empty to read the page with the source's selectors (or as a feed)."),
    )  # fmt: skip

    field_order = ["url", "text", "source", "district"]


class SubmitScreenshotForm(_SubmitForm):
    screenshot = forms.FileField(label=_("Screenshot (PNG, JPEG or WebP)"))
    text = forms.CharField(
        label=_("Text of the ad"), max_length=20_000, widget=forms.Textarea({"rows": 4}),
        help_text=_("Type what the screenshot says, phones and handles included: this text is analysed."),
    )  # fmt: skip
    url = forms.CharField(label=_("Address where it was seen (optional)"), required=False, max_length=1000)

    field_order = ["screenshot", "text", "source", "district", "url"]
