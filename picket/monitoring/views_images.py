"""Ads' images: adding one by hand, preserving one as evidence, viewing a preserved one (``images.py``).

Preserving and viewing are POST and GET by image id; the file is streamed with ``no-store`` and each view is a
custody event "viewed". Out-of-scope images are 404s, like every monitoring record.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from picket.accounts.access import actor_for, fetch_or_404
from picket.accounts.decorators import requires
from picket.accounts.permissions import Permission
from picket.monitoring import images, selectors

SAFE_TYPES = frozenset(images.FORMATS.values())


class ImageUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Image"))
    preserve = forms.BooleanField(label=gettext_lazy("Keep the file as evidence"), required=False)


@require_POST
@requires(Permission.MONITORING_MANAGE)
def ad_image_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    ad = fetch_or_404(selectors.ad_manageable(actor=actor), pk=pk)
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an image file."))
        return redirect("monitoring:ad", pk=ad.pk)
    upload = form.cleaned_data["file"]
    if upload.size > images.MAX_IMAGE_BYTES:
        messages.error(request, _("The image is larger than 5 MB."))
        return redirect("monitoring:ad", pk=ad.pk)
    try:
        image = images.ad_image_upload(actor=actor, ad=ad, data=upload.read(), preserve=form.cleaned_data["preserve"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if image.capture_id:
            messages.success(request, _("The image was added and kept as evidence."))
        else:
            messages.success(request, _("The image was added; only its hash is kept."))
    return redirect("monitoring:ad", pk=ad.pk)


@require_POST
@requires(Permission.EVIDENCE_PRESERVE)
def image_preserve_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    image = fetch_or_404(images.image_preservable(actor=actor).select_related("ad", "ad__source"), pk=pk)
    try:
        capture = images.ad_image_preserve(actor=actor, image=image)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The image is kept as evidence (capture %(ref)s).") % {"ref": capture.reference})
    return redirect("monitoring:ad", pk=image.ad_id)


@requires(Permission.MONITORING_MANAGE)
def image_file_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    image = fetch_or_404(images.image_viewable(actor=actor).select_related("capture"), pk=pk)
    try:
        data, content_type = images.ad_image_read(actor=actor, image=image)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:ad", pk=image.ad_id)
    kind = content_type.split(";")[0].strip().lower()
    response = HttpResponse(data, content_type=kind if kind in SAFE_TYPES else "application/octet-stream")
    response["Content-Disposition"] = "inline" if kind in SAFE_TYPES else "attachment"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
