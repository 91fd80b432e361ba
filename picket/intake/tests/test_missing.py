"""Missing-child reports: the child, the parents and the report in one transaction; duplicates; lists; status."""

import datetime

import pytest
from django.utils import timezone

from picket.intake.models import MissingReport
from picket.intake.timeline import missing_timeline
from picket.people import selectors as people_selectors
from picket.people.models import Child, FamilyMember
from picket.testing.factories import child_for

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def _report(world, **overrides):
    return {
        "name": "Rani Kumari", "gender": "F", "date_of_birth": "", "age_estimate_years": "12", "languages": "Hindi",
        "identifying_marks": "Mole on the left cheek", "home_district": world.district_a.pk, "home_locality": "Rampur",
        "father_name": "Ramesh Prasad", "mother_name": "Kamla Devi", "reporter_name": "Kamla Devi",
        "reporter_relation": "mother", "reporter_phone": "+91 98765 43210", "district": world.district_a.pk,
        "last_seen_on": _days_ago(4), "last_seen_place": "Weekly market", "circumstances": "Went with a cousin",
        "police_report_kind": "fir", "police_report_number": "112/2026", "police_report_date": _days_ago(3),
        **overrides,
    }  # fmt: skip


def _counts():
    return Child.objects.count(), MissingReport.objects.count(), FamilyMember.objects.count()


@pytest.fixture
def no_duplicates(monkeypatch):
    monkeypatch.setattr(people_selectors, "child_possible_duplicates", lambda **kwargs: [], raising=False)


def test_a_report_writes_the_child_the_parents_and_the_report(world, worker_client, no_duplicates):
    response = worker_client.post("/intake/missing/new/", _report(world))
    report = MissingReport.objects.get()
    assert response["Location"] == f"/intake/missing/{report.reference}/"
    assert "Rani" not in response["Location"]
    child = report.child
    assert (child.name, child.district, child.home_district, child.home_locality) == (
        "Rani Kumari", world.district_a, world.district_a, "Rampur",
    )  # fmt: skip
    family = sorted((m.relation, m.name, m.phone) for m in child.family.all())
    # The mother reported with her phone (added by the service); the father's name came from the form.
    assert family == [("father", "Ramesh Prasad", ""), ("mother", "Kamla Devi", "9876543210")]
    assert (report.police_report_kind, report.police_report_number) == ("fir", "112/2026")
    page = worker_client.get(f"/intake/missing/{report.reference}/").content.decode()
    assert "Rani Kumari" in page and "Mole on the left cheek" in page and "112/2026" in page


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("police_report_date", {"last_seen_on": _days_ago(2), "police_report_date": _days_ago(5)}),
        ("last_seen_on", {"last_seen_on": _days_ago(-2), "police_report_date": ""}),
        ("date_of_birth", {"date_of_birth": _days_ago(-10)}),
        ("age_estimate_years", {"age_estimate_years": "40"}),
        ("district", {"district": "999999"}),
        ("home_district", {"home_district": "999999"}),
        ("last_seen_place", {"last_seen_place": "x" * 600}),
        ("reporter_phone", {"reporter_phone": "12345"}),
        ("police_report_kind", {"police_report_kind": "", "police_report_date": ""}),
        ("reporter_relation", {"reporter_relation": "neighbour"}),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, worker_client, no_duplicates, field, change):
    before = _counts()
    response = worker_client.post("/intake/missing/new/", _report(world, **change))
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert _counts() == before


def test_police_report_before_last_seen_message(world, worker_client, no_duplicates):
    response = worker_client.post(
        "/intake/missing/new/", _report(world, last_seen_on=_days_ago(2), police_report_date=_days_ago(5))
    )
    assert response.context["form"].errors["police_report_date"] == [
        "The police report cannot be dated before the child was last seen."
    ]
    assert _counts() == (0, 0, 0)


def test_possible_duplicates_are_shown_and_need_an_explicit_save_anyway(world, worker, worker_client, monkeypatch):
    existing = child_for(worker, name="Rani Kumari")
    seen = {}

    def duplicates(**kwargs):
        seen.update(kwargs)
        return [existing]

    monkeypatch.setattr(people_selectors, "child_possible_duplicates", duplicates, raising=False)
    before = _counts()
    response = worker_client.post("/intake/missing/new/", _report(world))
    assert response.status_code == 200 and _counts() == before
    assert "save_anyway" in response.context["form"].errors
    page = response.content.decode()
    assert f'href="/children/{existing.reference}/"' in page and 'data-testid="duplicates"' in page
    assert seen["name"] == "Rani Kumari" and seen["district_id"] == world.district_a.pk
    assert seen["father_name"] == "Ramesh Prasad"
    response = worker_client.post("/intake/missing/new/", {**_report(world), "save_anyway": "on"})
    assert response.status_code == 302 and MissingReport.objects.count() == 1


def test_without_the_name_search_installed_reports_still_save(world, worker_client, monkeypatch):
    def missing_module(**kwargs):
        raise ImportError("picket.people.names")

    monkeypatch.setattr(people_selectors, "child_possible_duplicates", missing_module, raising=False)
    assert worker_client.post("/intake/missing/new/", _report(world)).status_code == 302


def test_list_filters_and_name_search(world, worker, worker_client, missing, monkeypatch):
    other_child = child_for(worker, name="Someone Else")
    other = MissingReport.objects.create(
        child=other_child, reporter_name="X", reporter_relation="father", last_seen_on=timezone.localdate(),
        district=world.district_a, organisation=world.organisation_a, created_by=worker, status="traced",
    )  # fmt: skip

    def listed(**params):
        return [r.reference for r in worker_client.get("/intake/missing/", params).context["page"]]

    assert set(listed()) == {missing.reference, other.reference}
    assert listed(status="traced") == [other.reference]
    assert set(listed(district=world.district_a.pk)) == {missing.reference, other.reference}
    assert listed(district=world.district_a2.pk) == []
    assert listed(q=missing.reference[2:6]) == [missing.reference]

    # A name search is POSTed; the results page carries a token, never the name (logs, history, Referer).
    posted = worker_client.post("/intake/missing/", {"name": "गुड्डी कुमारी", "status": "open"})
    assert posted.status_code == 302
    assert "Guddi" not in posted["Location"] and "%" not in posted["Location"].split("s=")[0]
    assert "status=open" in posted["Location"] and "s=" in posted["Location"]
    results = worker_client.get(posted["Location"])
    assert [r.reference for r in results.context["page"]] == [missing.reference]
    assert worker_client.get("/intake/missing/?s=unknown-token").context["page"].paginator.count == 2


def test_status_change_and_timeline(world, worker_client, missing):
    response = worker_client.post(f"/intake/missing/{missing.reference}/status/", {"status": "traced"})
    assert response.status_code == 302
    missing.refresh_from_db()
    assert missing.status == "traced"
    labels = [str(event.label) for event in missing_timeline(missing)]
    assert labels == ["Last seen", "Reported to us", "Status: Traced"]
    refused = worker_client.post(f"/intake/missing/{missing.reference}/status/", {"status": "found"})
    assert "status" in refused.context["status_form"].errors


def test_the_real_duplicate_search_warns_about_the_same_name_in_the_district(world, worker, worker_client):
    pytest.importorskip("picket.people.names")
    existing = child_for(worker, name="Rani Kumari")
    response = worker_client.post("/intake/missing/new/", _report(world))
    assert existing in response.context["duplicates"] and "save_anyway" in response.context["form"].errors
    assert MissingReport.objects.count() == 0
