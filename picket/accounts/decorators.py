"""Every page declares the permission it needs: ``@requires(Permission.X)``.

The declared permission is kept on the view (``view.required_permission``) so that a test can check that
no URL is left without one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from picket.accounts.access import actor_for
from picket.accounts.permissions import Permission

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def requires(permission: Permission) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            actor_for(request.user).require(permission)
            return view(request, *args, **kwargs)

        wrapper.required_permission = permission  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def requires_any(*permissions: Permission) -> Callable[[View], View]:
    """Like ``requires``, for pages that serve several roles (e.g. case teams and partner officers)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            actor = actor_for(request.user)
            if not any(actor.can(p) for p in permissions):
                raise PermissionDenied(",".join(p.value for p in permissions))
            return view(request, *args, **kwargs)

        wrapper.required_permission = permissions  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def signed_in(view: View) -> View:
    """A page for any signed-in user, whatever their role (e.g. completing the second factor)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.required_permission = "signed_in"  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def public(view: View) -> View:
    """Marks a page that needs no sign-in (login, public forms): an explicit, reviewable choice."""
    view.required_permission = None  # type: ignore[attr-defined]
    return view
