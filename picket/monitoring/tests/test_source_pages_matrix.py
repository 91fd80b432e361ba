"""Role matrix over every source page and form: every role, inside and outside district A. Sources are
configuration (a website, not a person): every monitoring role reads them wherever it works, and only the
monitoring analyst changes them or brings ads in by hand. A denied write changes nothing."""

from __future__ import annotations

import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from picket.accounts.roles import Role
from picket.monitoring import services_sources
from picket.monitoring.models import Ad, Capture, CollectionMethod, CustodyEvent, Source, SourceKind, SourceStatus
from picket.monitoring.tests.localserver import serve
from picket.monitoring.tests.storage_helpers import MONITORING_MANAGERS, MONITORING_VIEWERS
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TEXT = "Girls 14-16 yrs wanted for hotel work, no documents, call 9000012345"


@pytest.fixture(autouse=True)
def _no_dns(monkeypatch):
    """Names resolve to a documentation address (public for the check), never through a DNS server."""

    def resolve(host, port, **kwargs):
        if host.replace(".", "").isdigit():
            return socket.getaddrinfo(host, port, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", port or 443))]

    monkeypatch.setattr(services_sources, "resolve", resolve)


@pytest.fixture
def feed(world):
    return Source.objects.create(
        name="Jobs board", kind=SourceKind.JOB_PORTAL, method=CollectionMethod.FEED,
        url="https://jobs.example.org/feed.xml", created_by=world.user(Role.MONITORING_ANALYST, inside=True),
    )  # fmt: skip


def _everything():
    return snapshot(Source.objects.all(), Capture.objects.all(), CustodyEvent.objects.all(), Ad.objects.all())


def _viewer(seat):
    return seat.role in MONITORING_VIEWERS


def _manager(seat):
    return seat.role in MONITORING_MANAGERS


@matrix
def test_list_and_source_page(world, feed, seat):
    client = world.client_for(seat)
    listed = client.get("/monitoring/sources/")
    assert_access(listed, allowed=_viewer(seat))
    if _viewer(seat):
        assert "Jobs board" in listed.content.decode()
    page = client.get(f"/monitoring/sources/{feed.pk}/")
    assert_access(page, allowed=_viewer(seat))
    if _viewer(seat):
        assert ('data-testid="collect-now"' in page.content.decode()) == _manager(seat)


@matrix
def test_create(world, seat):
    before = _everything()
    response = world.client_for(seat).post(
        "/monitoring/sources/new/",
        {
            "name": "City classifieds", "kind": "classifieds", "method": "html", "url": "https://ads.example.org/",
            "selector_item": "div.ad", "selector_text": "p", "schedule_minutes": 60, "min_interval_seconds": 10,
            "timeout_seconds": 20, "max_megabytes": 5,
        },
    )  # fmt: skip
    assert_access(response, allowed=_manager(seat), unchanged=lambda: _everything() == before)
    assert Source.objects.filter(name="City classifieds").exists() == _manager(seat)


@matrix
def test_edit(world, feed, seat):
    before = _everything()
    response = world.client_for(seat).post(
        f"/monitoring/sources/{feed.pk}/edit/",
        {
            "name": "Jobs board", "kind": "job_portal", "method": "feed", "url": feed.url, "schedule_minutes": 120,
            "min_interval_seconds": 30, "timeout_seconds": 20, "max_megabytes": 5,
        },
    )  # fmt: skip
    assert_access(response, allowed=_manager(seat), unchanged=lambda: _everything() == before)
    feed.refresh_from_db()
    assert (feed.min_interval_seconds == 30) == _manager(seat)


@matrix
def test_pause_and_resume(world, feed, seat):
    client = world.client_for(seat)
    before = _everything()
    response = client.post(f"/monitoring/sources/{feed.pk}/pause/")
    assert_access(response, allowed=_manager(seat), unchanged=lambda: _everything() == before)
    feed.refresh_from_db()
    assert (feed.status == SourceStatus.PAUSED) == _manager(seat)
    if _manager(seat):
        client.post(f"/monitoring/sources/{feed.pk}/resume/")
        feed.refresh_from_db()
        assert feed.status == SourceStatus.ACTIVE
    else:
        Source.objects.filter(pk=feed.pk).update(status=SourceStatus.PAUSED)
        before = _everything()
        assert_access(client.post(f"/monitoring/sources/{feed.pk}/resume/"), allowed=False,
                      unchanged=lambda: _everything() == before)  # fmt: skip


@matrix
def test_collect_now(world, feed, seat, django_capture_on_commit_callbacks):
    before = _everything()
    with django_capture_on_commit_callbacks() as queued:
        response = world.client_for(seat).post(f"/monitoring/sources/{feed.pk}/collect/")
    assert_access(response, allowed=_manager(seat), unchanged=lambda: _everything() == before)
    feed.refresh_from_db()
    assert (feed.next_run_at is not None) == _manager(seat)
    assert len(queued) == (1 if _manager(seat) else 0)


@matrix
def test_submit_page(world, seat):
    assert_access(world.client_for(seat).get("/monitoring/sources/submit/"), allowed=_manager(seat))


@matrix
def test_submitting_a_screenshot(world, seat):
    before = _everything()
    response = world.client_for(seat).post(
        "/monitoring/sources/submit/screenshot/",
        {"screenshot": SimpleUploadedFile("shot.png", PNG, content_type="image/png"), "text": TEXT, "district": ""},
    )
    assert_access(response, allowed=_manager(seat), unchanged=lambda: _everything() == before)
    assert Capture.objects.filter(content_type="image/png").exists() == _manager(seat)


@matrix
def test_submitting_an_address(world, seat, settings):
    settings.PICKET_MONITORING_ALLOW_PRIVATE_ADDRESSES = True
    before = _everything()
    for server in serve():
        server.routes["/ad/1"] = (200, "text/html", b"<html><body><p>Hotel jobs abroad</p></body></html>")
        response = world.client_for(seat).post(
            "/monitoring/sources/submit/url/", {"url": server.url("/ad/1"), "text": TEXT}
        )
        assert_access(response, allowed=_manager(seat), unchanged=lambda: _everything() == before)
        assert Capture.objects.filter(content_type="text/html").exists() == _manager(seat)
        assert bool(server.requests) == _manager(seat)
