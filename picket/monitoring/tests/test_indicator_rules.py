"""Indicators as stored data (ADR 18): seeded from the shipped file, edits checked with the real engine and kept
with history, the web process and the worker scoring new ads with the stored rules, rescoring on request, and the
three-way merge when the file changes. Ad texts are invented; phones have the fictional form 90000NNNNN."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.audit.models import AuditEvent
from picket.monitoring.analysis.indicators import default_rules
from picket.monitoring.indicator_catalogue import (
    current_rules,
    load_indicators,
    row_values,
    shipped_text,
)
from picket.monitoring.models import (
    IndicatorRescore,
    IndicatorRevision,
    IndicatorRule,
    IndicatorSetVersion,
    RescoreStatus,
)
from picket.monitoring.pipeline import Ad as ScanAd
from picket.monitoring.pipeline import scan
from picket.monitoring.services_indicators import (
    indicator_save,
    indicator_set_active,
    indicator_try,
    indicators_load,
    rescore_request,
)
from picket.monitoring.tests.storage_helpers import analyst, ingest, local_source
from picket.testing.rolematrix import snapshot

pytestmark = pytest.mark.django_db
SPA = "New young girls in spa 24x7 full service, whatsapp 9000054321"


@pytest.fixture
def admin(world):
    return actor_for(world.user(Role.ADMINISTRATOR, inside=True))


def _rule(code: str) -> IndicatorRule:
    return IndicatorRule.objects.get(code=code)


def _version() -> int:
    return IndicatorSetVersion.objects.get(pk=1).number


def _stored() -> list:
    return snapshot(IndicatorRule.objects.all(), IndicatorRevision.objects.all(), IndicatorSetVersion.objects.all())


def _models():
    return {"rule_model": IndicatorRule, "revision_model": IndicatorRevision, "version_model": IndicatorSetVersion}


# --- seeded from the file ----------------------------------------------------------------------------------------


def test_the_migration_seeds_every_rule_of_the_shipped_file_with_its_history():
    shipped = default_rules()
    rows = {row.code: row for row in IndicatorRule.objects.all()}
    assert list(rows) == [rule.id for rule in shipped.rules]
    for rule in shipped.rules:
        row = rows[rule.id]
        assert (row.weight, row.law, row.description, row.decisive) == (rule.weight, rule.law, rule.description,
                                                                          rule.decisive)  # fmt: skip
        assert tuple(row.positive_examples) == rule.positive and tuple(row.negative_examples) == rule.negative
        assert row.loaded_values == row_values(row)
        assert row.revisions.get().kind == "file"
    assert current_rules().by_id().keys() == shipped.by_id().keys()


def test_stored_rules_score_like_the_file_until_edited():
    texts = [text for rule in default_rules().rules for text in (*rule.positive, *rule.negative)]
    stored, shipped = current_rules(), default_rules()
    from picket.monitoring.analysis import analyse

    for text in texts:
        assert analyse(text, rules=stored).hits == analyse(text, rules=shipped).hits


# --- validation --------------------------------------------------------------------------------------------------


def test_a_pattern_that_does_not_compile_is_refused_naming_the_field_and_line(admin):
    before = _stored()
    rule = _rule("recruitment_fee")
    with pytest.raises(ValidationError) as refused:
        indicator_save(actor=admin, rule=rule, reason="typo", values={"patterns_en": [*rule.patterns_en, "fee (rs"]})
    message = refused.value.message_dict["patterns_en"][0]
    assert f"Line {len(rule.patterns_en) + 1}" in message and "compile" in message
    assert _stored() == before


def test_a_positive_example_that_does_not_fire_is_refused_naming_it(admin):
    before = _stored()
    rule = _rule("passport_held")
    with pytest.raises(ValidationError) as refused:
        indicator_save(actor=admin, rule=rule, reason="more examples",
                       values={"positive_examples": [*rule.positive_examples, "Cooks wanted in Pune"]})  # fmt: skip
    assert refused.value.message_dict["positive_examples"] == ["This example does not fire: “Cooks wanted in Pune”."]
    assert _stored() == before


def test_a_negative_example_that_fires_is_refused_naming_it_and_what_fired(admin):
    before = _stored()
    rule = _rule("round_the_clock")
    with pytest.raises(ValidationError) as refused:
        indicator_save(actor=admin, rule=rule, reason="more examples",
                       values={"negative_examples": [*rule.negative_examples, "Spa open 24x7, call now"]})  # fmt: skip
    message = refused.value.message_dict["negative_examples"][0]
    assert "Spa open 24x7, call now" in message and "24x7" in message
    assert _stored() == before


def test_other_refusals_name_their_field_and_save_nothing(admin):
    before = _stored()
    rule = _rule("round_the_clock")
    cases: list[tuple[dict[str, object], str]] = [
        ({"weight": 11.0}, "weight"), ({"law": " "}, "law"), ({"positive_examples": []}, "positive_examples"),
        ({"patterns_en": [], "patterns_hinglish": [], "patterns_hi": []}, "patterns_en"),
        ({"kind": "sparkle"}, "kind"), ({"age_below": 40}, "age_below"),
    ]  # fmt: skip
    for values, field in cases:
        with pytest.raises(ValidationError) as refused:
            indicator_save(actor=admin, rule=rule, values=values, reason="try")
        assert field in refused.value.message_dict, values
    with pytest.raises(ValidationError) as refused:
        indicator_save(actor=admin, rule=rule, values={"weight": 1.0}, reason="  ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        indicator_save(actor=admin, rule=None, code="round_the_clock", values=row_values(rule), reason="copy")
    assert "code" in refused.value.message_dict
    assert _stored() == before


def test_only_administrators_may_edit(world):
    analyst_actor = analyst(world)
    before = _stored()
    with pytest.raises(PermissionDenied):
        indicator_save(actor=analyst_actor, rule=_rule("girls_only"), values={"weight": 0.5}, reason="weaker")
    with pytest.raises(PermissionDenied):
        indicator_set_active(actor=analyst_actor, rule=_rule("girls_only"), active=False, reason="noisy")
    with pytest.raises(PermissionDenied):
        indicators_load(actor=analyst_actor)
    assert _stored() == before


# --- history and versions ----------------------------------------------------------------------------------------


def test_an_edit_is_kept_with_who_when_what_and_why_and_bumps_the_version(admin):
    rule, version = _rule("girls_only"), _version()
    revision = indicator_save(actor=admin, rule=rule, values={"weight": 0.4, "law": "ITPA 1956 s.5"},
                              reason="Too many genuine hostels flagged")  # fmt: skip
    assert revision is not None and revision.kind == "edited" and revision.changed_by == admin.user
    assert revision.before == {"weight": rule.weight, "law": rule.law}
    assert revision.after == {"weight": 0.4, "law": "ITPA 1956 s.5"}
    assert revision.reason == "Too many genuine hostels flagged" and revision.set_version == version + 1
    assert _version() == version + 1 and _rule("girls_only").weight == 0.4
    assert list(_rule("girls_only").revisions.values_list("kind", flat=True)) == ["edited", "file"]
    event = AuditEvent.objects.filter(object_type="monitoring.indicator").latest("pk")
    assert event.detail == {"kind": "indicator_edited", "fields": ["weight", "law"]}
    assert indicator_save(actor=admin, rule=_rule("girls_only"), values={"weight": 0.4}, reason="again") is None
    assert _version() == version + 1


def test_deactivating_and_reactivating_are_kept_in_the_history(admin):
    rule = _rule("girls_only")
    indicator_set_active(actor=admin, rule=rule, active=False, reason="Noisy on hostel ads")
    assert "girls_only" not in current_rules().by_id()
    assert indicator_set_active(actor=admin, rule=rule, active=False, reason="again") is None
    indicator_set_active(actor=admin, rule=rule, active=True, reason="Needed after all")
    assert "girls_only" in current_rules().by_id()
    kinds = list(_rule("girls_only").revisions.values_list("kind", "after"))
    assert kinds[:2] == [("reactivated", {"is_active": True}), ("deactivated", {"is_active": False})]


def test_an_administrator_may_add_a_rule_that_passes_its_examples(admin):
    values = {**row_values(_rule("round_the_clock")), "description": "Rooms by the hour", "weight": 1.5,
              "patterns_en": [r"\brooms? by the hour\b"], "patterns_hinglish": [], "patterns_hi": [],
              "unless_before": [], "unless_after": [], "requires": [],
              "positive_examples": ["Rooms by the hour, girls available"],
              "negative_examples": ["Rooms for rent by the month"]}  # fmt: skip
    revision = indicator_save(actor=admin, rule=None, code="hourly_rooms", values=values, reason="Seen in Pune ads")
    assert revision is not None and revision.kind == "created" and revision.rule.loaded_values is None
    assert "hourly_rooms" in current_rules().by_id()


# --- the engine uses the stored rules ----------------------------------------------------------------------------


def test_an_edited_weight_changes_a_new_ads_score_but_not_a_stored_one(world, admin):
    actor, source = analyst(world), local_source(world)
    old = ingest(actor, source, SPA).ad
    assert "youth_girls" in {hit["id"] for hit in old.indicators}
    indicator_save(actor=admin, rule=_rule("youth_girls"), values={"weight": 0.1}, reason="Review of spa ads")
    new = ingest(actor, source, SPA.replace("9000054321", "9000054322")).ad
    assert new.risk_score < old.risk_score
    assert {"id": "youth_girls", "weight": 0.1, "counted": True} in new.indicators
    old.refresh_from_db()
    assert {hit["weight"] for hit in old.indicators if hit["id"] == "youth_girls"} == {_weight("youth_girls")}


def _weight(code: str) -> float:
    return default_rules().by_id()[code].weight


def test_the_compiled_rules_follow_the_stored_version_without_being_told(admin):
    first = current_rules()
    assert current_rules() is first  # compiled once per version
    IndicatorRule.objects.filter(code="girls_only").update(weight=0.2)  # as another process would, then:
    assert current_rules() is first
    indicator_save(actor=admin, rule=_rule("round_the_clock"), values={"weight": 1.1}, reason="review")
    reloaded = current_rules()
    assert reloaded is not first and reloaded.version == first.version + 1
    assert reloaded.by_id()["girls_only"].weight == 0.2 and reloaded.by_id()["round_the_clock"].weight == 1.1


def test_picket_monitor_scan_keeps_using_the_shipped_file(admin):
    indicator_save(actor=admin, rule=_rule("youth_girls"), values={"weight": 0.1}, reason="Review of spa ads")
    result = scan([ScanAd("a1", "site", None, "Delhi", SPA)], workers=1, propagate=False)
    from picket.monitoring.analysis import analyse

    assert result.rows[0].risk_score == pytest.approx(analyse(SPA, rules=default_rules()).risk_score)


def test_trying_a_rule_shows_whether_and_on_what_it_fires_and_writes_nothing(admin):
    before = _stored()
    values = {**row_values(_rule("round_the_clock")), "patterns_en": [r"\btill dawn\b"]}
    trial = indicator_try(code="round_the_clock", values=values, text="Massage centre, service till dawn, call")
    assert trial.fires and trial.matched == "till dawn" and trial.counted
    assert trial.score_with > trial.score_now
    assert not indicator_try(code="round_the_clock", values=values, text="Open 24x7").fires
    with pytest.raises(ValidationError) as refused:
        indicator_try(code="round_the_clock", values={**values, "patterns_en": ["(open"]}, text="open")
    assert "patterns_en" in refused.value.message_dict
    assert _stored() == before


def test_rescoring_since_a_date_is_queued_with_the_id_and_rescores_the_ads_seen_since(
    world, admin, django_capture_on_commit_callbacks
):
    actor, source = analyst(world), local_source(world)
    old = ingest(actor, source, SPA).ad
    indicator_save(actor=admin, rule=_rule("youth_girls"), values={"weight": 0.1}, reason="Review of spa ads")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rescore = rescore_request(actor=admin, since=old.last_seen_at.date(), reason="after the review")
    assert len(callbacks) == 1
    rescore.refresh_from_db()
    assert rescore.status == RescoreStatus.DONE and rescore.ads_rescored == 1 and rescore.ads_changed == 1
    assert rescore.set_version == _version()
    old.refresh_from_db()
    assert {"id": "youth_girls", "weight": 0.1, "counted": True} in old.indicators
    assert any(line.startswith("youth_girls (+0.1)") for line in old.reason_lines)
    assert old.network is None or old.network.max_risk >= old.risk_score


def test_a_rescore_needs_a_reason_and_a_date_not_in_the_future(admin, world):
    import datetime

    with pytest.raises(ValidationError):
        rescore_request(actor=admin, since=datetime.date(2020, 1, 1), reason="")
    with pytest.raises(ValidationError):
        rescore_request(actor=admin, since=datetime.date.today() + datetime.timedelta(days=3), reason="why")
    with pytest.raises(PermissionDenied):
        rescore_request(actor=analyst(world), since=datetime.date(2020, 1, 1), reason="why")
    assert not IndicatorRescore.objects.exists()


# --- merging the file on reload ----------------------------------------------------------------------------------


def _changed_file(tmp_path: Path, changes: dict[str, dict]) -> Path:
    """The shipped file with some rules' values replaced (TOML written back by hand: a small subset suffices)."""
    document = tomllib.loads(shipped_text())
    for entry in document["indicator"]:
        entry.update(changes.get(entry["id"], {}))
    path = tmp_path / "indicators.toml"
    path.write_text(_toml(document), encoding="utf-8")
    return path


def _toml(document: dict) -> str:
    import json

    lines = [f"version = {document['version']}", f"bias = {document['bias']}", f"threshold = {document['threshold']}"]
    for entry in document["indicator"]:
        lines.append("[[indicator]]")
        for key, value in entry.items():
            if isinstance(value, dict):
                for sub, item in value.items():
                    lines.append(f"{key}.{sub} = {json.dumps(item, ensure_ascii=False)}")
            elif isinstance(value, bool):
                lines.append(f"{key} = {'true' if value else 'false'}")
            else:
                lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def test_reloading_merges_the_file_with_administrators_edits(tmp_path, admin):
    indicator_save(actor=admin, rule=_rule("girls_only"), values={"weight": 0.4}, reason="hostels")
    indicator_save(actor=admin, rule=_rule("discretion"), values={"law": "ITPA 1956 s.7"}, reason="precise")
    path = _changed_file(tmp_path, {
        "girls_only": {"description": "Only girls or women sought, for work that does not need it."},  # file only
        "round_the_clock": {"weight": 1.25},  # file only, nobody edited it
        "discretion": {"law": "ITPA 1956 s.3"},  # both changed, differently
    })  # fmt: skip
    version = _version()
    report = load_indicators(path=path, **_models())
    assert report.updated == ["round_the_clock", "girls_only"] and report.conflicts == [("discretion", "law")]
    assert _rule("round_the_clock").weight == 1.25
    girls = _rule("girls_only")
    assert girls.weight == 0.4 and girls.description.startswith("Only girls or women sought")  # edit kept, file taken
    assert _rule("discretion").law == "ITPA 1956 s.7"
    assert _version() == version + 1
    revision = _rule("round_the_clock").revisions.first()
    assert (
        revision is not None
        and revision.kind == "file"
        and revision.before == {"weight": default_rules().by_id()["round_the_clock"].weight}
    )
    again = load_indicators(path=path, **_models())
    assert not again.changed and again.conflicts == [("discretion", "law")] and _version() == version + 1


def test_a_merge_that_would_break_a_rules_examples_is_left_out_and_reported(tmp_path, admin):
    rule = _rule("round_the_clock")
    edited = [*rule.negative_examples, "Shop open till 9 pm"]
    indicator_save(actor=admin, rule=rule, values={"negative_examples": edited}, reason="more negatives")
    patterns = dict(
        next(e for e in tomllib.loads(shipped_text())["indicator"] if e["id"] == "round_the_clock")["patterns"]
    )
    patterns["en"] = [*patterns["en"], r"\bopen\b"]  # the file's new pattern fires on the edited negative example
    path = _changed_file(tmp_path, {"round_the_clock": {"patterns": patterns}})
    before = _stored()
    report = load_indicators(path=path, **_models())
    assert [code for code, _ in report.invalid] == ["round_the_clock"] and "negative_examples" in report.invalid[0][1]
    assert _stored() == before


def test_a_rule_created_here_that_the_file_later_ships_is_a_conflict_not_overwritten(tmp_path, admin):
    base = row_values(_rule("round_the_clock"))
    indicator_save(actor=admin, rule=None, code="hourly_rooms", reason="seen in ads", values={
        **base, "weight": 1.5, "patterns_en": [r"\brooms? by the hour\b"], "patterns_hinglish": [], "patterns_hi": [],
        "unless_before": [], "unless_after": [], "requires": [],
        "positive_examples": ["Rooms by the hour"], "negative_examples": ["Rooms by the month"]})  # fmt: skip
    document = tomllib.loads(shipped_text())
    document["indicator"].append({
        "id": "hourly_rooms", "weight": 2.0, "description": "Rooms by the hour", "law": "ITPA 1956 s.3",
        "patterns": {"en": [r"\brooms? by the hour\b"]},
        "examples": {"positive": ["Rooms by the hour"], "negative": ["Rooms by the month"]},
    })  # fmt: skip
    path = tmp_path / "indicators.toml"
    path.write_text(_toml(document), encoding="utf-8")
    report = load_indicators(path=path, **_models())
    assert ("hourly_rooms", "weight") in report.conflicts and _rule("hourly_rooms").weight == 1.5
    assert report.not_in_file == []


def test_picket_monitor_load_indicators_merges_the_shipped_file_and_keeps_edits(admin):
    """The operator's command after an upgrade: an administrator's edit survives, the run is audited."""
    from io import StringIO

    from django.core.management import call_command

    indicator_save(actor=admin, rule=_rule("girls_only"), values={"weight": 0.4}, reason="Too many hostels")
    minor = _rule("minor_age")  # as if the file shipped a rule the database does not have yet
    IndicatorRevision.objects.filter(rule=minor).delete()
    minor.delete()
    out = StringIO()
    call_command("monitor", "load-indicators", stdout=out, stderr=StringIO())
    assert "indicators: 1 created" in out.getvalue()
    assert _rule("girls_only").weight == 0.4 and _rule("minor_age").is_active
    event = AuditEvent.objects.filter(object_type="monitoring.indicator").latest("pk")
    assert event.detail["kind"] == "indicators_load" and event.detail["added"] == 1
