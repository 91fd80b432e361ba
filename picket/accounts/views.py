"""Pages for organisations, users, roles and the signed-in user's own API tokens. Thin: parse, call, render."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from picket.accounts import selectors, services
from picket.accounts.access import actor_for, fetch_or_404
from picket.accounts.decorators import requires
from picket.accounts.forms import ApiTokenForm, OrganisationForm, PasswordSetForm, UserForm, add_service_errors
from picket.accounts.permissions import PERMISSION_LABELS, ROLE_PERMISSIONS, Permission
from picket.accounts.roles import ROLE_DESCRIPTIONS, OrganisationKind, Role
from picket.accounts.second_factor import confirmed_totp

PAGE_SIZE = 50


def _page(request: HttpRequest, items: object) -> object:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))  # type: ignore[arg-type]


@requires(Permission.ORGANISATION_VIEW)
def organisation_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    query, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    organisations = selectors.organisation_list(actor=actor, query=query, kind=kind)
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "page": _page(request, organisations),
            "query": query,
            "kind": kind,
            "kinds": OrganisationKind.choices,
            "can_manage": actor.can(Permission.ORGANISATION_MANAGE),
        },
    )


@requires(Permission.ORGANISATION_VIEW)
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    organisation = fetch_or_404(selectors.organisation_list(actor=actor), pk=organisation_id)
    can_edit = selectors.organisation_manageable(actor=actor).filter(pk=organisation.pk).exists()
    members = selectors.user_list(actor=actor).filter(organisation=organisation)
    return render(
        request,
        "accounts/organisation_detail.html",
        {"organisation": organisation, "can_edit": can_edit, "members": members},
    )


@requires(Permission.ORGANISATION_MANAGE)
def organisation_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = OrganisationForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                actor=actor,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                districts=form.cleaned_data["districts"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Organisation created."))
            return redirect("organisation-detail", organisation_id=organisation.pk)
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": None})


@requires(Permission.ORGANISATION_MANAGE)
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    organisation = fetch_or_404(selectors.organisation_manageable(actor=actor), pk=organisation_id)
    initial = {
        "name": organisation.name,
        "kind": organisation.kind,
        "districts": list(organisation.districts.all()),
        "is_active": organisation.is_active,
    }
    form = OrganisationForm(request.POST or None, actor=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=actor,
                organisation=organisation,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                districts=form.cleaned_data["districts"],
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("organisation-detail", organisation_id=organisation.pk)
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": organisation})


@requires(Permission.USER_VIEW)
def user_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    query, role = request.GET.get("q", "").strip(), request.GET.get("role", "")
    users = selectors.user_list(actor=actor, query=query, role=role)
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": _page(request, users),
            "query": query,
            "role": role,
            "roles": Role.choices,
            "can_manage": actor.can(Permission.USER_MANAGE),
        },
    )


@requires(Permission.USER_VIEW)
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    shown = fetch_or_404(selectors.user_list(actor=actor), pk=user_id)
    can_edit = selectors.user_manageable(actor=actor).filter(pk=shown.pk).exists()
    is_locked = AccessAttempt.objects.filter(
        username=shown.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()
    return render(
        request,
        "accounts/user_detail.html",
        {
            "shown": shown,
            "can_edit": can_edit,
            "is_locked": is_locked,
            "has_second_factor": confirmed_totp(shown) is not None,
        },
    )


def _user_service_arguments(form: UserForm) -> dict[str, object]:
    data = form.cleaned_data
    return {
        "full_name": data["full_name"],
        "email": data["email"],
        "role": data["role"],
        "organisation": data["organisation"],
        "jurisdiction_kind": data["jurisdiction_kind"],
        "jurisdiction_state": data["jurisdiction_state"],
        "jurisdiction_districts": data["jurisdiction_districts"],
    }


@requires(Permission.USER_MANAGE)
def user_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = UserForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.user_create(
                actor=actor,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                **_user_service_arguments(form),  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("User created."))
            return redirect("user-detail", user_id=created.pk)
    return render(request, "accounts/user_form.html", {"form": form, "shown": None})


@requires(Permission.USER_MANAGE)
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    shown = fetch_or_404(selectors.user_manageable(actor=actor), pk=user_id)
    initial = {
        "username": shown.username,
        "full_name": shown.full_name,
        "email": shown.email,
        "role": shown.role,
        "organisation": shown.organisation,
        "jurisdiction_kind": shown.jurisdiction_kind,
        "jurisdiction_state": shown.jurisdiction_state,
        "jurisdiction_districts": list(shown.jurisdiction_districts.all()),
        "is_active": shown.is_active,
    }
    form = UserForm(request.POST or None, actor=actor, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(
                actor=actor,
                user=shown,
                is_active=form.cleaned_data["is_active"],
                **_user_service_arguments(form),  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("User saved."))
            return redirect("user-detail", user_id=shown.pk)
    return render(request, "accounts/user_form.html", {"form": form, "shown": shown})


@requires(Permission.USER_MANAGE)
def user_password(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    shown = fetch_or_404(selectors.user_manageable(actor=actor), pk=user_id)
    form = PasswordSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(actor=actor, user=shown, password=form.cleaned_data["password"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Password changed. Tell the user through a safe channel."))
            return redirect("user-detail", user_id=shown.pk)
    return render(request, "accounts/user_password.html", {"form": form, "shown": shown})


@requires(Permission.ROLE_VIEW)
def role_list(request: HttpRequest) -> HttpResponse:
    roles = [
        {
            "value": role.value,
            "label": role.label,
            "description": ROLE_DESCRIPTIONS[role],
            "permissions": ROLE_PERMISSIONS[role],
        }
        for role in Role
    ]
    permissions = [{"value": p, "label": PERMISSION_LABELS[p]} for p in Permission]
    return render(request, "accounts/role_list.html", {"roles": roles, "permissions": permissions})


@requires(Permission.API_TOKEN_MANAGE_OWN)
def token_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_token = services.api_token_create(
                actor=actor, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = ApiTokenForm()
    tokens = selectors.api_token_list(actor=actor)
    response = render(request, "accounts/token_list.html", {"form": form, "tokens": tokens, "new_token": new_token})
    if new_token:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@requires(Permission.API_TOKEN_MANAGE_OWN)
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    token = fetch_or_404(selectors.api_token_list(actor=actor), pk=token_id)
    services.api_token_revoke(actor=actor, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("token-list")
