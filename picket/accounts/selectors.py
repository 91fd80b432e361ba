"""Reads of organisations, users and tokens, always scoped by ``accounts.access``."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from picket.accounts.access import Actor, scope_by_district, scope_within_jurisdiction
from picket.accounts.models import ApiToken, Organisation, User
from picket.accounts.permissions import Permission
from picket.accounts.roles import JurisdictionKind
from picket.geo.models import District


def organisation_list(*, actor: Actor, query: str = "", kind: str = "") -> QuerySet[Organisation]:
    """Organisations serving at least one district of the actor's jurisdiction."""
    organisations = scope_by_district(
        actor, Organisation.objects.all(), path="districts", permission=Permission.ORGANISATION_VIEW
    )
    if query:
        organisations = organisations.filter(name__icontains=query)
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.prefetch_related("districts")


def organisation_manageable(*, actor: Actor) -> QuerySet[Organisation]:
    """Organisations all of whose districts lie in the actor's jurisdiction."""
    return scope_within_jurisdiction(
        actor, Organisation.objects.all(), path="districts", permission=Permission.ORGANISATION_MANAGE
    )


def organisation_choices(*, actor: Actor) -> QuerySet[Organisation]:
    """Organisations a user-manager may place a user in."""
    return organisation_list(actor=actor).filter(is_active=True)


def _users_within(actor: Actor, users: QuerySet[User]) -> QuerySet[User]:
    """Users whose whole jurisdiction lies within the actor's."""
    if actor.district_ids is None:
        return users
    inside_ids = actor.district_ids
    outside = District.objects.exclude(pk__in=inside_ids)
    district_users = users.filter(jurisdiction_kind=JurisdictionKind.DISTRICTS, jurisdiction_districts__in=inside_ids)
    district_users = district_users.exclude(pk__in=User.objects.filter(jurisdiction_districts__in=outside).values("pk"))
    # A state user lies within the actor's area when every district of that state does.
    states_inside = (
        District.objects.filter(pk__in=inside_ids).exclude(state_id__in=outside.values("state_id")).values("state_id")
    )
    state_users = users.filter(jurisdiction_kind=JurisdictionKind.STATE, jurisdiction_state_id__in=states_inside)
    return users.filter(Q(pk__in=district_users.values("pk")) | Q(pk__in=state_users.values("pk")))


def user_list(*, actor: Actor, query: str = "", role: str = "") -> QuerySet[User]:
    if not actor.can(Permission.USER_VIEW):
        return User.objects.none()
    users = _users_within(actor, User.objects.all())
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    if role:
        users = users.filter(role=role)
    return users.select_related("organisation", "jurisdiction_state").prefetch_related("jurisdiction_districts")


def user_manageable(*, actor: Actor) -> QuerySet[User]:
    if not actor.can(Permission.USER_MANAGE):
        return User.objects.none()
    return _users_within(actor, User.objects.all())


def district_choices(*, actor: Actor) -> QuerySet[District]:
    """Active districts inside the actor's jurisdiction (for forms and filters)."""
    districts = District.objects.filter(is_active=True).select_related("state")
    if actor.district_ids is None:
        return districts
    return districts.filter(pk__in=actor.district_ids)


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    if actor.user is None or not actor.can(Permission.API_TOKEN_MANAGE_OWN):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor.user)
