"""Prosecution pages: the offences catalogue, with its history and the administrators' correction form.

(The docket, case pages and forms for every event come in a later step; the services and the API exist.)
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from picket.accounts.access import actor_for
from picket.accounts.decorators import requires, requires_any
from picket.accounts.permissions import Permission
from picket.prosecution.forms import OffenceCorrectionForm
from picket.prosecution.models import Act, Offence
from picket.prosecution.rules import RULES
from picket.prosecution.services_catalogue import offence_correct

CATALOGUE_READERS = (Permission.PROSECUTION_VIEW, Permission.OFFENCE_CATALOGUE_MANAGE)


@requires_any(*CATALOGUE_READERS)
def offence_list(request: HttpRequest) -> HttpResponse:
    offences = Offence.objects.select_related("act")
    act = request.GET.get("act", "")
    query = request.GET.get("q", "").strip()[:60]
    if act:
        offences = offences.filter(act__code=act)
    if query:
        offences = offences.filter(Q(section__icontains=query) | Q(title__icontains=query))
    if request.GET.get("unverified"):
        offences = offences.filter(is_verified=False)
    return render(request, "prosecution/offence_list.html", {
        "offences": offences, "acts": Act.objects.all(), "act": act, "q": query,
        "unverified": bool(request.GET.get("unverified")), "rules": RULES.values(),
    })  # fmt: skip


def _detail(request: HttpRequest, offence: Offence, form: OffenceCorrectionForm | None = None) -> HttpResponse:
    can_correct = actor_for(request.user).can(Permission.OFFENCE_CATALOGUE_MANAGE)
    return render(request, "prosecution/offence_detail.html", {
        "offence": offence, "revisions": offence.revisions.select_related("changed_by"),
        "form": (form or OffenceCorrectionForm(instance=offence)) if can_correct else None,
    })  # fmt: skip


@requires_any(*CATALOGUE_READERS)
def offence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(Offence.objects.select_related("act"), pk=pk))


@require_POST
@requires(Permission.OFFENCE_CATALOGUE_MANAGE)
def offence_correction(request: HttpRequest, pk: int) -> HttpResponse:
    offence = get_object_or_404(Offence.objects.select_related("act"), pk=pk)
    form = OffenceCorrectionForm(request.POST, instance=Offence.objects.get(pk=pk))
    if form.is_valid():
        try:
            revision = offence_correct(actor=actor_for(request.user), offence=offence, changes=form.changes(),
                                       reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as error:
            for field, errors in error.message_dict.items():  # the service names the field at fault
                form.add_error(field if field in form.fields else None, errors)
        else:
            if revision is None:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("%(offence)s corrected.") % {"offence": offence})
            return redirect("offence-detail", pk=offence.pk)
    return _detail(request, offence, form)
