"""Fictional prosecution demo data, written through the real services so every clock is computed as in use.

Dates are relative to today, so the demo legal officer's docket always has something to show: a rescue this
morning with a child not yet produced before the CWC; a child-labour FIR from a rescue 50 days ago with one accused
in judicial custody at day 50 of 60 and no chargesheet (default-bail risk) and one absconding; a trafficking case at
trial with the child's evidence due and a next hearing this week; a case decided with conviction and compensation
paid (so the dashboard has a conviction rate and medians); and a case in Muzaffarpur for the state's dashboard.
Names, FIR numbers and CNR numbers are invented and carry "demo"; nothing is real.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from picket.accounts.models import Organisation, User
from picket.accounts.roles import OrganisationKind
from picket.geo.models import District

GAYA, MUZAFFARPUR = 196, 208


def _organisation(code: int, kind: str) -> Organisation:
    organisation = Organisation.objects.filter(districts__lgd_code=code, kind=kind, name__endswith="(demo)").first()
    assert organisation is not None, (code, kind)
    return organisation


def _rescued_children(actor: Any, district: District, *, rescued_at: datetime.datetime,
                      children: list[tuple[str, str, int, float | None]]) -> list[Any]:  # fmt: skip
    """Found-child records of a rescue (name, gender, age, hours until produced before the CWC or None)."""
    from picket.intake.services import found_child_register
    from picket.people.services import child_register

    organisation = _organisation(district.lgd_code, OrganisationKind.NGO_OFFICE)
    cwc = _organisation(district.lgd_code, OrganisationKind.CWC)
    found = []
    for name, gender, age, produced_after in children:
        child = child_register(actor=actor, name=name, gender=gender, district=district, organisation=organisation,
                               age_estimate_years=age, languages="Hindi", home_locality="Demo Tola")  # fmt: skip
        found.append(found_child_register(
            actor=actor, child=child, found_at=rescued_at, district=district, how="rescue", cwc=cwc,
            found_place="Demo brick kiln (demo)",
            produced_before_cwc_at=None if produced_after is None else rescued_at + datetime.timedelta(
                hours=produced_after),
        ))  # fmt: skip
    return found


def demo_prosecution_load(*, children_actor: Any) -> int:
    """Rescues and police cases for the demo legal team (Gaya) and one case in Muzaffarpur. Returns the cases."""
    from picket.accounts.access import actor_for
    from picket.prosecution import services, services_court

    officer = actor_for(User.objects.get(username="demo-legal-officer"))
    manager = actor_for(User.objects.get(username="demo-state-programme-manager"))
    today, now = timezone.localdate(), timezone.now()

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    gaya = District.objects.get(lgd_code=GAYA)
    station = _organisation(GAYA, OrganisationKind.POLICE_STATION)
    ahtu = _organisation(GAYA, OrganisationKind.AHTU)
    ngo = _organisation(GAYA, OrganisationKind.NGO_OFFICE)

    def accused(actor: Any, case: Any, name: str, father: str, **custody: Any) -> Any:
        person = services.accused_person_register(actor=actor, name=name, father_name=father, district=case.district,
                                                  gender="M", address="Demo Tola (demo)")  # fmt: skip
        return services.case_accused_add(actor=actor, police_case=case, accused=person, **custody)

    # 1. This morning's rescue at a roadside dhaba: one child produced before the CWC, one not yet (clock open).
    morning = now - datetime.timedelta(hours=5)
    found = _rescued_children(children_actor, gaya, rescued_at=morning,
                              children=[("Guddu Rajak", "M", 12, 3.0), ("Chhotu Turi", "M", 11, None)])  # fmt: skip
    services.rescue_operation_record(
        actor=officer, rescued_at=morning, district=gaya, lead_agency=ahtu, participating_organisations=[ngo],
        place="Demo highway dhaba (demo)", children_rescued=found, evidence_seized="Wage slips (demo)",
        follow_up_actions="Produce both children before the CWC; record statements (demo).",
    )  # fmt: skip

    # 2. A brick-kiln rescue 50 days ago and its FIR: one accused in custody at day 50 of 60, no chargesheet yet.
    kiln_at = now - datetime.timedelta(days=50)
    kiln_children: list[tuple[str, str, int, float | None]] = [("Pinki Bhuiyan", "F", 14, 6.0),
                                                                ("Santosh Bhuiyan", "M", 13, 6.0)]  # fmt: skip
    found = _rescued_children(children_actor, gaya, rescued_at=kiln_at, children=kiln_children)
    kiln = services.rescue_operation_record(
        actor=officer, rescued_at=kiln_at, district=gaya, lead_agency=ahtu, participating_organisations=[ngo],
        place="Demo brick kiln (demo)", children_rescued=found, evidence_seized="Advance register (demo)",
    )  # fmt: skip
    case = services.police_case_register(
        actor=officer, fir_number="DEMO 101/2026", fir_registered_on=ago(50), offence_on=ago(51),
        police_station=station, district=gaya, sections=["BNS 137(2)", "POCSO 8"], rescue_operation=kiln,
        victims=[f.child for f in found], investigating_officer_name="Demo Sub-Inspector",
        investigating_officer_rank="SI",
    )  # fmt: skip
    accused(officer, case, "कालू राम यादव", "भोला यादव", arrested_on=ago(50), first_remand_on=ago(49),
            custody_status="judicial_custody")  # fmt: skip
    accused(officer, case, "Demo Munshi Lal", "Demo Hari Lal")  # absconding

    # 3. At trial: cognizance 20 days ago, the child's evidence not yet recorded, next hearing in three days.
    case = services.police_case_register(
        actor=officer, fir_number="DEMO 47/2026", fir_registered_on=ago(200), offence_on=ago(205),
        police_station=station, district=gaya, sections=["BNS 143", "POCSO 4"],
        investigating_officer_name="Demo Inspector", investigating_officer_rank="Inspector",
    )  # fmt: skip
    row = accused(officer, case, "Demo Raju Dalal", "Demo Bhim Dalal", arrested_on=ago(198), first_remand_on=ago(197),
                  custody_status="judicial_custody")  # fmt: skip
    services.bail_hearing_record(actor=officer, case_accused=row, heard_on=ago(150), outcome="rejected",
                                 opposed_by="prosecution", court_name="Demo Sessions Court")  # fmt: skip
    services.chargesheet_file(actor=officer, police_case=case, filed_on=ago(120), sections=["BNS 143", "POCSO 4"],
                              accused=[row])  # fmt: skip
    court = services_court.court_case_register(
        actor=officer, police_case=case, court_kind="special_pocso", court_name="Special Court (POCSO), Gaya (demo)",
        case_number="POCSO 12/2026 (demo)", cnr_number="DEMO010000472026", cognizance_on=ago(20),
    )  # fmt: skip
    services_court.hearing_record(actor=officer, court_case=court, held_on=ago(11), purpose="charge",
                                  proceedings="Arguments on charge heard (demo).", next_on=ago(-3))  # fmt: skip

    # 4. Decided: convicted, compensation ordered and paid (the dashboard's conviction rate and medians).
    case = services.police_case_register(
        actor=officer, fir_number="DEMO 12/2025", fir_registered_on=ago(480), police_station=station, district=gaya,
        sections=["BNS 143", "BNS 98"],
    )  # fmt: skip
    # The same man as the kiln case's accused, written in another script: the accused page suggests him.
    row = accused(officer, case, "Kalu Ram Yadav", "Bhola Yadav", arrested_on=ago(478), first_remand_on=ago(477),
                  custody_status="judicial_custody")  # fmt: skip
    services.chargesheet_file(actor=officer, police_case=case, filed_on=ago(400), sections=["BNS 143", "BNS 98"],
                              accused=[row])  # fmt: skip
    court = services_court.court_case_register(
        actor=officer, police_case=case, court_kind="sessions", court_name="Sessions Court, Gaya (demo)",
        cnr_number="DEMO010000122025", cognizance_on=ago(380),
    )  # fmt: skip
    services_court.hearing_record(actor=officer, court_case=court, held_on=ago(370), purpose="charge")
    services_court.court_case_update(actor=officer, court_case=court, charges_framed_on=ago(340),
                                     arguments_concluded_on=ago(80))  # fmt: skip
    services_court.witness_record(actor=officer, court_case=court, kind="victim", examined_on=ago(300))
    for section in ("BNS 143", "BNS 98"):
        services_court.judgment_record(actor=officer, court_case=court, case_accused=row, section=section,
                                       verdict="convicted", decided_on=ago(60), imprisonment_months=120,
                                       sentence="Rigorous imprisonment (demo)")  # fmt: skip
    order = services_court.compensation_order_record(actor=officer, court_case=court, kind="final",
                                                     amount_rupees=300000, ordered_on=ago(60))  # fmt: skip
    services_court.compensation_paid(actor=officer, order=order, paid_on=ago(41), amount_paid_rupees=300000)

    # 5. Muzaffarpur (the state programme manager's view): a kidnapping FIR, the chargesheet filed in time.
    muzaffarpur = District.objects.get(lgd_code=MUZAFFARPUR)
    case = services.police_case_register(
        actor=manager, fir_number="DEMO 88/2026", fir_registered_on=ago(70), district=muzaffarpur,
        police_station=_organisation(MUZAFFARPUR, OrganisationKind.POLICE_STATION), sections=["BNS 137(2)"],
    )  # fmt: skip
    row = accused(manager, case, "Demo Sonu Mahto", "Demo Ram Mahto", arrested_on=ago(68), first_remand_on=ago(67),
                  custody_status="judicial_custody")  # fmt: skip
    services.chargesheet_file(actor=manager, police_case=case, filed_on=ago(30), sections=["BNS 137(2)"],
                              accused=[row])  # fmt: skip
    return 4
