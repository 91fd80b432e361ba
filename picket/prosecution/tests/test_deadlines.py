"""Every statutory clock against hand-computed dates (IST), recompute on change, and overrides kept."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from picket.intake.tests.conftest import found_record
from picket.prosecution import services, services_court
from picket.prosecution.deadlines import add_months, deadlines_recompute
from picket.prosecution.models import Deadline
from picket.prosecution.tests.factories import accused_in, actor, court_case, day, police_case

pytestmark = pytest.mark.django_db
IST = ZoneInfo("Asia/Kolkata")
UTC = datetime.UTC


def ist(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=IST)


def only(rule, **filters):
    return Deadline.objects.get(rule=rule, is_current=True, **filters)


def test_months_are_added_with_the_end_of_the_month_kept():
    assert add_months(day("2024-12-31"), 2) == day("2025-02-28")
    assert add_months(day("2024-02-29"), 12) == day("2025-02-28")
    assert add_months(day("2025-03-01"), 12) == day("2026-03-01")


def test_chargesheet_60_days_from_first_remand_counting_the_remand_day(world, officer, case):
    accused = accused_in(case, officer, remanded="2025-01-10")
    clock = only("chargesheet_default_bail", subject_id=accused.pk)
    # Day 1 = 10 Jan; day 60 = 10 Mar 2025; due before 00:00 IST on 11 Mar = 18:30 UTC on 10 Mar.
    assert clock.due_at == ist("2025-03-11T00:00") == datetime.datetime(2025, 3, 10, 18, 30, tzinfo=UTC)
    assert clock.starts_at == ist("2025-01-10T00:00")
    assert clock.period == "60 days (BNSS 187(3))" and clock.subject_label == accused.accused.reference
    assert "BNS 137(2)" in clock.explanation


def test_a_90_day_section_makes_the_period_90_days(world, officer):
    case = police_case(world, officer, sections=("BNS 137(2)", "BNS 143"))
    accused = accused_in(case, officer, remanded="2025-01-10")
    clock = only("chargesheet_default_bail", subject_id=accused.pk)
    assert clock.due_at == ist("2025-04-10T00:00")  # day 90 = 9 Apr 2025
    assert clock.period.startswith("90 days") and "BNS 143" in clock.explanation


def test_an_ipc_case_counts_under_crpc(world, officer):
    case = police_case(world, officer, sections=("IPC 363",), fir_on="2024-05-01")
    accused_in(case, officer, arrested="2024-05-02", remanded="2024-05-03")
    clock = only("chargesheet_default_bail")
    assert clock.period == "60 days (CrPC 167(2))" and clock.due_at == ist("2024-07-02T00:00")


def test_ist_midnight_boundary_open_missed_and_met(world, officer, case):
    accused = accused_in(case, officer, remanded="2025-01-10")
    deadlines_recompute(police_case=case, now=datetime.datetime(2025, 3, 10, 18, 29, 59, tzinfo=UTC))
    assert only("chargesheet_default_bail").computed_status == "open"  # 23:59:59 IST on the last day
    deadlines_recompute(police_case=case, now=datetime.datetime(2025, 3, 10, 18, 30, tzinfo=UTC))
    assert only("chargesheet_default_bail").computed_status == "missed"  # 00:00 IST the next day
    services.chargesheet_file(actor=actor(officer), police_case=case, filed_on=day("2025-03-10"),
                              sections=["BNS 137(2)"], accused=[accused])  # fmt: skip
    clock = only("chargesheet_default_bail")
    assert (clock.computed_status, clock.met_at) == ("met", ist("2025-03-10T00:00"))


def test_a_chargesheet_one_day_late_is_missed_with_its_date(world, officer, case):
    accused = accused_in(case, officer, remanded="2025-01-10")
    services.chargesheet_file(actor=actor(officer), police_case=case, filed_on=day("2025-03-11"),
                              sections=["BNS 137(2)"], accused=[accused])  # fmt: skip
    clock = only("chargesheet_default_bail")
    assert (clock.computed_status, clock.met_at) == ("missed", ist("2025-03-11T00:00"))


def test_changing_the_first_remand_moves_that_accused_deadline_only(world, officer, case):
    first = accused_in(case, officer, remanded="2025-01-10")
    second = accused_in(case, officer, remanded="2025-01-10", name="Bhola Nath")
    services.case_accused_update(actor=actor(officer), case_accused=first, arrested_on=day("2025-01-09"),
                                 first_remand_on=day("2025-01-20"), custody_status="judicial_custody")  # fmt: skip
    assert only("chargesheet_default_bail", subject_id=first.pk).due_at == ist("2025-03-21T00:00")
    assert only("chargesheet_default_bail", subject_id=second.pk).due_at == ist("2025-03-11T00:00")


def test_adding_a_graver_section_moves_the_deadline_and_dropping_it_moves_it_back(world, officer, case):
    accused_in(case, officer, remanded="2025-01-10")
    services.case_sections_change(actor=actor(officer), police_case=case, changed_on=day("2025-02-01"),
                                  add=["BNS 143"], reason="Trafficking found in investigation")  # fmt: skip
    assert only("chargesheet_default_bail").due_at == ist("2025-04-10T00:00")
    services.case_sections_change(actor=actor(officer), police_case=case, changed_on=day("2025-02-02"),
                                  remove=["BNS 143"], reason="Dropped")  # fmt: skip
    assert only("chargesheet_default_bail").due_at == ist("2025-03-11T00:00")
    assert case.sections.count() == 2  # the history is kept


def test_an_override_survives_recomputes(world, officer, case):
    accused = accused_in(case, officer, remanded="2025-01-10")
    clock = only("chargesheet_default_bail")
    services.deadline_override(actor=actor(officer), deadline=clock, status="not_applicable",
                               reason="Accused released; High Court order")  # fmt: skip
    services.case_accused_update(actor=actor(officer), case_accused=accused, arrested_on=day("2025-01-09"),
                                 first_remand_on=day("2025-01-12"), custody_status="judicial_custody")  # fmt: skip
    clock.refresh_from_db()
    assert clock.due_at == ist("2025-03-13T00:00") and clock.computed_status == "missed"
    assert (clock.status, clock.override_reason, clock.overridden_by) == (
        "not_applicable",
        "Accused released; High Court order",
        officer,
    )


def test_a_closure_report_makes_the_chargesheet_clock_not_applicable(world, officer, case):
    accused_in(case, officer, remanded="2025-01-10")
    services.closure_report_file(actor=actor(officer), police_case=case, closure_kind="untraced",
                                 filed_on=day("2025-02-01"))  # fmt: skip
    assert only("chargesheet_default_bail").computed_status == "not_applicable"


def test_two_month_investigation_for_pocso_from_the_fir(world, officer):
    case = police_case(world, officer, sections=("POCSO 8",), fir_on="2024-12-31")
    clock = only("investigation_two_months")
    assert clock.due_at == ist("2025-03-01T00:00")  # last day 28 Feb 2025
    accused = accused_in(case, officer, arrested="2025-01-02", remanded="2025-01-03")
    services.chargesheet_file(actor=actor(officer), police_case=case, filed_on=day("2025-02-28"),
                              sections=["POCSO 8"], accused=[accused])  # fmt: skip
    assert only("investigation_two_months").computed_status == "met"


def test_no_two_month_clock_for_trafficking(world, officer):
    police_case(world, officer, sections=("BNS 143",))
    assert not Deadline.objects.filter(rule="investigation_two_months").exists()


def _to_trial(world, officer, *, sections=("POCSO 8",), kind="special_pocso"):
    case = police_case(world, officer, sections=sections)
    accused = accused_in(case, officer)
    services.chargesheet_file(actor=actor(officer), police_case=case, filed_on=day("2025-02-20"),
                              sections=list(sections), accused=[accused])  # fmt: skip
    return case, accused, court_case(case, officer, kind=kind, cognizance="2025-03-01")


def test_pocso_child_evidence_in_30_days_and_trial_in_a_year_of_cognizance(world, officer):
    _case, _accused, trial = _to_trial(world, officer)
    assert only("pocso_child_evidence").due_at == ist("2025-04-01T00:00")  # last day 31 Mar
    assert only("pocso_trial_one_year").due_at == ist("2026-03-02T00:00")  # last day 1 Mar 2026
    services_court.court_case_update(actor=actor(officer), court_case=trial, child_evidence_on=day("2025-03-31"))
    assert only("pocso_child_evidence").computed_status == "met"


def test_charges_framed_within_60_days_of_the_first_hearing_on_charge(world, officer):
    _case, _accused, trial = _to_trial(world, officer)
    for held in ("2025-04-15", "2025-04-01"):
        services_court.hearing_record(actor=actor(officer), court_case=trial, held_on=day(held), purpose="charge")
    assert only("charges_framed").due_at == ist("2025-06-01T00:00")  # 1 Apr + 60 = 31 May


def test_no_charge_clock_in_a_magistrates_court(world, officer):
    _case, _accused, trial = _to_trial(world, officer, sections=("BNS 137(2)",), kind="magistrate")
    services_court.hearing_record(actor=actor(officer), court_case=trial, held_on=day("2025-04-01"), purpose="charge")
    assert not Deadline.objects.filter(rule="charges_framed").exists()
    assert not Deadline.objects.filter(rule="pocso_child_evidence").exists()


def test_judgment_within_30_days_of_arguments_or_45_when_extended(world, officer):
    _case, accused, trial = _to_trial(world, officer)
    services_court.court_case_update(actor=actor(officer), court_case=trial, charges_framed_on=day("2025-04-20"),
                                     arguments_concluded_on=day("2025-06-10"))  # fmt: skip
    assert only("judgment_after_arguments").due_at == ist("2025-07-11T00:00")  # last day 10 Jul
    services_court.court_case_update(actor=actor(officer), court_case=trial, judgment_time_extended=True)
    assert only("judgment_after_arguments").due_at == ist("2025-07-26T00:00")  # last day 25 Jul
    services_court.judgment_record(actor=actor(officer), court_case=trial, case_accused=accused, section="POCSO 8",
                                   verdict="convicted", decided_on=day("2025-07-20"),
                                   imprisonment_months=48)  # fmt: skip
    assert only("judgment_after_arguments").computed_status == "met"
    assert only("pocso_trial_one_year").computed_status == "met"


def test_compensation_paid_within_30_days_of_the_states_receipt(world, officer):
    _case, _accused, trial = _to_trial(world, officer)
    order = services_court.compensation_order_record(
        actor=actor(officer), court_case=trial, kind="interim", amount_rupees=300000, ordered_on=day("2025-08-01"),
        received_by_state_on=day("2025-08-05"),
    )  # fmt: skip
    assert only("compensation_paid").due_at == ist("2025-09-05T00:00")  # last day 4 Sep
    services_court.compensation_paid(actor=actor(officer), order=order, paid_on=day("2025-09-05"),
                                     amount_paid_rupees=300000)  # fmt: skip
    assert only("compensation_paid").computed_status == "missed"


def test_cwc_production_reuses_the_found_child_clock(world, officer):
    worker = world.user("case_worker", inside=True)
    found = found_record(worker, hours_ago=30, journey_hours=2)
    rescue = services.rescue_operation_record(
        actor=actor(officer), rescued_at=found.found_at, district=world.district_a, lead_agency=world.organisation_a,
        children_rescued=[found],
    )  # fmt: skip
    clock = only("jj31_cwc_production", rescue_operation=rescue)
    assert clock.due_at == found.found_at + datetime.timedelta(hours=26)
    assert clock.computed_status == "missed" and clock.subject_label == found.reference
    assert clock.due_at < timezone.now()
