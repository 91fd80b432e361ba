"""The one place that decides what an actor may see and do.

Two questions, always asked together:
- *may* this role do it?  ``Actor.can(Permission)`` — the permission catalogue in ``permissions.py``;
- *where*?  the actor's jurisdiction — ``Actor.district_ids`` (``None`` means national).

Selectors scope every queryset through ``scope_by_district``; views fetch single records through
``fetch_or_404``, which answers *not found* alike for a record that does not exist and one the actor may not
see, so that ids cannot be probed. Views never filter by district themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from picket.accounts.permissions import ROLE_PERMISSIONS, SECOND_FACTOR_PERMISSIONS, Permission
from picket.accounts.roles import JurisdictionKind, Role
from picket.geo.models import District
from picket.geo.selectors import district_ids_with_predecessors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from picket.accounts.models import User

M = TypeVar("M", bound=Model)

_CACHE_ATTRIBUTE = "_picket_actor"


@dataclass(frozen=True)
class Actor:
    """Who is acting: the user, what their role permits, and the districts they cover."""

    user: User | None
    role: Role | None
    permissions: frozenset[Permission]
    district_ids: frozenset[int] | None  # None: national

    @property
    def is_national(self) -> bool:
        return self.district_ids is None

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def needs_second_factor(self) -> bool:
        """Roles that see identities, or can create users who do, sign in with a second factor."""
        return bool(self.permissions & SECOND_FACTOR_PERMISSIONS)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(permission.value)

    def covers(self, district_ids: set[int] | frozenset[int]) -> bool:
        """True when every one of ``district_ids`` lies in the actor's jurisdiction."""
        if self.district_ids is None:
            return True
        return bool(district_ids) and set(district_ids) <= self.district_ids

    def district_filter(self, path: str) -> Q:
        """A Q object keeping rows whose ``path`` (a district FK or M2M) lies in the jurisdiction."""
        if self.district_ids is None:
            return Q()
        return Q(**{f"{path}__in": self.district_ids})


NOBODY = Actor(user=None, role=None, permissions=frozenset(), district_ids=frozenset())


def _jurisdiction_district_ids(user: User) -> frozenset[int] | None:
    if user.jurisdiction_kind == JurisdictionKind.NATIONAL:
        return None
    if user.jurisdiction_kind == JurisdictionKind.STATE:
        assert user.jurisdiction_state_id is not None  # a database constraint guarantees it
        base = District.objects.filter(state_id=user.jurisdiction_state_id).values_list("id", flat=True)
    else:
        base = user.jurisdiction_districts.values_list("id", flat=True)
    # Records keyed on a district LGD later retired (renamed, split, merged) stay with its successors' teams.
    return frozenset(district_ids_with_predecessors(base))


def actor_for(user: User | AnonymousUser | None) -> Actor:
    """The actor for a signed-in user (cached on the user object for the request), or ``NOBODY``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    role = Role(user.role)
    actor = Actor(
        user=user,
        role=role,
        permissions=ROLE_PERMISSIONS[role],
        district_ids=_jurisdiction_district_ids(user),
    )
    setattr(user, _CACHE_ATTRIBUTE, actor)
    return actor


def forget_actor(user: Any) -> None:
    """Drop the cached actor after the user's role or jurisdiction changed."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def scope_by_district(actor: Actor, queryset: QuerySet[M], *, path: str, permission: Permission) -> QuerySet[M]:
    """Rows of ``queryset`` the actor may see under ``permission``, judged by the district(s) at ``path``.

    ``path`` may cross a many-to-many relation; the filter is applied as a sub-query on primary keys, so
    rows are never duplicated and the result can be further filtered, ordered and paginated.
    """
    if not actor.can(permission):
        return queryset.none()
    if actor.is_national:
        return queryset
    if not _crosses_many(queryset.model, path):
        # A plain foreign key: filter directly (a self-subquery would cost the planner twice; docs/benchmarks.md).
        return queryset.filter(actor.district_filter(path))
    inside = queryset.model._default_manager.filter(actor.district_filter(path)).values("pk")
    return queryset.filter(pk__in=inside)


def _crosses_many(model: type[Model], path: str) -> bool:
    """Whether ``path`` passes through a many-to-many or reverse relation (which could repeat rows)."""
    current: Any = model
    for part in path.split("__"):
        field = current._meta.get_field(part)
        if field.many_to_many or field.one_to_many:
            return True
        current = field.related_model
        if current is None:
            return False
    return False


def scope_within_jurisdiction(actor: Actor, queryset: QuerySet[M], *, path: str, permission: Permission) -> QuerySet[M]:
    """Rows whose districts at ``path`` *all* lie in the actor's jurisdiction (and that have at least one).

    Used for changes: a district coordinator may edit an organisation of their district, not one that
    also serves the next district.
    """
    if not actor.can(permission):
        return queryset.none()
    if actor.is_national:
        return queryset
    manager = queryset.model._default_manager
    with_any_inside = manager.filter(actor.district_filter(path)).values("pk")
    outside_districts = District.objects.exclude(pk__in=actor.district_ids or ())
    with_any_outside = manager.filter(**{f"{path}__in": outside_districts}).values("pk")
    return queryset.filter(pk__in=with_any_inside).exclude(pk__in=with_any_outside)


def fetch_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """Fetch one record from an already scoped queryset; missing and forbidden look the same.

    The actor sees the same 404 either way; the audit log, though, records an attempt on a record that
    exists outside the actor's scope, so that supervisors can see probing.
    """
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        # ValueError/TypeError: a malformed id in a URL is just another record that is not there.
        try:
            hidden = queryset.model._default_manager.filter(**lookup).values_list("pk", flat=True).first()
        except (ValueError, TypeError):
            hidden = None
        if hidden is not None:
            from picket.audit.services import audit_denied

            audit_denied(object_type=queryset.model._meta.label_lower, object_id=hidden, reason="outside_scope")
        raise Http404 from None
