"""Ads' images on the pages: the same photo shown across ads (within scope), preserving an image as evidence (only
the monitoring analyst of the district; the file is fetched again, must be the same picture, and then goes into
the evidence packet), viewing a preserved image (recorded in its chain of custody), adding one by hand."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from picket.accounts.roles import Role
from picket.monitoring import images
from picket.monitoring.evidence import packet_for_ad
from picket.monitoring.models import AdImage, AdSighting, Capture, CustodyEvent
from picket.monitoring.tests.localserver import serve
from picket.monitoring.tests.storage_helpers import RISKY, analyst, ingest, local_source
from picket.monitoring.tests.test_images import crop_sides, encoded, photo
from picket.testing.auth import login_verified
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_image_index():
    images.reset()
    yield
    images.reset()


@pytest.fixture
def server():
    yield from serve()


class Scene:
    """Two ads in district A and one in district B showing the same photo (re-sized, cropped); one other photo."""

    def __init__(self, world, server):
        self.data = encoded(photo(1))
        server.routes["/img/1.jpg"] = (200, "image/jpeg", self.data)
        actor = analyst(world)
        source = local_source(world)
        source.url = server.url("/")
        source.min_interval_seconds = 0
        source.save()
        self.ad = ingest(actor, source, RISKY).ad
        self.twin = ingest(actor, source, "Cook wanted for a family in the city, salary to bank account").ad
        outside = ingest(analyst(world, inside=False), local_source(world, inside=False), "Driver wanted, PF").ad
        hashed = images.image_hash(self.data)
        self.image = images.ad_image_record(ad=self.ad, hashed=hashed, url=server.url("/img/1.jpg"))
        images.ad_image_record(ad=self.twin, hashed=images.image_hash(encoded(crop_sides(photo(1), 0.02))))
        images.ad_image_record(ad=outside, hashed=images.image_hash(encoded(photo(1).resize((240, 180)))))
        images.ad_image_record(ad=self.twin, hashed=images.image_hash(encoded(photo(2))))
        self.outside = outside


@pytest.fixture
def scene(world, server):
    return Scene(world, server)


def test_the_ad_page_shows_the_same_photo_in_other_ads_within_scope(world, scene):
    client = login_verified(Client(), world.user(Role.MONITORING_ANALYST, inside=True))
    page = client.get(f"/monitoring/ads/{scene.ad.pk}/").content.decode()
    assert "Same photo as 1 other ad" in page and scene.twin.reference in page
    assert scene.outside.reference not in page  # the third ad is in district B
    assert scene.image.phash in page and 'data-testid="image-preserve"' in page
    legal = login_verified(Client(), world.user(Role.LEGAL_OFFICER, inside=True))
    page = legal.get(f"/monitoring/ads/{scene.ad.pk}/").content.decode()
    assert "Same photo as 1 other ad" in page
    assert 'data-testid="image-preserve"' not in page and 'data-testid="image-upload"' not in page


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_only_the_districts_monitoring_analyst_preserves_an_image(world, scene, seat):
    client = world.client_for(seat)
    before = snapshot(Capture.objects.all(), CustodyEvent.objects.all(), AdImage.objects.all())
    response = client.post(f"/monitoring/images/{scene.image.pk}/preserve/")
    allowed = seat.inside and seat.role == Role.MONITORING_ANALYST
    assert_access(response, allowed=allowed, unchanged=lambda: snapshot(
        Capture.objects.all(), CustodyEvent.objects.all(), AdImage.objects.all()) == before)  # fmt: skip
    if allowed:
        scene.image.refresh_from_db()
        assert scene.image.capture is not None


def test_a_preserved_image_is_the_bytes_fetched_again_and_goes_into_the_evidence_packet(world, scene):
    actor = analyst(world)
    capture = images.ad_image_preserve(actor=actor, image=scene.image)
    assert capture.sha256 == hashlib.sha256(scene.data).hexdigest() and capture.content_type == "image/jpeg"
    with capture.content.open("rb") as handle:
        assert handle.read() == scene.data
    assert list(capture.custody.values_list("kind", flat=True)) == ["captured", "preserved"]
    assert AdSighting.objects.get(capture=capture).ad == scene.ad
    packet = packet_for_ad(actor=actor, ad=scene.ad)
    with zipfile.ZipFile(io.BytesIO(packet.content)) as archive:
        assert archive.read(f"captures/{capture.reference}-{capture.sha256}.jpg") == scene.data
    with pytest.raises(ValidationError, match="already kept"):
        images.ad_image_preserve(actor=actor, image=scene.image)


def test_an_image_that_changed_at_its_address_is_not_kept(world, scene, server):
    server.routes["/img/1.jpg"] = (200, "image/jpeg", encoded(photo(5)))
    with pytest.raises(ValidationError, match="changed"):
        images.ad_image_preserve(actor=analyst(world), image=scene.image)
    server.routes["/img/1.jpg"] = (404, "text/plain", b"gone")
    with pytest.raises(ValidationError, match="could not be fetched"):
        images.ad_image_preserve(actor=analyst(world), image=scene.image)
    assert Capture.objects.filter(content_type="image/jpeg").count() == 0
    scene.image.refresh_from_db()
    assert scene.image.capture is None


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
def test_a_preserved_image_is_shown_only_to_the_districts_monitoring_role_and_each_view_is_recorded(world, scene, seat):
    capture = images.ad_image_preserve(actor=analyst(world), image=scene.image)
    response = world.client_for(seat).get(f"/monitoring/images/{scene.image.pk}/file/")
    allowed = seat.inside and seat.role == Role.MONITORING_ANALYST
    assert_access(response, allowed=allowed)
    viewed = capture.custody.filter(kind="viewed")
    if allowed:
        assert response.content == scene.data and response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "no-store" and viewed.count() == 1
    else:
        assert not viewed.exists() and scene.data not in response.content


def test_an_analyst_adds_an_image_by_hand_kept_only_when_asked(world, scene):
    client = login_verified(Client(), world.user(Role.MONITORING_ANALYST, inside=True))
    upload = SimpleUploadedFile("photo.png", encoded(photo(1).resize((320, 240)), "PNG"), content_type="image/png")
    response = client.post(f"/monitoring/ads/{scene.outside.pk}/images/", {"file": upload})
    assert response.status_code == 404  # an ad of another district
    captures = Capture.objects.count()
    upload = SimpleUploadedFile("photo.png", encoded(photo(3), "PNG"), content_type="image/png")
    assert client.post(f"/monitoring/ads/{scene.twin.pk}/images/", {"file": upload}).status_code == 302
    assert Capture.objects.count() == captures and AdImage.objects.filter(ad=scene.twin).count() == 3
    kept = encoded(photo(4), "PNG")
    upload = SimpleUploadedFile("photo.png", kept, content_type="image/png")
    client.post(f"/monitoring/ads/{scene.twin.pk}/images/", {"file": upload, "preserve": "on"})
    image = AdImage.objects.get(ad=scene.twin, capture__isnull=False)
    assert image.capture is not None and image.capture.sha256 == hashlib.sha256(kept).hexdigest()
    not_an_image = SimpleUploadedFile("x.png", b"<html></html>", content_type="image/png")
    page = client.post(f"/monitoring/ads/{scene.twin.pk}/images/", {"file": not_an_image}, follow=True)
    assert "not an image Picket can read" in page.content.decode()
