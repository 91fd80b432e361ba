"""Figures for the home page, counted within the actor's scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from picket.accounts import selectors as account_selectors
from picket.accounts.access import Actor
from picket.accounts.permissions import Permission
from picket.people.selectors import child_list


@dataclass(frozen=True)
class Figure:
    label: str | Promise
    value: int
    url: str


def home_figures(*, actor: Actor) -> list[Figure]:
    figures: list[Figure] = []
    districts = account_selectors.district_choices(actor=actor)
    figures.append(Figure(_("Districts in your jurisdiction"), districts.count(), reverse("state-list")))
    if actor.can(Permission.IDENTITY_VIEW) or actor.can(Permission.SHARED_RECORD_VIEW):
        children = child_list(actor=actor)
        figures.append(Figure(_("Children's records"), children.count(), reverse("child-list")))
    if actor.can(Permission.TRACING_REVIEW):
        from picket.tracing.selectors import review_queue

        pending = review_queue(actor=actor).count()
        figures.append(Figure(_("Tracing candidates awaiting review"), pending, reverse("tracing:queue")))
    if actor.can(Permission.ORGANISATION_VIEW):
        organisations = account_selectors.organisation_list(actor=actor).filter(is_active=True)
        figures.append(Figure(_("Active organisations"), organisations.count(), reverse("organisation-list")))
    if actor.can(Permission.USER_VIEW):
        users = account_selectors.user_list(actor=actor).filter(is_active=True)
        figures.append(Figure(_("Active users"), users.count(), reverse("user-list")))
    return figures
