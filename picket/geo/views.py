"""Pages to browse the geography and to import LGD files through the background worker."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from picket.accounts.access import actor_for, fetch_or_404
from picket.accounts.decorators import requires
from picket.accounts.permissions import Permission
from picket.geo import selectors
from picket.geo.forms import GeographyUploadForm
from picket.geo.lgd_files import LgdFileError
from picket.geo.models import GeographyImport
from picket.geo.services import geography_import_queue


@requires(Permission.GEOGRAPHY_VIEW)
def state_list(request: HttpRequest) -> HttpResponse:
    states = selectors.state_list().annotate(district_count=Count("districts", filter=Q(districts__is_active=True)))
    actor = actor_for(request.user)
    return render(
        request,
        "geo/state_list.html",
        {"states": states, "can_import": actor.can(Permission.GEOGRAPHY_MANAGE)},
    )


@requires(Permission.GEOGRAPHY_VIEW)
def state_detail(request: HttpRequest, lgd_code: int) -> HttpResponse:
    state = fetch_or_404(selectors.state_list(), lgd_code=lgd_code)
    districts = selectors.district_list(state=state, include_inactive=True).annotate(
        subdistrict_count=Count("subdistricts")
    )
    return render(request, "geo/state_detail.html", {"state": state, "districts": districts})


@requires(Permission.GEOGRAPHY_VIEW)
def district_detail(request: HttpRequest, lgd_code: int) -> HttpResponse:
    district = fetch_or_404(selectors.district_list(include_inactive=True), lgd_code=lgd_code)
    return render(
        request,
        "geo/district_detail.html",
        {
            "district": district,
            "subdistricts": district.subdistricts.all(),
            "successors": [] if district.is_active else selectors.district_current_successors(district),
            "predecessors": [p.predecessor for p in district.predecessions.select_related("predecessor")],
        },
    )


@requires(Permission.GEOGRAPHY_MANAGE)
def geography_import(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = GeographyUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        assert actor.user is not None
        try:
            geography_import_queue(actor=actor.user, filename=upload.name, data=upload.read())
        except LgdFileError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("File accepted; the worker is importing it."))
            return redirect("geography-import")
    jobs = GeographyImport.objects.select_related("created_by")[:20]
    return render(request, "geo/import.html", {"form": form, "jobs": jobs})
