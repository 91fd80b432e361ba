import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from picket.accounts.roles import Role
from picket.geo.models import District, GeographyImport, ImportStatus, State
from picket.geo.tests.test_lgd_files import DISTRICTS, STATES
from picket.testing.auth import login_verified
from picket.testing.factories import UserFactory
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _admin_client():
    client = Client()
    login_verified(client, UserFactory.create(role=Role.ADMINISTRATOR, jurisdiction_kind="national"))
    return client


def test_uploaded_files_are_queued_and_imported_by_the_worker(database_queue):
    client = _admin_client()
    for name, content in (("states.csv", STATES), ("districts.csv", DISTRICTS)):
        response = client.post("/geography/import/", {"file": SimpleUploadedFile(name, content.encode())})
        assert response.status_code == 302
    assert State.objects.count() == 0  # nothing happens until a worker runs
    assert GeographyImport.objects.filter(status=ImportStatus.QUEUED).count() == 2

    # The worker installs its own SIGINT/SIGTERM/SIGQUIT handlers; give the test process its own back afterwards.
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("worker", "--batch", "--no-startup-delay", "--interval", "0")
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    assert State.objects.count() == 2 and District.objects.count() == 2
    jobs = {job.original_filename: job for job in GeographyImport.objects.all()}
    assert jobs["districts.csv"].status == ImportStatus.DONE
    assert (jobs["districts.csv"].added, jobs["districts.csv"].kind) == (2, "district")
    page = client.get("/geography/import/").content.decode()
    assert "districts.csv" in page


def test_a_malformed_upload_is_refused_at_once_naming_row_and_column(database_queue):
    client = _admin_client()
    response = client.post(
        "/geography/import/", {"file": SimpleUploadedFile("d.csv", DISTRICTS.replace("196", "x").encode())}
    )
    assert response.status_code == 200
    assert "row 2, column &#x27;District Code&#x27;" in response.content.decode()
    assert GeographyImport.objects.count() == 0


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_only_administrators_may_import_geography(world, seat):
    client = world.client_for(seat)
    before = snapshot(State.objects.all(), GeographyImport.objects.all())
    response = client.post("/geography/import/", {"file": SimpleUploadedFile("s.csv", STATES.encode())})
    allowed = seat.role == Role.ADMINISTRATOR
    assert_access(
        response,
        allowed=allowed,
        unchanged=lambda: snapshot(State.objects.all(), GeographyImport.objects.all()) == before,
    )
