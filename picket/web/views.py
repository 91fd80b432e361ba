"""Home page, sign-in and language choice."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from picket.accounts.access import actor_for
from picket.accounts.decorators import public, requires
from picket.accounts.permissions import Permission
from picket.accounts.services import user_set_language
from picket.web.home import home_figures


@requires(Permission.HOME_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    return render(request, "web/home.html", {"figures": home_figures(actor=actor)})


login = public(auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True))
logout = public(auth_views.LogoutView.as_view())


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
    return render(request, "web/error.html", {"status": 403}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 400}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/error.html", {"status": 500}, status=500)
