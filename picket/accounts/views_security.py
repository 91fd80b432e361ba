"""Sign-in security pages: second factor, recovery codes, lockout, and unlocking by a user-manager."""

from __future__ import annotations

import base64
from typing import Any

from axes.utils import reset as axes_reset
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from picket.accounts import second_factor, selectors
from picket.accounts.access import actor_for, fetch_or_404
from picket.accounts.decorators import requires, signed_in
from picket.accounts.models import User
from picket.accounts.permissions import Permission
from picket.audit.models import AuditAction, AuditOutcome
from picket.audit.services import audit_record


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else "/"


@signed_in
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify the second factor, or enrol an authenticator app first if the user has none."""
    user: User = request.user  # type: ignore[assignment]
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(_safe_next(request))
    device = second_factor.confirmed_totp(user)
    enrolling = device is None
    pending = second_factor.pending_totp(user) if enrolling else None
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if pending is not None:
            if pending.verify_token("".join(code.split())):
                pending.confirmed = True
                pending.save(update_fields=["confirmed"])
                codes = second_factor.new_recovery_codes(user)
                otp_login(request, pending)
                audit_record(action=AuditAction.LOGIN, detail={"kind": "second_factor_enrolled"})
                response = render(
                    request, "accounts/recovery_codes.html", {"codes": codes, "next": _safe_next(request)}
                )
                response["Cache-Control"] = "no-store"
                return response
        else:
            matched = second_factor.verify(user, code)
            if matched is not None:
                otp_login(request, matched)
                audit_record(action=AuditAction.LOGIN, detail={"kind": "second_factor"})
                return redirect(_safe_next(request))
        audit_record(action=AuditAction.LOGIN_FAILED, outcome=AuditOutcome.FAILED, detail={"kind": "second_factor"})
        form.add_error("code", _("That code is not right, or has been used. Try the current code."))
    context: dict[str, Any] = {"form": form, "enrolling": enrolling, "next": _safe_next(request)}
    if pending is not None:
        secret = base64.b32encode(pending.bin_key).decode("ascii").rstrip("=")
        context |= {"qr_svg": second_factor.qr_svg(pending), "secret": secret}
    return render(request, "accounts/two_factor.html", context)


@require_POST
@requires(Permission.HOME_VIEW)
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if second_factor.confirmed_totp(user) is None:
        return redirect("two-factor")
    codes = second_factor.new_recovery_codes(user)
    audit_record(
        action=AuditAction.ADMIN_ACTION,
        object_type="accounts.user",
        object_id=user.pk,
        detail={"kind": "recovery_codes_renewed"},
    )
    response = render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/"})
    response["Cache-Control"] = "no-store"
    return response


def locked_out(request: HttpRequest, response: HttpResponseBase | None = None, credentials: Any = None) -> HttpResponse:
    """django-axes calls this when a locked account tries to sign in."""
    return render(request, "accounts/locked_out.html", status=429)


@require_POST
@requires(Permission.USER_MANAGE)
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    shown = fetch_or_404(selectors.user_manageable(actor=actor), pk=user_id)
    removed = axes_reset(username=shown.username)
    audit_record(action=AuditAction.UNLOCK, object_type="accounts.user", object_id=shown.pk, detail={"count": removed})
    messages.success(request, _("Account unlocked."))
    return redirect("user-detail", user_id=shown.pk)


@require_POST
@requires(Permission.USER_MANAGE)
def user_reset_second_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    shown = fetch_or_404(selectors.user_manageable(actor=actor), pk=user_id)
    second_factor.reset_second_factor(shown)
    audit_record(
        action=AuditAction.ADMIN_ACTION,
        object_type="accounts.user",
        object_id=shown.pk,
        detail={"kind": "second_factor_reset"},
    )
    messages.success(request, _("Second factor removed. The user enrols a new one at next sign-in."))
    return redirect("user-detail", user_id=shown.pk)
