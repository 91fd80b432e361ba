import io

import pytest
from django.test import Client
from PIL import Image

from picket.accounts.roles import Role
from picket.audit.models import AuditEvent
from picket.people.models import ChildPhoto, IdentityDocument
from picket.testing.auth import login_verified
from picket.testing.factories import child_for

pytestmark = pytest.mark.django_db

VALID_AADHAAR = "2341 2341 2346"


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x8825] = {2: (25.0, 36.0, 0.0), 4: (85.0, 8.0, 0.0)}  # GPSInfo: latitude, longitude
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def test_aadhaar_is_kept_only_as_last_four_digits_and_a_keyed_hash(world):
    worker = world.user(Role.CASE_WORKER, inside=True)
    child = child_for(worker)
    client = login_verified(Client(), worker)
    client.post(f"/children/{child.reference}/documents/", {"kind": "aadhaar", "number": VALID_AADHAAR})
    document = IdentityDocument.objects.get(child=child)
    assert (document.number, document.number_last4) == ("", "2346")
    assert "234123412346" not in document.number_index
    page = client.get(f"/children/{child.reference}/").content.decode()
    assert "…2346" in page and "2341 2341" not in page


def test_an_invalid_aadhaar_is_refused_naming_the_field(world):
    worker = world.user(Role.CASE_WORKER, inside=True)
    child = child_for(worker)
    response = login_verified(Client(), worker).post(
        f"/children/{child.reference}/documents/", {"kind": "aadhaar", "number": "1234 5678 9012"}, follow=True
    )
    assert "number: This is not a valid Aadhaar number" in response.content.decode()
    assert not IdentityDocument.objects.exists()


def test_a_photo_is_stored_encrypted_without_its_location_and_shown_only_to_those_who_may_see_the_child(
    world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    worker = world.user(Role.CASE_WORKER, inside=True)
    child = child_for(worker)
    client = login_verified(Client(), worker)
    client.post(f"/children/{child.reference}/photos/", {"image": io.BytesIO(_jpeg_with_gps())})
    photo = ChildPhoto.objects.get(child=child)
    on_disk = (tmp_path / photo.image.name).read_bytes()
    assert on_disk.startswith(b"PKF1") and b"JFIF" not in on_disk and b"Exif" not in on_disk

    shown = client.get(f"/children/{child.reference}/photos/{photo.pk}/")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    served = Image.open(io.BytesIO(shown.content))
    assert served.size == (40, 30)
    assert 0x8825 not in served.getexif()
    assert AuditEvent.objects.filter(action="view_identity", object_id=str(child.pk)).exists()

    outsider = login_verified(Client(), world.user(Role.CASE_WORKER, inside=False))
    assert outsider.get(f"/children/{child.reference}/photos/{photo.pk}/").status_code == 404


def test_a_file_that_is_not_a_photo_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    worker = world.user(Role.CASE_WORKER, inside=True)
    child = child_for(worker)
    response = login_verified(Client(), worker).post(
        f"/children/{child.reference}/photos/", {"image": io.BytesIO(b"%PDF-1.4 not an image")}, follow=True
    )
    assert "not a JPEG, PNG or WebP photo" in response.content.decode()
    assert not ChildPhoto.objects.exists()


def test_nicknames_added_on_the_page_are_searchable(world):
    worker = world.user(Role.FIELD_WORKER, inside=True)
    child = child_for(worker, name="Pooja Kumari")
    client = login_verified(Client(), worker)
    client.post(f"/children/{child.reference}/names/", {"name": "Guddi", "kind": "nickname"})
    found = client.post("/children/", {"q": "गुड्डी"}, follow=True).context["page"]
    assert [c.reference for c in found] == [child.reference]
