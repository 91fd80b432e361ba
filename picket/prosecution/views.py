"""Prosecution pages: the offences catalogue, with its history and the administrators' correction form.

(The docket, case pages and forms for every event come in a later step; the services and the API exist.)
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from picket.accounts.access import actor_for
from picket.accounts.decorators import public, requires, requires_any
from picket.accounts.permissions import Permission
from picket.prosecution.calendar import calendar_feed_create, calendar_feed_revoke, calendar_for, feed_for_token
from picket.prosecution.forms import OffenceCorrectionForm
from picket.prosecution.models import Act, CalendarFeed, Offence
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


# --- calendar feed -------------------------------------------------------------------------------------------------


@requires(Permission.PROSECUTION_VIEW)
def calendar_settings(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    feed_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_feed_revoke(actor=actor)
            messages.success(request, _("The calendar feed was revoked; calendars using it stop updating."))
            return redirect("prosecution-calendar")
        _feed, token = calendar_feed_create(actor=actor)
        feed_url = request.build_absolute_uri(reverse("prosecution-calendar-feed", args=[token]))
    active = CalendarFeed.objects.filter(user=actor.user, revoked_at__isnull=True).first()
    return render(request, "prosecution/calendar.html", {"active": active, "feed_url": feed_url})


@public
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself, for calendar apps (no sign-in: the token is the credential; unknown and revoked look alike)."""
    feed = feed_for_token(token)
    if feed is None:
        raise Http404
    response = HttpResponse(calendar_for(feed), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
