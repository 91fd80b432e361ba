"""Administrators edit the risk indicators (``MONITORING_INDICATORS_MANAGE``), with history (ADR 18).

Every change is checked with the real engine before anything is written (``rule_problems``), is kept as an
``IndicatorRevision`` with who, when, the fields before and after and a required reason, is audited, and gives
the stored rule set a new version, so every process scores new ads with it. Ads already stored keep their
scores until an administrator asks for a rescore of the ads seen since a date (a background task).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from picket.accounts.access import Actor
from picket.accounts.permissions import Permission
from picket.audit.models import AuditAction
from picket.monitoring.analysis import analyse
from picket.monitoring.analysis.indicators import RuleError, rule_set
from picket.monitoring.common import audit
from picket.monitoring.indicator_catalogue import (
    PATTERN_FIELDS,
    RULE_FIELDS,
    LoadReport,
    current_rules,
    entry_of,
    fired_on,
    load_indicators,
    row_values,
    rule_problems,
    single_rule_set,
    version_bump,
)
from picket.monitoring.models import (
    Ad,
    IndicatorRescore,
    IndicatorRevision,
    IndicatorRevisionKind,
    IndicatorRule,
    IndicatorSetVersion,
    Network,
    RescoreStatus,
)

MANAGE: Final = Permission.MONITORING_INDICATORS_MANAGE
READERS: Final = (Permission.MONITORING_VIEW, Permission.MONITORING_INDICATORS_MANAGE)
REASON_LIMIT: Final = 2000
TRY_TEXT_LIMIT: Final = 20_000
RESCORE_CHUNK: Final = 500


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why.")})
    if len(reason) > REASON_LIMIT:
        raise ValidationError({"reason": _("At most %(n)d characters.") % {"n": REASON_LIMIT}})
    return reason


def indicators_load(*, actor: Actor) -> LoadReport:
    """Merge the shipped ``data/indicators.toml`` with the stored rules (after an upgrade); see
    ``indicator_catalogue.load_indicators``."""
    actor.require(MANAGE)
    with transaction.atomic():
        report = load_indicators(
            rule_model=IndicatorRule, revision_model=IndicatorRevision, version_model=IndicatorSetVersion,
            user=actor.user,
        )  # fmt: skip
        audit("indicator", 0, AuditAction.ADMIN_ACTION, user=actor.user, kind="indicators_load",
              added=len(report.created), updated=len(report.updated), unchanged=len(report.unchanged))  # fmt: skip
    return report


def indicator_save(
    *, actor: Actor, rule: IndicatorRule | None, values: dict[str, Any], reason: str, code: str = ""
) -> IndicatorRevision | None:
    """Create a rule (``rule`` None, ``code`` its id) or edit one. Refused with a ``ValidationError`` keyed by the
    field (naming the failing example) unless its patterns compile and its own examples behave; nothing is
    written then. Returns the revision, or None when nothing changed."""
    actor.require(MANAGE)
    reason = _reason(reason)
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be edited here.")})
    code = rule.code if rule is not None else code.strip()
    current = row_values(rule) if rule is not None else None
    merged = {**(current or {}), **values}
    missing = set(RULE_FIELDS) - set(merged)
    if missing:
        raise ValidationError({sorted(missing)[0]: _("This field is required.")})
    merged["weight"] = float(merged["weight"])
    problems = rule_problems(code, merged)
    if rule is None and IndicatorRule.objects.filter(code=code).exists():
        problems.setdefault("code", []).append(_("An indicator with this id exists."))
    if problems:
        raise ValidationError(problems)
    changed = [name for name in RULE_FIELDS if current is None or merged[name] != current[name]]
    if not changed:
        return None
    with transaction.atomic():
        if rule is None:
            position = (IndicatorRule.objects.aggregate(last=Max("position"))["last"] or 0) + 1
            rule = IndicatorRule(code=code, position=position, loaded_values=None)
            kind = IndicatorRevisionKind.CREATED
        else:
            rule = IndicatorRule.objects.select_for_update().get(pk=rule.pk)
            kind = IndicatorRevisionKind.EDITED
        for name in changed:
            setattr(rule, name, merged[name])
        rule.updated_at = timezone.now()
        rule.save()
        revision = IndicatorRevision.objects.create(
            rule=rule, kind=kind, changed_by=actor.user, reason=reason, set_version=version_bump(IndicatorSetVersion),
            before={n: current[n] for n in changed} if current else {}, after={n: merged[n] for n in changed},
        )  # fmt: skip
        audit("indicator", rule.pk, AuditAction.CREATE if current is None else AuditAction.UPDATE,
              user=actor.user, kind=f"indicator_{kind}", fields=changed)  # fmt: skip
    return revision


def indicator_set_active(*, actor: Actor, rule: IndicatorRule, active: bool, reason: str) -> IndicatorRevision | None:
    """Deactivate a rule (new ads are scored without it) or reactivate it; None when it already is so."""
    actor.require(MANAGE)
    reason = _reason(reason)
    with transaction.atomic():
        rule = IndicatorRule.objects.select_for_update().get(pk=rule.pk)
        if rule.is_active == active:
            return None
        if active and rule_problems(rule.code, row_values(rule)):  # e.g. the engine changed since it was saved
            raise ValidationError({"reason": _("The rule no longer passes its own examples; edit it first.")})
        rule.is_active, rule.updated_at = active, timezone.now()
        rule.save(update_fields=["is_active", "updated_at"])
        kind = IndicatorRevisionKind.REACTIVATED if active else IndicatorRevisionKind.DEACTIVATED
        revision = IndicatorRevision.objects.create(
            rule=rule, kind=kind, changed_by=actor.user, reason=reason, set_version=version_bump(IndicatorSetVersion),
            before={"is_active": not active}, after={"is_active": active},
        )  # fmt: skip
        audit("indicator", rule.pk, user=actor.user, kind=f"indicator_{kind}", fields=["is_active"])
    return revision


# --- trying a rule on a text -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trial:
    fires: bool
    matched: str  # the words that made it fire ("" when it does not)
    counted: bool  # False when a decisive rule switched this counter-indicator off
    score_with: float  # the text's risk score with this version of the rule among the active rules
    score_now: float  # … and with the active rules as stored


def indicator_try(*, code: str, values: dict[str, Any], text: str) -> Trial:
    """Whether a rule (perhaps not saved yet) fires on ``text``, on what, and what the text would score. Writes
    nothing and keeps nothing; patterns that do not compile are a ``ValidationError`` keyed by the field."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Give a text to try the rule on.")})
    if len(text) > TRY_TEXT_LIMIT:
        raise ValidationError({"text": _("At most %(n)d characters.") % {"n": TRY_TEXT_LIMIT}})
    problems = {k: v for k, v in rule_problems(code, values).items() if k in (*PATTERN_FIELDS, "kind", "weight")}
    if problems:
        raise ValidationError(problems)
    try:
        alone = single_rule_set(code, values)
    except RuleError as error:
        raise ValidationError(str(error)) from None
    matched = fired_on(alone, code, text)
    now = current_rules()
    others = [entry_of(r.code, row_values(r)) for r in IndicatorRule.objects.filter(is_active=True).exclude(code=code)]
    with_rule = rule_set([*others, entry_of(code, values)], bias=now.bias, threshold=now.threshold, version=0)
    analysis = analyse(text, rules=with_rule)
    hit = next((h for h in analysis.hits if h.indicator == code), None)
    return Trial(
        fires=matched is not None, matched=matched or "", counted=hit.counted if hit else False,
        score_with=analysis.risk_score, score_now=analyse(text, rules=now).risk_score,
    )  # fmt: skip


# --- rescoring stored ads -----------------------------------------------------------------------------------------


def rescore_request(*, actor: Actor, since: datetime.date, reason: str) -> IndicatorRescore:
    """Queue a rescore of the ads seen on or after ``since`` with the current rules (the task gets the id)."""
    actor.require(MANAGE)
    reason = _reason(reason)
    if since > timezone.localdate():
        raise ValidationError({"since": _("The date is in the future.")})
    from picket.monitoring.tasks_indicators import indicators_rescore

    assert actor.user is not None
    with transaction.atomic():
        version = IndicatorSetVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0
        rescore = IndicatorRescore.objects.create(
            since=since, requested_by=actor.user, reason=reason, set_version=version
        )
        audit("indicator_rescore", rescore.pk, AuditAction.ADMIN_ACTION, user=actor.user, kind="indicators_rescore")
        transaction.on_commit(lambda: indicators_rescore.enqueue(rescore.pk))
    return rescore


def _since(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def rescore_run(rescore_id: int) -> IndicatorRescore:
    """Score again every ad last seen on or after the request's date; networks' highest risk follows."""
    rescore = IndicatorRescore.objects.get(pk=rescore_id)
    if rescore.status in (RescoreStatus.DONE, RescoreStatus.RUNNING):
        return rescore
    rescore.status = RescoreStatus.RUNNING
    rescore.save(update_fields=["status"])
    rules = current_rules()
    rescored = changed = 0
    networks: set[int] = set()
    try:
        ads = Ad.objects.filter(last_seen_at__gte=_since(rescore.since)).order_by("pk")
        for ad in ads.iterator(chunk_size=RESCORE_CHUNK):
            analysis = analyse(ad.text, rules=rules)
            indicators = [{"id": h.indicator, "weight": h.weight, "counted": h.counted} for h in analysis.hits]
            rescored += 1
            if ad.risk_score == analysis.risk_score and ad.indicators == indicators:
                continue
            ad.risk_score, ad.flagged, ad.indicators = analysis.risk_score, analysis.flagged, indicators
            ad.reasons = json.dumps(analysis.reasons(), ensure_ascii=False)
            ad.save(update_fields=["risk_score", "flagged", "indicators", "reasons"])
            changed += 1
            if ad.network_id:
                networks.add(ad.network_id)
        for network_id in networks:
            top = Ad.objects.filter(network_id=network_id).aggregate(top=Max("risk_score"))["top"] or 0.0
            Network.objects.filter(pk=network_id).update(max_risk=top)
    except Exception:
        IndicatorRescore.objects.filter(pk=rescore.pk).update(status=RescoreStatus.FAILED, finished_at=timezone.now())
        raise
    rescore.status, rescore.finished_at = RescoreStatus.DONE, timezone.now()
    rescore.ads_rescored, rescore.ads_changed, rescore.set_version = rescored, changed, rules.version
    rescore.save()
    audit("indicator_rescore", rescore.pk, AuditAction.UPDATE, kind="indicators_rescored", count=changed)
    return rescore
