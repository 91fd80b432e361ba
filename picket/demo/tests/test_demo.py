import datetime

import pytest
from django.core.management import call_command

from picket.accounts.models import Organisation, User
from picket.accounts.roles import Role
from picket.demo.generator import demo_data_load, demo_geography_load
from picket.geo.models import District, State

pytestmark = pytest.mark.django_db


def test_demo_creates_one_user_per_role_with_working_random_passwords():
    assert demo_geography_load() is True
    credentials = demo_data_load()
    assert sorted(c.role for c in credentials) == sorted(str(r.label) for r in Role)
    assert len({c.password for c in credentials}) == len(credentials)
    for credential in credentials:
        assert User.objects.get(username=credential.username).check_password(credential.password)
    assert Organisation.objects.filter(name__endswith="(demo)").count() >= 7 * 5
    districts_with_organisations = District.objects.filter(organisations__isnull=False).distinct().count()
    assert districts_with_organisations >= 7


def test_demo_load_is_idempotent_and_keeps_existing_geography(capsys):
    call_command("demo")
    first = capsys.readouterr().out
    assert "passwords are shown only this once" in first
    states = State.objects.count()
    call_command("demo")
    assert "nothing changed" in capsys.readouterr().out
    assert State.objects.count() == states
    assert demo_geography_load() is False


def test_demo_children_are_spread_over_districts_and_scoped_like_real_ones():
    from picket.accounts.access import actor_for
    from picket.people.models import Child
    from picket.people.selectors import child_list

    demo_geography_load()
    demo_data_load()
    assert Child.objects.values("district").distinct().count() == 7
    assert all(child.name for child in Child.objects.all()[:5])  # decrypts
    field_worker = User.objects.get(username="demo-field-worker")
    visible = child_list(actor=actor_for(field_worker))
    # eight per district, a child reported missing found again at Gaya, four children rescued in Gaya (prosecution)
    assert visible.count() == 8 + 1 + 4
    assert set(visible.values_list("district__name", flat=True)) == {"GAYA"}


def test_demo_has_reports_found_children_and_tips_in_every_district():
    from picket.intake.models import FoundChild, MissingReport, Tip

    demo_geography_load()
    demo_data_load()
    for model in (MissingReport, FoundChild, Tip):
        assert model.objects.values("district").distinct().count() == 7, model.__name__


def test_demo_tracing_puts_children_found_again_in_the_gaya_review_queue(django_capture_on_commit_callbacks):
    from picket.accounts.access import actor_for
    from picket.tracing.models import MatchCandidate
    from picket.tracing.selectors import review_queue, sides_outside

    demo_geography_load()
    with django_capture_on_commit_callbacks(execute=True):
        demo_data_load()
    worker = User.objects.get(username="demo-case-worker")
    queue = list(review_queue(actor=actor_for(worker)).filter(kind="link", decision="match"))
    # One found at Gaya station (fully open to Gaya's team), one in New Delhi (the Delhi record closed).
    found_children = [c.found_child for c in queue if c.found_child is not None]
    assert len(found_children) == len(queue)
    assert sorted(f.district.name for f in found_children) == ["GAYA", "NEW DELHI"]
    closed = {f.district.name: sides_outside(actor=actor_for(worker), candidate=c, approved_count=True)
              for f, c in zip(found_children, queue, strict=True)}  # fmt: skip
    assert closed["GAYA"] == [] and [s.name for s in closed["NEW DELHI"]] == ["found"]
    assert MatchCandidate.objects.count() >= 2


def test_demo_prosecution_fills_the_legal_officers_docket_calendar_and_dashboard():
    from django.test import Client
    from django.utils import timezone

    from picket.accounts.access import actor_for
    from picket.prosecution.calendar import calendar_feed_create, calendar_for
    from picket.prosecution.dashboard import prosecution_figures
    from picket.prosecution.docket import docket_for
    from picket.prosecution.models import PoliceCase, RescueOperation
    from picket.prosecution.repeat_offenders import repeat_offender_candidates
    from picket.prosecution.selectors import police_case_list
    from picket.testing.auth import login_verified

    demo_geography_load()
    demo_data_load()
    officer = User.objects.get(username="demo-legal-officer")
    actor = actor_for(officer)
    today = timezone.localdate()
    assert RescueOperation.objects.filter(district__lgd_code=196).count() == 2
    assert set(PoliceCase.objects.values_list("district__name", flat=True)) == {"GAYA", "MUZAFFARPUR"}

    docket = docket_for(actor=actor, today=today)
    rules = {d.rule for d in docket.deadlines}
    # this morning's rescue (a child not yet before the CWC), the day-50 custody, the child's evidence due
    assert {"jj31_cwc_production", "chargesheet_default_bail", "pocso_child_evidence"} <= rules
    [in_custody] = docket.custody_without_chargesheet
    assert in_custody.first_remand_on is not None
    assert (today - in_custody.first_remand_on).days + 1 == 50  # day 50 of 60: default bail in ten days
    assert [h.next_on for h in docket.next_dates] == [today + datetime.timedelta(days=3)]

    feed, _token = calendar_feed_create(actor=actor)
    text = calendar_for(feed)
    assert "Next hearing" in text and "Last day: Chargesheet before default bail" in text

    figures = prosecution_figures(police_case_list(actor=actor), today=today)
    assert figures.cases == 3 and figures.conviction_rate == 1.0 and figures.median_days_to_judgment is not None
    page = login_verified(Client(), officer).get("/prosecution/").content.decode()
    assert in_custody.police_case.reference in page

    # the kiln case's accused, written in Devanagari, is suggested as the convicted man of the older case
    person = in_custody.accused
    [candidate] = repeat_offender_candidates(actor=actor, person=person)
    assert candidate.reasons == ["name", "father_name"] and len(candidate.case_references) == 1


def test_demo_monitoring_desk_has_flagged_ads_networks_and_both_kinds_of_alert():
    """The demo monitoring analyst's desk is not empty: ads imported through the real path, networks, an
    unregistered placement agency advertising and a watched phone brought back by a later ad."""
    from django.test import Client

    from picket.monitoring.models import Ad, Alert, AlertKind, Network
    from picket.testing.auth import login_verified

    demo_geography_load()
    demo_data_load()
    assert Ad.objects.count() > 100 and Ad.objects.filter(flagged=True).count() > 20
    assert Network.objects.filter(merged_into__isnull=True).count() > 5
    kinds = set(Alert.objects.values_list("kind", flat=True))
    assert AlertKind.WATCHLIST in kinds and AlertKind.UNREGISTERED_AGENCY in kinds
    client = login_verified(Client(), User.objects.get(username="demo-monitoring-analyst"))
    page = client.get("/monitoring/").content.decode()
    flagged = Ad.objects.filter(flagged=True).order_by("-risk_score").first()
    assert flagged is not None and flagged.reference in page
    assert "(demo)" in client.get("/monitoring/establishments/").content.decode()
