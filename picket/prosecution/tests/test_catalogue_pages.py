"""Role matrix over the catalogue pages: reference data (no jurisdiction); only administrators correct it."""

import pytest

from picket.accounts.roles import Role
from picket.prosecution.models import Offence, OffenceRevision
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)

# Written out, not derived from the code under test.
CATALOGUE_READERS = {Role.CASE_WORKER, Role.LEGAL_OFFICER, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER,
                     Role.ADMINISTRATOR}  # fmt: skip
CATALOGUE_MANAGERS = {Role.ADMINISTRATOR}


@matrix
def test_catalogue_list_and_entry(world, seat):
    client = world.client_for(seat)
    offence = Offence.objects.get(act__code="IPC", section="370A")
    allowed = seat.role in CATALOGUE_READERS
    listing = client.get("/prosecution/offences/?unverified=1")
    assert_access(listing, allowed=allowed)
    detail = client.get(f"/prosecution/offences/{offence.pk}/")
    assert_access(detail, allowed=allowed)
    if allowed:
        assert 'data-testid="unverified"' in listing.content.decode()
        assert "unverified" in detail.content.decode()
        assert ("Correct this entry" in detail.content.decode()) == (seat.role in CATALOGUE_MANAGERS)


@matrix
def test_catalogue_correction(world, seat):
    client = world.client_for(seat)
    offence = Offence.objects.get(act__code="BNS", section="144")
    before = snapshot(Offence.objects.filter(pk=offence.pk), OffenceRevision.objects.all())
    data = {
        "title": offence.title, "covers": offence.covers, "min_imprisonment_months": "60",
        "max_imprisonment_months": "120", "life_imprisonment": "", "fine": offence.fine, "cognizable": "yes",
        "bailable": "no", "chargesheet_days": "60", "two_month_investigation": "", "corresponds_to": "IPC 370A",
        "effective_until": "", "is_verified": "on", "source": offence.source, "notes": offence.notes,
        "reason": "State High Court: 60 days for a 10-year maximum",
    }  # fmt: skip
    response = client.post(f"/prosecution/offences/{offence.pk}/correct/", data)
    allowed = seat.role in CATALOGUE_MANAGERS
    assert_access(response, allowed=allowed,
                  unchanged=lambda: snapshot(Offence.objects.filter(pk=offence.pk),
                                             OffenceRevision.objects.all()) == before)  # fmt: skip
    offence.refresh_from_db()
    assert offence.chargesheet_days == (60 if allowed else 90)
    if allowed:
        revision = OffenceRevision.objects.get(offence=offence)
        assert revision.before == {"chargesheet_days": 90} and revision.changed_by is not None
        page = client.get(f"/prosecution/offences/{offence.pk}/").content.decode()
        assert "State High Court" in page
