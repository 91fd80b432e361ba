"""Statistics pages and de-identified exports. Every export is audited with its row count and digest."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from picket.accounts.access import actor_for
from picket.accounts.decorators import requires
from picket.accounts.permissions import Permission
from picket.analytics import datasets
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.privacy.exports import ExportError, export_package


class ExportForm(forms.Form):
    dataset = forms.ChoiceField(
        label=_("Data"),
        choices=[
            ("children_by_district_and_age", _("Children by district and age band (table, small counts hidden)")),
            ("children_by_district_and_gender", _("Children by district and gender (table, small counts hidden)")),
            ("children_records", _("Children, one row each, de-identified (k-anonymous)")),
        ],
    )
    fmt = forms.ChoiceField(label=_("Format"), choices=[("xlsx", "Excel (XLSX)"), ("csv", "CSV")])
    password = forms.CharField(
        label=_("Password for an encrypted zip (optional)"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("At least 12 characters. Send it by another channel than the file."),
    )


@requires(Permission.STATISTICS_VIEW)
def statistics(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    found = [datasets.children_by_district_and_age(actor), datasets.children_by_district_and_gender(actor)]
    tables = [table for table in found if table is not None]
    return render(request, "analytics/statistics.html", {"tables": tables, "form": ExportForm()})


@require_POST
@requires(Permission.STATISTICS_VIEW)
def export(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = ExportForm(request.POST)
    if not form.is_valid():
        return render(request, "analytics/statistics.html", {"tables": [], "form": form}, status=400)
    dataset, fmt = form.cleaned_data["dataset"], form.cleaned_data["fmt"]
    withheld = 0
    if dataset == "children_records":
        rows, withheld = datasets.children_records(actor)
        columns = list(datasets.CHILD_POLICY.columns)
    else:
        table = getattr(datasets, dataset)(actor)
        if table is None:
            form.add_error("dataset", _("There are no records in your jurisdiction to count yet."))
            return render(request, "analytics/statistics.html", {"tables": [], "form": form}, status=400)
        rows = table.suppressed.to_rows(row_header=table.row_header)
        columns = list(table.suppressed.columns(row_header=table.row_header))
    try:
        result = export_package(rows, columns, fmt=fmt, password=form.cleaned_data["password"] or None, name=dataset)
    except ExportError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return render(request, "analytics/statistics.html", {"tables": [], "form": form}, status=400)
    audit_record(
        action=AuditAction.EXPORT,
        object_type="analytics.dataset",
        detail={"kind": dataset, "format": fmt, "rows": result.row_count, "count": withheld},
    )
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response["X-Content-SHA256"] = result.sha256
    response["Cache-Control"] = "no-store"
    return response
