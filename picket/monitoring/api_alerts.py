"""Alert triage over the API: list, read, assign, dismiss with a reason, turn into a tip, attach to a case
(``/api/v1/monitoring/alerts``), through ``services_watch`` like the alert pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from picket.accounts.access import Actor, fetch_or_404
from picket.accounts.models import User
from picket.accounts.permissions import Permission
from picket.api.pagination import LimitOffset
from picket.api.security import api_requires, current_actor
from picket.monitoring import selectors
from picket.monitoring.api_common import MANAGE, VIEW, fields_named, reference_of
from picket.monitoring.api_schemas import AlertOut, AlertStatusFilter, AssignIn, AttachIn, DismissIn, TipIn
from picket.monitoring.models import Alert
from picket.monitoring.models.watch import OPEN_ALERT_STATUSES
from picket.monitoring.services_watch import alert_assign, alert_attach_case, alert_dismiss, alert_to_tip
from picket.people.api import district_by_code
from picket.prosecution.selectors import police_case_manageable

router = Router()  # tagged "monitoring" by the router it is added to (picket.monitoring.api)


def _alerts(actor: Actor) -> QuerySet[Alert]:
    related = ("district", "assignee", "ad", "tip", "establishment", "created_tip", "police_case")
    return (
        selectors.alert_list(actor=actor)
        .select_related(*related)
        .annotate(ad_visible=Exists(selectors.ad_list(actor=actor).filter(pk=OuterRef("ad_id"))))
    )


def _alert(request: HttpRequest, reference: str, *, manage: bool = False) -> tuple[Actor, Alert]:
    actor = current_actor(request)
    rows = selectors.alert_manageable(actor=actor) if manage else selectors.alert_list(actor=actor)
    return actor, fetch_or_404(rows, reference=reference_of(reference))


def _alert_out(actor: Actor, alert: Alert) -> Alert:
    return _alerts(actor).get(pk=alert.pk)


@router.get("/alerts", response=list[AlertOut])
@paginate(LimitOffset)
@api_requires(VIEW)
def list_alerts(request: HttpRequest, status: AlertStatusFilter | None = None) -> QuerySet[Alert]:
    """Alerts of your districts, newest first; ``status=open`` for new and assigned ones."""
    rows = _alerts(current_actor(request))
    if status == AlertStatusFilter.OPEN:
        rows = rows.filter(status__in=OPEN_ALERT_STATUSES)
    elif status is not None:
        rows = rows.filter(status=status.value)
    return rows.order_by("-created_at", "-pk")


@router.get("/alerts/{reference}", response=AlertOut)
@api_requires(VIEW)
def get_alert(request: HttpRequest, reference: str) -> Alert:
    actor = current_actor(request)
    return fetch_or_404(_alerts(actor), reference=reference_of(reference))


@router.post("/alerts/{reference}/assign", response=AlertOut)
@api_requires(MANAGE)
def assign_alert(request: HttpRequest, reference: str, payload: AssignIn) -> Alert:
    actor, alert = _alert(request, reference, manage=True)
    assignee = User.objects.filter(pk=payload.assignee).first()
    if assignee is None:
        raise ValidationError({"assignee": _("Choose someone who can see this alert.")})
    return _alert_out(actor, alert_assign(actor=actor, alert=alert, assignee=assignee))


@router.post("/alerts/{reference}/dismiss", response=AlertOut)
@api_requires(MANAGE)
def dismiss_alert(request: HttpRequest, reference: str, payload: DismissIn) -> Alert:
    actor, alert = _alert(request, reference, manage=True)
    return _alert_out(actor, alert_dismiss(actor=actor, alert=alert, reason=payload.reason, note=payload.note))


@router.post("/alerts/{reference}/tip", response=AlertOut)
@api_requires(VIEW)
def alert_into_tip(request: HttpRequest, reference: str, payload: TipIn) -> Alert:
    """Register a tip from the alert (needs ``child.manage`` too: a coordinator). The tip's reference is in
    ``created_tip_reference``."""
    actor, alert = _alert(request, reference)
    if not actor.can(Permission.CHILD_MANAGE):
        raise PermissionDenied(Permission.CHILD_MANAGE.value)
    district = district_by_code(payload.district_code, field="district_code")
    with fields_named(district="district_code"):
        alert_to_tip(actor=actor, alert=alert, district=district)
    return _alert_out(actor, alert)


@router.post("/alerts/{reference}/attach", response=AlertOut)
@api_requires(VIEW)
def attach_alert(request: HttpRequest, reference: str, payload: AttachIn) -> Alert:
    """Attach the alert to a police case you manage (needs ``prosecution.manage`` too: a legal officer)."""
    actor, alert = _alert(request, reference)
    if not actor.can(Permission.PROSECUTION_MANAGE):
        raise PermissionDenied(Permission.PROSECUTION_MANAGE.value)
    case = police_case_manageable(actor=actor).filter(reference=reference_of(payload.case_reference)).first()
    if case is None:
        raise ValidationError({"case_reference": _("No such police case among those you manage.")})
    return _alert_out(actor, alert_attach_case(actor=actor, alert=alert, police_case=case))
