"""Who is acting and from where, for the audit events written while handling one request (or one job).

``AuditContextMiddleware`` sets the context for each request; ``audit_context()`` sets it for commands, the
worker and tests. The acting user is resolved when an event is written, not when the request starts, so an
event written just after signing in (or after an API token was checked) names the right user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from picket.audit.chain import normalise_ip

if TYPE_CHECKING:
    from picket.accounts.models import User


@dataclass(frozen=True)
class AuditContext:
    ip_address: str | None = None
    path: str = ""
    method: str = ""
    user_source: Callable[[], Any] | None = None

    def acting_user(self) -> User | None:
        return signed_in_user(self.user_source() if self.user_source is not None else None)


def signed_in_user(user: Any) -> User | None:
    """``user`` if it is a signed-in user (not None, not AnonymousUser), else None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


NO_CONTEXT = AuditContext()
_current: ContextVar[AuditContext] = ContextVar("picket_audit_context", default=NO_CONTEXT)


def current_context() -> AuditContext:
    return _current.get()


@contextmanager
def audit_context(
    *, user: User | None = None, ip_address: str | None = None, path: str = "", method: str = ""
) -> Iterator[AuditContext]:
    """Events written inside this block name ``user`` and ``ip_address`` (for commands, jobs and tests)."""
    context = AuditContext(
        ip_address=normalise_ip(ip_address), path=path, method=method, user_source=(lambda: user) if user else None
    )
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def activate(context: AuditContext) -> Token[AuditContext]:
    return _current.set(context)


def deactivate(token: Token[AuditContext]) -> None:
    _current.reset(token)
