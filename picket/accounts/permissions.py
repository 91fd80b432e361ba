"""The permission catalogue: every view and API endpoint declares one of these.

Roles are fixed in code (not editable rows) on purpose: which role may see a child's identity is a legal
question (POCSO s.23, JJ Act s.74), so changes go through review, tests and a release, not a settings page.
See docs/adr/0003-roles-in-code.md.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from picket.accounts.roles import Role, StrOrPromise


class Permission(StrEnum):
    HOME_VIEW = "home.view"
    GEOGRAPHY_VIEW = "geography.view"
    GEOGRAPHY_MANAGE = "geography.manage"
    ORGANISATION_VIEW = "organisation.view"
    ORGANISATION_MANAGE = "organisation.manage"
    USER_VIEW = "user.view"
    USER_MANAGE = "user.manage"
    ROLE_VIEW = "role.view"
    API_TOKEN_MANAGE_OWN = "api_token.manage_own"  # noqa: S105 - a permission name, not a secret
    IDENTITY_VIEW = "identity.view"
    CHILD_MANAGE = "child.manage"
    SHARED_RECORD_VIEW = "shared_record.view"
    STATISTICS_VIEW = "statistics.view"
    AUDIT_VIEW = "audit.view"
    TRACING_REVIEW = "tracing.review"
    PROSECUTION_VIEW = "prosecution.view"
    PROSECUTION_MANAGE = "prosecution.manage"
    OFFENCE_CATALOGUE_MANAGE = "offence_catalogue.manage"
    MONITORING_VIEW = "monitoring.view"
    MONITORING_MANAGE = "monitoring.manage"
    EVIDENCE_PRESERVE = "evidence.preserve"
    MONITORING_INDICATORS_MANAGE = "monitoring_indicators.manage"


PERMISSION_LABELS: dict[Permission, StrOrPromise] = {
    Permission.HOME_VIEW: _("See the home page"),
    Permission.GEOGRAPHY_VIEW: _("Browse states and districts"),
    Permission.GEOGRAPHY_MANAGE: _("Import geography and record district changes"),
    Permission.ORGANISATION_VIEW: _("See organisations in the jurisdiction"),
    Permission.ORGANISATION_MANAGE: _("Create and edit organisations in the jurisdiction"),
    Permission.USER_VIEW: _("See users in the jurisdiction"),
    Permission.USER_MANAGE: _("Create, edit and deactivate users in the jurisdiction"),
    Permission.ROLE_VIEW: _("See the roles and what they allow"),
    Permission.API_TOKEN_MANAGE_OWN: _("Create and revoke one's own API tokens"),
    Permission.IDENTITY_VIEW: _("See children's identities in the jurisdiction"),
    Permission.CHILD_MANAGE: _("Register children, record consent and share records with partners"),
    Permission.SHARED_RECORD_VIEW: _("See records shared with one's organisation"),
    Permission.STATISTICS_VIEW: _("See de-identified statistics"),
    Permission.AUDIT_VIEW: _("See the audit log and who has seen a record, in the jurisdiction"),
    Permission.TRACING_REVIEW: _("Review tracing candidates, confirm or reject matches and run reunifications"),
    Permission.PROSECUTION_VIEW: _("See rescue operations, police and court cases and their deadlines"),
    Permission.PROSECUTION_MANAGE: _("Record rescue operations, police and court cases, hearings and outcomes"),
    Permission.OFFENCE_CATALOGUE_MANAGE: _("Correct the offences catalogue"),
    Permission.MONITORING_VIEW: _("See monitored ads, operator networks, establishments, watchlists and alerts"),
    Permission.MONITORING_MANAGE: _(
        "Manage monitoring sources and captures, watchlists, alert triage and establishments"
    ),
    Permission.EVIDENCE_PRESERVE: _("Keep ads' image files as evidence and export evidence packets"),
    Permission.MONITORING_INDICATORS_MANAGE: _("Edit the risk indicators of online ads and rescore ads"),
}

_EVERYONE = {
    Permission.HOME_VIEW,
    Permission.GEOGRAPHY_VIEW,
    Permission.ROLE_VIEW,
    Permission.API_TOKEN_MANAGE_OWN,
}
_CASE_TEAM = _EVERYONE | {Permission.ORGANISATION_VIEW, Permission.IDENTITY_VIEW}
_SUPERVISION = {
    Permission.AUDIT_VIEW,
    Permission.CHILD_MANAGE,
    Permission.ORGANISATION_MANAGE,
    Permission.USER_VIEW,
    Permission.USER_MANAGE,
    Permission.STATISTICS_VIEW,
}

_PROSECUTION = {Permission.PROSECUTION_VIEW, Permission.PROSECUTION_MANAGE}
_MONITORING = {Permission.MONITORING_VIEW, Permission.MONITORING_MANAGE, Permission.EVIDENCE_PRESERVE}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.FIELD_WORKER: frozenset(_CASE_TEAM | {Permission.CHILD_MANAGE}),
    Role.CASE_WORKER: frozenset(
        _CASE_TEAM | {Permission.CHILD_MANAGE, Permission.TRACING_REVIEW, Permission.PROSECUTION_VIEW}
    ),
    # Legal officers read monitoring (an ad or network behind their case) but do not preserve or export
    # evidence: the s.63 BSA certificate is signed by whoever captured and kept it (docs/adr/0017).
    Role.LEGAL_OFFICER: frozenset(_CASE_TEAM | _PROSECUTION | {Permission.MONITORING_VIEW}),
    Role.DISTRICT_COORDINATOR: frozenset(
        _CASE_TEAM | _SUPERVISION | _PROSECUTION | {Permission.TRACING_REVIEW, Permission.MONITORING_VIEW}
    ),
    Role.STATE_PROGRAMME_MANAGER: frozenset(
        _CASE_TEAM | _SUPERVISION | _PROSECUTION | {Permission.TRACING_REVIEW, Permission.MONITORING_VIEW}
    ),
    Role.ANALYST: frozenset(_EVERYONE | {Permission.ORGANISATION_VIEW, Permission.STATISTICS_VIEW}),
    Role.PARTNER_OFFICER: frozenset(_EVERYONE | {Permission.SHARED_RECORD_VIEW}),
    # Adults' phones and handles in ads are personal data, and ads may show children: no identities, but
    # a second factor (below). Organisations: to know which police unit or AHTU to refer an alert to.
    Role.MONITORING_ANALYST: frozenset(_EVERYONE | _MONITORING | {Permission.ORGANISATION_VIEW}),
    Role.ADMINISTRATOR: frozenset(
        _EVERYONE
        | {
            Permission.GEOGRAPHY_MANAGE,
            Permission.ORGANISATION_VIEW,
            Permission.ORGANISATION_MANAGE,
            Permission.USER_VIEW,
            Permission.USER_MANAGE,
            Permission.STATISTICS_VIEW,
            Permission.AUDIT_VIEW,
            Permission.OFFENCE_CATALOGUE_MANAGE,
            Permission.MONITORING_INDICATORS_MANAGE,
        }
    ),
}

# Holding any of these makes the second factor compulsory (POCSO s.23: identities need strong sign-in;
# monitoring: adults' phones and handles, court evidence, images that may show children).
SECOND_FACTOR_PERMISSIONS = frozenset(
    {
        Permission.IDENTITY_VIEW,
        Permission.SHARED_RECORD_VIEW,
        Permission.USER_MANAGE,
        Permission.GEOGRAPHY_MANAGE,
        Permission.MONITORING_VIEW,
    }
)

# Roles a user-manager may hand out. Only administrators create administrators; nobody below a state
# programme manager creates one.
GRANTABLE_ROLES: dict[Role, frozenset[Role]] = {
    Role.ADMINISTRATOR: frozenset(Role),
    Role.STATE_PROGRAMME_MANAGER: frozenset(set(Role) - {Role.ADMINISTRATOR}),
    Role.DISTRICT_COORDINATOR: frozenset(set(Role) - {Role.ADMINISTRATOR, Role.STATE_PROGRAMME_MANAGER}),
}
