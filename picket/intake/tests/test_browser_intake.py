"""In a real Chromium: a field worker takes a helpline call, registers a missing-child report and a found child,
and finds each child by a name typed in the other script."""

import pytest

from picket.accounts.roles import Role
from picket.testing.browser import sign_in_with_new_authenticator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_field_worker_records_a_call_a_missing_child_and_a_found_child_and_finds_them_across_scripts(
    world, browser_page
):
    worker = world.user(Role.FIELD_WORKER, inside=True)
    page = browser_page
    sign_in_with_new_authenticator(page, worker)

    # A Childline 1098 call.
    page.goto("/intake/tips/new/")
    page.select_option("#id_source", "childline_1098")
    page.fill("#id_what_seen", "Caller saw two girls being taken to the station by a man at night.")
    page.select_option("#id_district", str(world.district_a.pk))
    page.fill("#id_children_involved", "2")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/intake/tips/T-*/")
    assert "Childline 1098" in page.content()

    # A missing-child report, the name in Latin script.
    page.goto("/intake/missing/new/")
    page.fill("#id_name", "Pooja Kumari")
    page.select_option("#id_gender", "F")
    page.fill("#id_age_estimate_years", "13")
    page.fill("#id_father_name", "Ramesh Manjhi")
    page.fill("#id_reporter_name", "Ramesh Manjhi")
    page.select_option("#id_reporter_relation", "father")
    page.fill("#id_last_seen_on", "2026-11-01")
    page.select_option("#id_district", str(world.district_a.pk))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/intake/missing/M-*/")
    missing_reference = page.url.rstrip("/").rsplit("/", 1)[-1]

    # A found child, the name in Devanagari.
    page.goto("/intake/found/new/")
    page.fill("#id_name", "सुनीता")
    page.select_option("#id_gender", "F")
    page.fill("#id_age_estimate_years", "12")
    page.fill("#id_found_at", "2026-11-27T09:30")
    page.select_option("#id_district", str(world.district_a.pk))
    page.select_option("#id_how", "railway")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/intake/found/F-*/")
    assert "JJ Act 2015 s.31" in page.content()  # the CWC clock shows its legal source

    # Each found again by a name typed in the other script.
    page.goto("/children/")
    page.fill("#q", "पूजा")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/children/?s=*")
    assert "%" not in page.url  # the name is not in the address
    rows = page.locator("table tbody tr").all_inner_texts()
    assert len(rows) == 1
    page.locator("table tbody a").first.click()
    assert "Pooja Kumari" in page.locator("h1").inner_text()

    page.goto("/children/")
    page.fill("#q", "Sunita")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/children/?s=*")
    page.locator("table tbody a").first.click()
    assert "सुनीता" in page.locator("h1").inner_text()

    page.goto(f"/intake/missing/?q={missing_reference}")
    assert missing_reference in page.locator("main").inner_text()
