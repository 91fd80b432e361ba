"""API authentication (bearer token or the browser session) and per-endpoint permission declarations."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from picket.accounts.access import Actor, actor_for
from picket.accounts.models import User
from picket.accounts.permissions import Permission
from picket.accounts.services import api_token_authenticate

F = TypeVar("F", bound=Callable[..., Any])


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


def current_actor(request: HttpRequest) -> Actor:
    return actor_for(getattr(request, "auth", None) or request.user)


def api_requires(permission: Permission) -> Callable[[F], F]:
    """Declare and enforce the permission an endpoint needs (kept as ``required_permission``)."""

    def decorate(function: F) -> F:
        @wraps(function)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            current_actor(request).require(permission)
            return function(request, *args, **kwargs)

        wrapper.required_permission = permission  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
