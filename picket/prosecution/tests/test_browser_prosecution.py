"""In a real Chromium: a legal officer enters a case from FIR to judgment, sees every deadline with its legal
source, and watches the chargesheet deadline move when the accused's remand date is corrected."""

import pytest

from picket.prosecution.tests.factories import legal_officer, police_station
from picket.testing.browser import sign_in_with_new_authenticator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _event(page, action, fields, *, selects=None, checks=()):
    page.click(f"#event-{action} summary")
    for name, value in fields.items():
        page.fill(f"#id_{action}-{name}", value)
    for name, value in (selects or {}).items():
        page.select_option(f"#id_{action}-{name}", value)
    for selector in checks:
        page.check(selector)
    page.click(f"#event-{action} button[type=submit]")
    page.wait_for_load_state()
    assert "errorlist" not in page.content(), page.locator(".errorlist").all_inner_texts()


def _last_day(page, rule):
    return page.locator(f"[data-testid=deadlines] tr[data-rule={rule}] [data-testid=last-day]").inner_text()


def test_a_legal_officer_enters_a_case_from_fir_to_judgment(world, browser_page):
    officer = legal_officer(world)
    station = police_station(world)
    page = browser_page
    sign_in_with_new_authenticator(page, officer)

    page.goto("/prosecution/cases/new/")
    page.fill("#id_fir_number", "FIR 0417/2025")
    page.fill("#id_fir_registered_on", "2025-01-05")
    page.select_option("#id_police_station", str(station.pk))
    page.select_option("#id_district", str(world.district_a.pk))
    page.fill("#id_sections", "BNS 137(2), POCSO 8")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/prosecution/cases/P-*/")
    assert "BNSS 193(2)" in page.content()  # the two-month investigation clock, with its source

    _event(page, "accused", {"name": "Kalu Ram Yadav", "arrested_on": "2025-01-09", "first_remand_on": "2025-01-10"},
           selects={"custody_status": "judicial_custody"})  # fmt: skip
    assert _last_day(page, "chargesheet_default_bail").startswith("2025-03-10")
    assert "BNSS 187(3)" in page.content()

    accused_id = page.locator("#id_custody-case_accused option").nth(1).get_attribute("value")
    _event(page, "custody", {"arrested_on": "2025-01-09", "first_remand_on": "2025-01-15"},
           selects={"case_accused": accused_id, "custody_status": "judicial_custody"})  # fmt: skip
    assert _last_day(page, "chargesheet_default_bail").startswith("2025-03-15")

    _event(page, "chargesheet", {"filed_on": "2025-02-20", "sections": "POCSO 8"}, selects={"kind": "first"},
           checks=["#id_chargesheet-accused_0"])  # fmt: skip
    _event(page, "court", {"court_name": "Special Court (POCSO)", "cnr_number": "ABCD010012342025",
                           "cognizance_on": "2025-03-01"}, selects={"court_kind": "special_pocso"})  # fmt: skip
    assert _last_day(page, "pocso_child_evidence").startswith("2025-03-31")
    court_id = page.locator("#id_hearing-court_case option").nth(1).get_attribute("value")
    _event(page, "hearing", {"held_on": "2025-03-10", "next_on": "2025-03-20"},
           selects={"court_case": court_id, "purpose": "charge"})  # fmt: skip
    _event(page, "trial", {"cognizance_on": "2025-03-01", "charges_framed_on": "2025-03-20",
                           "child_evidence_on": "2025-03-28", "arguments_concluded_on": "2025-06-10"},
           selects={"court_case": court_id})  # fmt: skip
    _event(page, "judgment", {"section": "POCSO 8", "decided_on": "2025-07-01", "imprisonment_months": "48"},
           selects={"court_case": court_id, "case_accused": accused_id, "verdict": "convicted"})  # fmt: skip
    content = page.content()
    for source in ("POCSO Act s.35(1)", "POCSO Act s.35(2)", "BNSS 251", "BNSS 258"):
        assert source in content, source
    statuses = page.locator("[data-testid=deadlines] tr[data-status]").evaluate_all(
        "rows => rows.map(r => r.dataset.rule + ':' + r.dataset.status)"
    )
    assert "chargesheet_default_bail:met" in statuses and "judgment_after_arguments:met" in statuses
