"""The module navigation: an entry appears only for actors holding its permission."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from picket.accounts.permissions import Permission


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permissions: tuple[Permission, ...]  # shown to actors holding any of them
    section: str  # first path segment, to highlight the current module


NAVIGATION = [
    NavItem(_("Home"), "home", (Permission.HOME_VIEW,), ""),
    NavItem(_("Children"), "child-list", (Permission.IDENTITY_VIEW, Permission.SHARED_RECORD_VIEW), "children"),
    NavItem(_("Tips"), "tip-list", (Permission.IDENTITY_VIEW,), "intake"),
    NavItem(_("Missing"), "missing-list", (Permission.IDENTITY_VIEW,), "intake"),
    NavItem(_("Found"), "found-list", (Permission.IDENTITY_VIEW,), "intake"),
    NavItem(_("Import"), "intake-import", (Permission.CHILD_MANAGE,), "intake"),
    NavItem(_("Tracing"), "tracing:queue", (Permission.TRACING_REVIEW,), "tracing"),
    NavItem(_("Prosecution"), "prosecution-docket", (Permission.PROSECUTION_VIEW,), "prosecution"),
    NavItem(_("Offences"), "offence-list", (Permission.OFFENCE_CATALOGUE_MANAGE,), "prosecution"),
    NavItem(_("Monitoring"), "monitoring:desk", (Permission.MONITORING_VIEW,), "monitoring"),
    NavItem(_("Indicators"), "monitoring:indicators", (Permission.MONITORING_INDICATORS_MANAGE,), "monitoring"),
    NavItem(_("Statistics"), "statistics", (Permission.STATISTICS_VIEW,), "statistics"),
    NavItem(_("Organisations"), "organisation-list", (Permission.ORGANISATION_VIEW,), "organisations"),
    NavItem(_("Users"), "user-list", (Permission.USER_VIEW,), "users"),
    NavItem(_("Audit log"), "audit-log", (Permission.AUDIT_VIEW,), "audit"),
    NavItem(_("Geography"), "state-list", (Permission.GEOGRAPHY_VIEW,), "geography"),
    NavItem(_("Roles"), "role-list", (Permission.ROLE_VIEW,), "roles"),
]
