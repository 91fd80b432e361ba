"""In a real Chromium: a legal officer enters a case from the rescue to the judgment — the rescue with its children
(found-child records) and their CWC clocks, the FIR recorded from the rescue, accused, remand, chargesheet, court
case, cognizance, hearings, the child's evidence, judgment and compensation — sees every deadline with its legal
source, and watches the chargesheet deadline move when the accused's remand date is corrected."""

import datetime

import pytest

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.intake import services as intake_services
from picket.prosecution.deadlines import IST
from picket.prosecution.models import PoliceCase
from picket.prosecution.rules import RULES
from picket.prosecution.tests.factories import legal_officer, police_station
from picket.testing.browser import sign_in_with_new_authenticator
from picket.testing.factories import child_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESCUED_AT = datetime.datetime(2025, 1, 4, 9, 0, tzinfo=IST)


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


def _rows(page):
    return page.locator("[data-testid=deadlines] tr[data-rule]")


def _last_day(page, rule):
    return page.locator(f"[data-testid=deadlines] tr[data-rule={rule}] [data-testid=last-day]").first.inner_text()


def _rescued_children(world):
    """Two children found in the rescue (recorded by a case worker): one produced before the CWC in 6 hours,
    one whose production is not recorded."""
    worker = world.user(Role.CASE_WORKER, inside=True)
    records = []
    for name, produced in (("Munni Kumari", RESCUED_AT + datetime.timedelta(hours=6)), ("Chhotu Manjhi", None)):
        child = child_for(worker, name=name)
        records.append(intake_services.found_child_register(
            actor=actor_for(worker), child=child, found_at=RESCUED_AT, district=child.district, how="rescue",
            produced_before_cwc_at=produced,
        ))  # fmt: skip
    return records


def test_a_legal_officer_enters_a_case_from_rescue_to_judgment(world, browser_page):
    officer = legal_officer(world)
    station = police_station(world)
    produced, not_produced = _rescued_children(world)
    page = browser_page
    sign_in_with_new_authenticator(page, officer)

    # The rescue operation: the children rescued are the found-child records; each has its CWC clock (JJ Act s.31).
    page.goto("/prosecution/")
    page.click("text=Record a rescue")
    page.fill("#id_rescued_at", "2025-01-04T09:00")
    page.select_option("#id_district", str(world.district_a.pk))
    page.fill("#id_place", "Brick kiln near the canal")
    page.select_option("#id_lead_agency", str(station.pk))
    page.fill("#id_found_references", f"{produced.reference}, {not_produced.reference}")
    page.fill("#id_evidence_seized", "Wage register, two phones")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/prosecution/rescues/R-*/")
    assert "JJ Act 2015 s.31" in page.content()
    statuses = _rows(page).evaluate_all("rows => rows.map(r => r.dataset.rule + ':' + r.dataset.status)")
    assert sorted(statuses) == ["jj31_cwc_production:met", "jj31_cwc_production:missed"]
    assert _last_day(page, "jj31_cwc_production").startswith("2025-01-05")  # 24 hours from 09:00 IST

    # The police case, recorded from the rescue: the rescue is chosen, its children become the victims.
    page.click("[data-testid=record-case]")
    page.wait_for_url("**/prosecution/cases/new/?rescue=R-*")
    assert page.locator("#id_rescue_operation").input_value().startswith("R-")
    page.fill("#id_fir_number", "FIR 0417/2025")
    page.fill("#id_fir_registered_on", "2025-01-05")
    page.fill("#id_offence_on", "2025-01-04")
    page.select_option("#id_police_station", str(station.pk))
    page.fill("#id_sections", "BNS 137(2), POCSO 8")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/prosecution/cases/P-*/")
    case = PoliceCase.objects.get()
    victims = {child.pk for child in case.victims.all()}
    assert case.rescue_operation is not None and victims == {produced.child_id, not_produced.child_id}
    content = page.content()
    assert "BNSS 193(2)" in content and "JJ Act 2015 s.31" in content  # the rescue's clocks are on the case page
    assert case.rescue_operation.reference in content

    # Accused, arrest and first remand; then the remand date corrected moves the chargesheet deadline.
    accused = {"name": "Kalu Ram Yadav", "father_name": "Bhola Yadav", "arrested_on": "2025-01-09",
               "first_remand_on": "2025-01-10"}  # fmt: skip
    _event(page, "accused", accused, selects={"custody_status": "judicial_custody"},
           checks=["#id_accused-apprehended_in_rescue"])  # fmt: skip
    assert _last_day(page, "chargesheet_default_bail").startswith("2025-03-10")
    assert "BNSS 187(3)" in page.content()
    accused_id = page.locator("#id_custody-case_accused option").nth(1).get_attribute("value")
    _event(page, "custody", {"arrested_on": "2025-01-09", "first_remand_on": "2025-01-15"},
           selects={"case_accused": accused_id, "custody_status": "judicial_custody"})  # fmt: skip
    assert _last_day(page, "chargesheet_default_bail").startswith("2025-03-15")
    _event(page, "bail", {"heard_on": "2025-02-01"},
           selects={"case_accused": accused_id, "outcome": "rejected", "opposed_by": "prosecution"})  # fmt: skip

    # Chargesheet, court case with cognizance, hearings, the child's evidence, judgment, compensation.
    _event(page, "chargesheet", {"filed_on": "2025-02-20", "sections": "POCSO 8"}, selects={"kind": "first"},
           checks=["#id_chargesheet-accused_0"])  # fmt: skip
    _event(page, "court", {"court_name": "Special Court (POCSO)", "cnr_number": "ABCD010012342025",
                           "cognizance_on": "2025-03-01"}, selects={"court_kind": "special_pocso"})  # fmt: skip
    assert _last_day(page, "pocso_child_evidence").startswith("2025-03-31")
    court_id = page.locator("#id_hearing-court_case option").nth(1).get_attribute("value")
    _event(page, "hearing", {"held_on": "2025-03-10", "next_on": "2025-03-20"},
           selects={"court_case": court_id, "purpose": "charge"})  # fmt: skip
    assert _last_day(page, "charges_framed").startswith("2025-05-09")
    _event(page, "hearing", {"held_on": "2025-03-28"}, selects={"court_case": court_id, "purpose": "child_evidence"})
    _event(page, "trial", {"cognizance_on": "2025-03-01", "charges_framed_on": "2025-03-20",
                           "child_evidence_on": "2025-03-28", "arguments_concluded_on": "2025-06-10"},
           selects={"court_case": court_id})  # fmt: skip
    _event(page, "witness", {"examined_on": "2025-03-28"}, selects={"court_case": court_id, "kind": "victim"})
    _event(page, "judgment", {"section": "POCSO 8", "decided_on": "2025-07-01", "imprisonment_months": "48"},
           selects={"court_case": court_id, "case_accused": accused_id, "verdict": "convicted"})  # fmt: skip
    _event(page, "compensation", {"amount_rupees": "300000", "ordered_on": "2025-07-01"},
           selects={"court_case": court_id, "kind": "final"})  # fmt: skip

    # Every clock of the case, the rescue's included, is on the page with its rule's legal source.
    rows = {row.get_attribute("data-rule"): row.inner_text() for row in _rows(page).all()}
    assert set(rows) == set(RULES), set(RULES) - set(rows)
    for rule_id, text in rows.items():
        assert str(RULES[rule_id].source)[:12] in text, rule_id
    statuses = _rows(page).evaluate_all("rows => rows.map(r => r.dataset.rule + ':' + r.dataset.status)")
    for met in ("chargesheet_default_bail", "investigation_two_months", "pocso_child_evidence", "charges_framed",
                "judgment_after_arguments", "pocso_trial_one_year"):  # fmt: skip
        assert f"{met}:met" in statuses, (met, statuses)
    assert "compensation_paid:missed" in statuses  # ordered in July 2025, no payment recorded
    assert "Kalu" not in page.content()  # accused appear by reference on the case page

    # The rescue page lists the accused apprehended in it and the case recorded from it.
    page.click(f"text={case.rescue_operation.reference}")
    page.wait_for_url("**/prosecution/rescues/R-*/")
    assert page.locator("[data-testid=rescue-cases]").inner_text().strip() == case.reference
    assert page.locator("[data-testid=rescue-accused]").inner_text().strip().startswith("A-")
