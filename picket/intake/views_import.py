"""The import page: upload a tracing interchange CSV or an ODK / KoboToolbox export, see which rows were rejected.

Thin: the form checks the upload, ``intake.imports`` does the work (each row in its own transaction, the actor's
jurisdiction applied) and the page shows its report. ``?xlsform=picket_missing`` downloads one of the forms.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from picket.accounts.access import actor_for
from picket.accounts.decorators import requires
from picket.accounts.permissions import Permission
from picket.intake.imports import ImportFileError, ImportReport, import_found_csv, import_missing_csv
from picket.intake.imports_odk import import_odk_submissions

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PAGE_ROWS = (
    500  # about 10 s of work: a page must answer before the server's timeout; larger files go to the command
)
XLSFORMS = Path(__file__).resolve().parent / "xlsforms"
FORM_IDS = ("picket_tip", "picket_missing", "picket_found")
IMPORTERS = {"missing": import_missing_csv, "found": import_found_csv, "odk": import_odk_submissions}
DETAIL_PAGES = {"T": "tip-detail", "M": "missing-detail", "F": "found-detail"}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            ("missing", _("Missing children (missing.csv, tracing interchange format)")),
            ("found", _("Found or rescued children (found.csv, tracing interchange format)")),
            ("odk", _("Submissions of Picket's forms from ODK Central or KoboToolbox (JSON, CSV, XLSX or zip)")),
        ],
    )
    file = forms.FileField(label=_("File"), help_text=_("At most 20 MB. CSV files must be UTF-8."))
    all_or_nothing = forms.BooleanField(
        label=_("Import nothing if any row is bad"), required=False,
        help_text=_("Otherwise the good rows are imported and the bad ones listed."),
    )  # fmt: skip

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


def _links(references: list[str]) -> list[tuple[str, str]]:
    links = []
    for reference in references:
        try:
            url = reverse(DETAIL_PAGES[reference[0]], args=[reference])
        except (KeyError, NoReverseMatch):
            url = ""
        links.append((reference, url))
    return links


@requires(Permission.CHILD_MANAGE)
@sensitive_post_parameters()
def intake_import(request: HttpRequest) -> HttpResponseBase:
    form_id = request.GET.get("xlsform", "")
    if form_id:
        if form_id not in FORM_IDS or not (XLSFORMS / f"{form_id}.xlsx").is_file():
            raise Http404
        return FileResponse((XLSFORMS / f"{form_id}.xlsx").open("rb"), as_attachment=True,
                            filename=f"{form_id}.xlsx")  # fmt: skip
    form = ImportForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        importer = IMPORTERS[form.cleaned_data["kind"]]
        try:
            report = importer(actor=actor_for(request.user), data=upload.read(), filename=upload.name,
                              all_or_nothing=form.cleaned_data["all_or_nothing"], max_rows=MAX_PAGE_ROWS)  # fmt: skip
        except ImportFileError as error:
            form.add_error("file", str(error))
    return render(request, "intake/import.html", {
        "form": form, "report": report, "added": _links(report.references) if report else [], "xlsforms": FORM_IDS,
    })  # fmt: skip
