"""Bad input is refused with a message naming the field, and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from picket.accounts.roles import Role
from picket.audit.models import AuditEvent
from picket.people.models import AccusedPerson
from picket.prosecution import services, services_court
from picket.prosecution.models import (
    CaseAccused,
    CaseSection,
    Chargesheet,
    CourtCase,
    Deadline,
    Hearing,
    Judgment,
    PoliceCase,
)
from picket.prosecution.services import fir_index
from picket.prosecution.tests.factories import FIR_NUMBER, accused_in, actor, court_case, day, police_case

pytestmark = pytest.mark.django_db
MODELS = (PoliceCase, CaseSection, CaseAccused, Chargesheet, CourtCase, Hearing, Judgment, Deadline, AccusedPerson,
          AuditEvent)  # fmt: skip


def counts():
    return [model.objects.count() for model in MODELS]


def refused(field, call, **kwargs):
    before = counts()
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    assert field in error.value.message_dict, error.value.message_dict
    assert counts() == before, "a refused write saved something"
    return error.value.message_dict[field][0]


def test_the_fir_number_is_encrypted_and_found_by_its_blind_index(world, officer, case):
    assert PoliceCase.objects.filter(fir_number_index=fir_index(FIR_NUMBER)).get() == case
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT fir_number FROM prosecution_policecase WHERE id = %s", [case.pk])
        assert FIR_NUMBER not in cursor.fetchone()[0]


def test_a_section_unknown_to_the_catalogue(world, officer):
    message = refused("sections", police_case, world=world, officer=officer, sections=("BNS 999",))
    assert "BNS 999" in message and "catalogue" in message


def test_a_bns_section_for_an_offence_before_1_july_2024(world, officer):
    refused("sections", police_case, world=world, officer=officer, sections=("BNS 143",), fir_on="2024-03-01")


def test_a_future_fir_date(world, officer):
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    refused("fir_registered_on", police_case, world=world, officer=officer, fir_on=future)


def test_a_chargesheet_dated_before_the_fir(world, officer, case):
    accused = accused_in(case, officer)
    message = refused("filed_on", services.chargesheet_file, actor=actor(officer), police_case=case,
                      filed_on=day("2025-01-04"), sections=["BNS 137(2)"], accused=[accused])  # fmt: skip
    assert "2025-01-05" in message


def test_a_chargesheet_with_an_unknown_section(world, officer, case):
    accused = accused_in(case, officer)
    refused("sections", services.chargesheet_file, actor=actor(officer), police_case=case, filed_on=day("2025-02-01"),
            sections=["POCSO 99"], accused=[accused])  # fmt: skip


def test_an_accused_remanded_before_arrest(world, officer, case):
    person = services.accused_person_register(actor=actor(officer), name="Kalu Ram", district=world.district_a)
    refused("first_remand_on", services.case_accused_add, actor=actor(officer), police_case=case, accused=person,
            arrested_on=day("2025-01-10"), first_remand_on=day("2025-01-09"),
            custody_status="judicial_custody")  # fmt: skip
    refused("arrested_on", services.case_accused_add, actor=actor(officer), police_case=case, accused=person,
            first_remand_on=day("2025-01-09"), custody_status="judicial_custody")  # fmt: skip


def test_changing_a_remand_to_before_the_arrest_keeps_the_old_dates(world, officer, case):
    accused = accused_in(case, officer)
    refused("first_remand_on", services.case_accused_update, actor=actor(officer), case_accused=accused,
            arrested_on=day("2025-01-09"), first_remand_on=day("2025-01-01"),
            custody_status="judicial_custody")  # fmt: skip
    accused.refresh_from_db()
    assert accused.first_remand_on == day("2025-01-10")


def test_a_hearing_before_cognizance_or_without_it(world, officer, case):
    trial = court_case(case, officer, cognizance="2025-03-01")
    refused("held_on", services_court.hearing_record, actor=actor(officer), court_case=trial,
            held_on=day("2025-02-28"), purpose="appearance")  # fmt: skip
    pending = court_case(case, officer, cognizance=None)
    refused("held_on", services_court.hearing_record, actor=actor(officer), court_case=pending,
            held_on=day("2025-03-02"), purpose="appearance")  # fmt: skip


def test_a_judgment_before_cognizance(world, officer, case):
    accused = accused_in(case, officer)
    trial = court_case(case, officer, cognizance="2025-03-01")
    refused("decided_on", services_court.judgment_record, actor=actor(officer), court_case=trial,
            case_accused=accused, section="BNS 137(2)", verdict="acquitted", decided_on=day("2025-02-01"))  # fmt: skip


def test_a_judgment_on_a_section_never_invoked(world, officer, case):
    accused = accused_in(case, officer)
    trial = court_case(case, officer, cognizance="2025-03-01")
    refused("section", services_court.judgment_record, actor=actor(officer), court_case=trial,
            case_accused=accused, section="BNS 143", verdict="acquitted", decided_on=day("2025-05-01"))  # fmt: skip


def test_cognizance_before_the_chargesheet(world, officer, case):
    accused = accused_in(case, officer)
    services.chargesheet_file(actor=actor(officer), police_case=case, filed_on=day("2025-02-20"),
                              sections=["BNS 137(2)"], accused=[accused])  # fmt: skip
    refused("cognizance_on", court_case, case=case, officer=officer, cognizance="2025-02-19")


def test_a_malformed_cnr_number(world, officer, case):
    refused("cnr_number", services_court.court_case_register, actor=actor(officer), police_case=case,
            court_kind="sessions", court_name="Sessions Court", cnr_number="AB12010012342025")  # fmt: skip
    refused("cnr_number", services_court.court_case_register, actor=actor(officer), police_case=case,
            court_kind="sessions", court_name="Sessions Court", cnr_number="ABCD0100123420")  # fmt: skip


def test_trial_milestones_out_of_order(world, officer, case):
    trial = court_case(case, officer, cognizance="2025-03-01")
    refused("charges_framed_on", services_court.court_case_update, actor=actor(officer), court_case=trial,
            charges_framed_on=day("2025-02-01"))  # fmt: skip
    refused("judgment_on", services_court.court_case_update, actor=actor(officer), court_case=trial,
            arguments_concluded_on=day("2025-06-10"), judgment_on=day("2025-06-01"))  # fmt: skip


def test_outside_the_jurisdiction_or_without_the_permission(world, officer, case):
    outsider = world.user(Role.LEGAL_OFFICER, inside=False)
    before = counts()
    with pytest.raises(PermissionDenied):
        services.closure_report_file(actor=actor(outsider), police_case=case, closure_kind="untraced",
                                     filed_on=day("2025-02-01"))  # fmt: skip
    viewer = world.user(Role.CASE_WORKER, inside=True)  # sees prosecution, may not change it
    with pytest.raises(PermissionDenied):
        services.closure_report_file(actor=actor(viewer), police_case=case, closure_kind="untraced",
                                     filed_on=day("2025-02-01"))  # fmt: skip
    with pytest.raises(ValidationError):
        police_case(world, outsider)  # district A is outside their jurisdiction
    assert counts() == before


def test_writes_are_audited_without_personal_data(world, officer, case):
    accused_in(case, officer, name="Kalu Ram Yadav")
    events = AuditEvent.objects.filter(object_type__startswith="prosecution.")
    assert events.filter(action="create", object_type="prosecution.policecase", object_id=str(case.pk)).exists()
    text = str(list(events.values_list("detail", flat=True)))
    assert "Kalu" not in text and FIR_NUMBER not in text


def test_a_refusal_never_echoes_free_text_typed_as_a_section(world, officer):
    for typed in ("Kalu Ram Yadav of Gaya", "Kalu Ram"):
        message = refused("sections", police_case, world=world, officer=officer, sections=(typed,))
        assert "Kalu" not in message and "not in the offences catalogue" in message
