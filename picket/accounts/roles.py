"""Roles, organisation kinds and jurisdiction kinds: the vocabulary of who may do what, and where.

What each role may do is declared in ``accounts.permissions``; where, by the user's jurisdiction.
"""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise


class OrganisationKind(models.TextChoices):
    NGO_OFFICE = "ngo_office", _("NGO office")
    POLICE_STATION = "police_station", _("Police station")
    AHTU = "ahtu", _("Anti-Human Trafficking Unit (AHTU)")
    CWC = "cwc", _("Child Welfare Committee (CWC)")
    DCPU = "dcpu", _("District Child Protection Unit (DCPU)")
    JJB = "jjb", _("Juvenile Justice Board (JJB)")
    COURT = "court", _("Court")
    LABOUR_DEPARTMENT = "labour_department", _("Labour department")
    SHELTER_HOME = "shelter_home", _("Shelter home / child care institution (CCI)")
    DLSA = "dlsa", _("District Legal Services Authority (DLSA)")
    CHILDLINE = "childline", _("Childline")


class Role(models.TextChoices):
    FIELD_WORKER = "field_worker", _("Field worker")
    CASE_WORKER = "case_worker", _("Case worker")
    LEGAL_OFFICER = "legal_officer", _("Legal officer")
    DISTRICT_COORDINATOR = "district_coordinator", _("District coordinator")
    STATE_PROGRAMME_MANAGER = "state_programme_manager", _("State programme manager")
    ANALYST = "analyst", _("Analyst")
    PARTNER_OFFICER = "partner_officer", _("Partner officer")
    MONITORING_ANALYST = "monitoring_analyst", _("Monitoring analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


ROLE_DESCRIPTIONS: dict[str, StrOrPromise] = {
    Role.FIELD_WORKER: _("Identifies children at risk, takes tips and calls, joins rescues, follows up."),
    Role.CASE_WORKER: _("Manages children's cases, tracing, care plans and reunification."),
    Role.LEGAL_OFFICER: _("Follows police and court cases, deadlines and compensation."),
    Role.DISTRICT_COORDINATOR: _("Supervises a district's work and its team; manages its users and organisations."),
    Role.STATE_PROGRAMME_MANAGER: _("Oversees the work of every district in a state."),
    Role.ANALYST: _("Sees de-identified statistics only, never a child's identity."),
    Role.PARTNER_OFFICER: _("Police or CWC staff: sees only what is shared with their organisation."),
    Role.MONITORING_ANALYST: _(
        "Watches online ads, placement agencies and operator networks; keeps evidence; never sees a child's identity."
    ),
    Role.ADMINISTRATOR: _("Manages organisations, users and reference data; sees no identities."),
}


class JurisdictionKind(models.TextChoices):
    DISTRICTS = "districts", _("Districts")
    STATE = "state", _("A state")
    NATIONAL = "national", _("National")
