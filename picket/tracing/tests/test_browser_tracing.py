"""In a real Chromium: a case worker registers a found child; the engine's candidates appear in the review queue
with their explanation; confirming closes the missing report and starts reunification. A candidate whose report
is held by another district shows that report redacted until that district approves."""

import pytest

from picket.accounts.roles import Role
from picket.intake.models import CaseStatus, MissingReport
from picket.testing.browser import sign_in_with_new_authenticator
from picket.tracing.models import MatchCandidate

from .conftest import report_missing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _register_found(page, world, *, name, father="", home_district=None):
    page.goto("/intake/found/new/")
    page.fill("#id_name", name)
    page.select_option("#id_gender", "F")
    page.fill("#id_age_estimate_years", "13")
    if father:
        page.fill("#id_father_name", father)
    if home_district is not None:
        page.select_option("#id_home_district", str(home_district.pk))
    page.fill("#id_found_at", "2026-11-27T09:30")
    page.select_option("#id_district", str(world.district_a.pk))
    page.select_option("#id_how", "railway")
    page.click("main form button[type=submit]")
    if page.locator("#id_save_anyway").count():  # a child of a similar name is registered: say it is another record
        page.check("#id_save_anyway")
        page.click("main form button[type=submit]")
    page.wait_for_url("**/intake/found/F-*/")
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def test_a_case_worker_confirms_a_match_and_a_cross_district_record_opens_on_approval(world, browser_page, live_server):
    worker_a = world.user(Role.CASE_WORKER, inside=True)
    worker_b = world.user(Role.CASE_WORKER, inside=False)
    ours = report_missing(worker_a, district=world.district_a, name="Pooja Kumari", father_name="Ramesh Prasad")
    theirs = report_missing(
        worker_b, district=world.district_b, name="Rinki Oraon", father_name="Budhu Oraon", mother_name="Somari Devi"
    )
    page = browser_page
    sign_in_with_new_authenticator(page, worker_a)

    found_reference = _register_found(page, world, name="पूजा", father="रमेश", home_district=world.district_a)
    page.goto("/tracing/")
    row = page.locator("[data-testid=link-queue] tbody tr", has_text=found_reference).filter(has_text=ours.reference)
    assert "Likely match" in row.inner_text()
    row.locator("a", has_text="Review").click()
    explanation = page.locator("[data-testid=explanation]").inner_text()
    assert "Ramesh Prasad ≈ रमेश" in explanation and "Pooja Kumari ≈ पूजा" in explanation
    page.locator("summary", has_text="Confirm").click()
    page.fill("#id_note", "The father identified her by video call.")
    page.click("[data-testid=confirm]")
    page.wait_for_url("**/tracing/reunifications/*/")
    steps = page.locator("[data-testid=steps]").inner_text()
    assert "Home verification" in steps and "CWC restoration order" in steps and "Handover" in steps
    page.fill("#id_notes", "Home visited in District A; parents present; school enrolment possible.")
    page.click("[data-testid=record-step]")
    assert page.locator("[data-testid=steps] tr[data-kind=home_verification] td").nth(2).inner_text() != "—"
    page.goto(f"/intake/missing/{ours.reference}/")
    assert page.locator("[data-testid=status]").inner_text() == "Traced"
    assert MissingReport.objects.get(pk=ours.pk).status == CaseStatus.TRACED

    # A girl found in district A whose report is held by district B.
    found_reference = _register_found(page, world, name="Rinki", home_district=world.district_b)
    candidate = MatchCandidate.objects.get(found_child__reference=found_reference, missing_report=theirs)
    page.goto(f"/tracing/candidates/{candidate.pk}/")
    report_side = page.locator("[data-testid=side-missing]")
    assert report_side.get_attribute("data-opened") == "no"
    assert theirs.reference in report_side.inner_text() and "District B" in report_side.inner_text()
    assert "Budhu" not in page.content() and "Somari" not in page.content()
    assert page.locator("[data-testid=explanation]").count() == 0
    assert page.locator("[data-testid=confirm]").count() == 0
    page.click("[data-testid=request-access]")
    assert "Awaiting approval" in page.locator("[data-testid=my-request]").inner_text()

    # District B's case worker, in another browser, approves.
    other = page.context.browser.new_context(base_url=live_server.url)
    try:
        page_b = other.new_page()
        sign_in_with_new_authenticator(page_b, worker_b)
        page_b.goto("/tracing/")
        page_b.locator("[data-testid=access-requests] a").first.click()
        page_b.locator("[data-testid=decide-access] button", has_text="Approve").click()
        page_b.wait_for_load_state()
        assert page_b.locator("[data-testid=decide-access]").count() == 0
    finally:
        other.close()

    page.goto(f"/tracing/candidates/{candidate.pk}/")
    assert page.locator("[data-testid=side-missing]").get_attribute("data-opened") == "yes"
    assert "Budhu Oraon" in page.locator("[data-testid=side-missing]").inner_text()
    assert page.locator("[data-testid=explanation]").count() == 1
    assert page.locator("[data-testid=confirm]").count() == 1
