"""Pages for children's records. Every display of an identity is audited; URLs carry references, never names."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from picket.accounts.access import Actor, actor_for, fetch_or_404
from picket.accounts.decorators import requires, requires_any
from picket.accounts.forms import add_service_errors
from picket.accounts.models import Organisation
from picket.accounts.permissions import Permission
from picket.accounts.selectors import district_choices
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.people import selectors, services
from picket.people.documents import child_photo_add, identity_document_add
from picket.people.forms import (
    ChildForm,
    ConsentForm,
    DocumentForm,
    FamilyMemberForm,
    OtherNameForm,
    PhotoForm,
    ShareForm,
)
from picket.people.models import Child, ConsentPurpose
from picket.people.search import RANKED_CANDIDATES_MAX
from picket.web.searches import redirect_to_search, search_text

VIEWERS = (Permission.IDENTITY_VIEW, Permission.SHARED_RECORD_VIEW)


@requires_any(*VIEWERS)
def child_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return redirect_to_search(request, "q", district=request.POST.get("district", ""))
    actor = actor_for(request.user)
    query = search_text(request)
    district = request.GET.get("district", "")
    district_id = int(district) if district.isdigit() else None
    children = selectors.child_search(actor=actor, query=query, district_id=district_id)
    if query or district_id:
        audit_record(
            action=AuditAction.SEARCH,
            object_type="people.child",
            detail={"filters": [name for name, value in (("q", query), ("district", district_id)) if value]},
        )
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/child_list.html",
        {
            "page": page,
            "query": query,
            "district": district_id,
            "districts": district_choices(actor=actor),
            "can_register": actor.can(Permission.CHILD_MANAGE),
            "capped": bool(query) and page.paginator.count >= RANKED_CANDIDATES_MAX,
            "cap": RANKED_CANDIDATES_MAX,
        },
    )


@requires(Permission.CHILD_MANAGE)
def child_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = ChildForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.child_register(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Child registered."))
            return redirect("child-detail", reference=child.reference)
    return render(request, "people/child_form.html", {"form": form})


@requires_any(*VIEWERS)
def child_detail(request: HttpRequest, reference: str) -> HttpResponse:
    actor = actor_for(request.user)
    child = fetch_or_404(selectors.child_list(actor=actor), reference=reference)
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="people.child", object_id=child.pk)
    can_manage = selectors.child_manageable(actor=actor).filter(pk=child.pk).exists()
    sharing_basis = selectors.consent_active(child=child, purpose=ConsentPurpose.SHARING)
    partners = _partners(child) if can_manage else Organisation.objects.none()
    return render(
        request,
        "people/child_detail.html",
        {
            "child": child,
            "age": child.age_on(timezone.localdate()),
            "family": child.family.all(),
            "consents": child.consents.select_related("recorded_by"),
            "shares": child.shares.filter(revoked_at__isnull=True).select_related("organisation"),
            "can_manage": can_manage,
            "can_see_history": actor.can(Permission.AUDIT_VIEW),
            "sharing_basis": sharing_basis,
            "family_form": FamilyMemberForm(),
            "other_names": child.other_names.all(),
            "documents": child.documents.all(),
            "photos": child.photos.all(),
            "name_form": OtherNameForm(),
            "document_form": DocumentForm(),
            "photo_form": PhotoForm(),
            "consent_form": ConsentForm(initial={"given_on": timezone.localdate()}),
            "share_form": ShareForm(partners=partners) if sharing_basis else None,
        },
    )


def _partners(child: Child) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        districts=child.district, is_active=True, kind__in=services.PARTNER_KINDS
    ).distinct()


def _manageable_child(request: HttpRequest, reference: str) -> tuple[Actor, Child]:
    actor = actor_for(request.user)
    return actor, fetch_or_404(selectors.child_manageable(actor=actor), reference=reference)


def _form_errors(request: HttpRequest, form_errors: Mapping[str, Any] | ValidationError) -> None:
    items: list[tuple[str, Any]]
    if isinstance(form_errors, ValidationError):
        has_fields = hasattr(form_errors, "error_dict")
        items = list(form_errors.message_dict.items()) if has_fields else [("", form_errors.messages)]
    else:
        items = list(form_errors.items())
    for field, errors in items:
        for error in errors:
            messages.error(request, f"{field}: {error}" if field and field != "__all__" else error)


def _child_form_post(
    request: HttpRequest,
    reference: str,
    *,
    make_form: Callable[[Child], forms.Form],
    save: Callable[[Actor, Child, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """Validate a small form on a child's page, call its service, report the outcome, go back to the page."""
    actor, child = _manageable_child(request, reference)
    form = make_form(child)
    if form.is_valid():
        try:
            save(actor, child, form.cleaned_data)
            messages.success(request, success)
        except ValidationError as error:
            _form_errors(request, error)
    else:
        _form_errors(request, form.errors)
    return redirect("child-detail", reference=child.reference)


@require_POST
@requires(Permission.CHILD_MANAGE)
def family_add(request: HttpRequest, reference: str) -> HttpResponse:
    return _child_form_post(
        request,
        reference,
        make_form=lambda child: FamilyMemberForm(request.POST),
        save=lambda actor, child, data: services.family_member_add(actor=actor, child=child, **data),
        success=_("Family member added."),
    )


@require_POST
@requires(Permission.CHILD_MANAGE)
def consent_add(request: HttpRequest, reference: str) -> HttpResponse:
    return _child_form_post(
        request,
        reference,
        make_form=lambda child: ConsentForm(request.POST),
        save=lambda actor, child, data: services.consent_record(actor=actor, child=child, **data),
        success=_("Consent recorded."),
    )


@require_POST
@requires(Permission.CHILD_MANAGE)
def consent_withdraw(request: HttpRequest, reference: str, consent_id: int) -> HttpResponse:
    actor, child = _manageable_child(request, reference)
    consent = fetch_or_404(child.consents.all(), pk=consent_id)
    try:
        services.consent_withdraw(actor=actor, consent=consent, withdrawn_on=timezone.localdate())
        messages.success(request, _("Consent withdrawn."))
    except ValidationError as error:
        _form_errors(request, error)
    return redirect("child-detail", reference=child.reference)


@require_POST
@requires(Permission.CHILD_MANAGE)
def share_add(request: HttpRequest, reference: str) -> HttpResponse:
    return _child_form_post(
        request,
        reference,
        make_form=lambda child: ShareForm(request.POST, partners=_partners(child)),
        save=lambda actor, child, data: services.child_share(
            actor=actor, child=child, organisation=data["organisation"]
        ),
        success=_("Record shared."),
    )


@require_POST
@requires(Permission.CHILD_MANAGE)
def share_revoke(request: HttpRequest, reference: str, share_id: int) -> HttpResponse:
    actor, child = _manageable_child(request, reference)
    share = fetch_or_404(child.shares.all(), pk=share_id)
    services.child_share_revoke(actor=actor, share=share)
    messages.success(request, _("Sharing ended."))
    return redirect("child-detail", reference=child.reference)


@require_POST
@requires(Permission.CHILD_MANAGE)
def other_name_add(request: HttpRequest, reference: str) -> HttpResponse:
    return _child_form_post(
        request,
        reference,
        make_form=lambda child: OtherNameForm(request.POST),
        save=lambda actor, child, data: services.child_name_add(actor=actor, child=child, **data),
        success=_("Name added."),
    )


@require_POST
@requires(Permission.CHILD_MANAGE)
def document_add(request: HttpRequest, reference: str) -> HttpResponse:
    return _child_form_post(
        request,
        reference,
        make_form=lambda child: DocumentForm(request.POST),
        save=lambda actor, child, data: identity_document_add(actor=actor, child=child, **data),
        success=_("Document added."),
    )


@require_POST
@requires(Permission.CHILD_MANAGE)
def photo_add(request: HttpRequest, reference: str) -> HttpResponse:
    actor, child = _manageable_child(request, reference)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            upload = form.cleaned_data["image"]
            if upload.size > 10 * 1024 * 1024:
                raise ValidationError({"image": _("The photo is larger than 10 MB.")})
            child_photo_add(actor=actor, child=child, data=upload.read(), taken_on=form.cleaned_data["taken_on"])
            messages.success(request, _("Photo added."))
        except ValidationError as error:
            _form_errors(request, error)
    else:
        _form_errors(request, form.errors)
    return redirect("child-detail", reference=child.reference)


@requires_any(*VIEWERS)
def photo_show(request: HttpRequest, reference: str, photo_id: int) -> HttpResponse:
    """A photo, decrypted for someone who may see the child; each showing is recorded like any identity view."""
    actor = actor_for(request.user)
    child = fetch_or_404(selectors.child_list(actor=actor), reference=reference)
    photo = fetch_or_404(child.photos.all(), pk=photo_id)
    audit_record(action=AuditAction.VIEW_IDENTITY, object_type="people.child", object_id=child.pk,
                 detail={"fields": ["photos"]})  # fmt: skip
    with photo.image.open("rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response
