"""Home page, sign-in and language choice."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from picket.accounts.access import actor_for
from picket.accounts.decorators import public, requires
from picket.accounts.models import User
from picket.accounts.permissions import Permission
from picket.accounts.services import user_set_language
from picket.audit.services import audit_denied, audit_login, audit_login_failed, audit_logout
from picket.web.home import home_figures
from picket.web.ratelimit import limit_posts


@requires(Permission.HOME_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    return render(request, "web/home.html", {"figures": home_figures(actor=actor)})


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_login(user=form.get_user())
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        username = str(form.data.get("username", ""))[:150]
        account = User.objects.filter(username=username).first() if username else None
        audit_login_failed(user=account)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            audit_logout(user=request.user)
        return super().post(request, *args, **kwargs)


login = public(limit_posts("login", per_address=30)(LoginView.as_view()))
logout = public(LogoutView.as_view())


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered on the user's profile when signed in, else in a cookie."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@public
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 404}, status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    audit_denied(object_type="page", object_id=None, reason=str(exception or "")[:100])
    return render(request, "web/error.html", {"status": 403}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 400}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/error.html", {"status": 500}, status=500)
