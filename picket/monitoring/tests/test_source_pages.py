"""Source pages beyond the role matrix: bad input ends as a clear message on the source's status page (HTML
that does not match the selectors, a 50 MB page, an unreachable host, a broken feed) and the other sources carry
on; forms name the field at fault; "collect now", pause and resume; ads brought in by hand (a fetched address, a
screenshot) kept as captures with their SHA-256. Local servers only, never the internet."""

from __future__ import annotations

import datetime
import hashlib
import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from picket.accounts.roles import Role
from picket.monitoring import services_sources
from picket.monitoring.models import Ad, Capture, CollectionMethod, CustodyEvent, Source, SourceKind, SourceStatus
from picket.monitoring.services_sources import error_message
from picket.monitoring.tasks import collect_all_due
from picket.monitoring.tests.localserver import serve
from picket.testing.auth import login_verified

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(200))
TEXT = "Girls 14-16 yrs wanted for hotel work, no documents, salary to parents, call 9000012345"
PAGE = b"""<html><body><div class="ad"><p class="body">Spa girls needed 24x7, new young girls, call 9000011111</p>
<a class="more" href="/ad/7">more</a></div></body></html>"""
VALID = {"kind": "classifieds", "schedule_minutes": 60, "min_interval_seconds": 10, "timeout_seconds": 20,
         "max_megabytes": 5}  # fmt: skip


@pytest.fixture(autouse=True)
def _no_dns(monkeypatch):
    """Names resolve to a documentation address (public for the check), never through a DNS server."""

    def resolve(host, port, **kwargs):
        if host.replace(".", "").isdigit():
            return socket.getaddrinfo(host, port, **kwargs)
        if host.endswith(".internal"):  # a name that points into the server's own network
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port or 443))]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", port or 443))]

    monkeypatch.setattr(services_sources, "resolve", resolve)


@pytest.fixture
def server(settings):
    settings.PICKET_MONITORING_ALLOW_PRIVATE_ADDRESSES = True
    yield from serve()


@pytest.fixture
def client(world):
    return login_verified(Client(), world.user(Role.MONITORING_ANALYST, inside=True))


def _source(world, url, *, method=CollectionMethod.HTML, **fields):
    return Source.objects.create(
        name=fields.pop("name", "Board"), kind=SourceKind.CLASSIFIEDS, method=method, url=url,
        min_interval_seconds=0, created_by=world.user(Role.MONITORING_ANALYST, inside=True), **fields,
    )  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_bad_input_is_a_clear_error_on_the_status_page_and_the_other_sources_carry_on(world, server, client):
    server.routes["/changed.html"] = (200, "text/html", b"<html><body><p>redesigned</p></body></html>")
    server.routes["/huge.html"] = (200, "text/html", lambda: (b"x" * 1024 * 1024 for _ in range(50)))
    server.routes["/broken.xml"] = (200, "application/rss+xml", b"<rss><channel><item><title>cut")
    server.routes["/good.html"] = (200, "text/html", PAGE)
    selectors = {"item": "div.listing", "text": "p.body"}
    changed = _source(world, server.url("/changed.html"), name="Changed", selectors=selectors)
    huge = _source(world, server.url("/huge.html"), name="Huge", selectors=selectors)
    unreachable = _source(world, f"http://127.0.0.1:{_free_port()}/", name="Gone", selectors=selectors)
    broken = _source(world, server.url("/broken.xml"), name="Broken", method=CollectionMethod.FEED)
    good = _source(world, server.url("/good.html"), name="Good", selectors={"item": "div.ad", "text": "p.body"})
    counts = collect_all_due()
    assert counts["sources"] == 5 and counts["failed"] == 4 and counts["ads"] == 1
    page = client.get("/monitoring/sources/").content.decode()
    assert "HTML did not match the selector “div.listing” for one ad" in page
    assert "Page larger than 5 MB" in page
    assert "Unreachable: cannot connect" in page
    assert "Not a readable RSS or Atom feed" in page
    assert page.count('data-state="backing_off"') == 4 and page.count('data-state="ok"') == 1
    status = client.get(f"/monitoring/sources/{changed.pk}/").content.decode()
    assert "the page may have changed" in status and 'data-state="backing_off"' in status
    for source in (huge, unreachable, broken):
        source.refresh_from_db()
        assert source.status == SourceStatus.FAILING and source.backoff_until > timezone.now()
    good.refresh_from_db()
    assert good.status == SourceStatus.ACTIVE and Ad.objects.filter(source=good).count() == 1


def test_collector_messages_read_clearly():
    assert error_message("page larger than 5242880 bytes (52428800 declared)") == (
        "Page larger than 5 MB (the site announced 50 MB); not read."
    )
    assert error_message("HTTP 503") == "The site answered with an error (HTTP 503)."
    assert error_message("no answer within 20 seconds") == "Unreachable: no answer within 20 seconds."
    assert error_message("robots.txt: HTTP 500") == (
        "robots.txt could not be read: The site answered with an error (HTTP 500)."
    )
    assert error_message("something new") == "something new"


def test_source_form_names_the_field_at_fault(world, client, settings):
    settings.PICKET_MONITORING_ALLOW_PRIVATE_ADDRESSES = False
    cases: list[tuple[dict[str, object], str]] = [
        ({"name": "A", "method": "html", "url": "https://ads.example.org/"}, "selector_item"),
        (
            {
                "name": "A",
                "method": "html",
                "url": "https://ads.example.org/",
                "selector_item": "div[",
                "selector_text": "p",
            },
            "selector_item",
        ),
        ({"name": "A", "method": "feed", "url": "ftp://ads.example.org/feed"}, "url"),
        ({"name": "A", "method": "feed", "url": ""}, "url"),
        ({"name": "A", "method": "feed", "url": "http://127.0.0.1:8000/admin/"}, "url"),
        ({"name": "A", "method": "feed", "url": "http://metadata.internal/latest/"}, "url"),
        (
            {"name": "A", "method": "feed", "url": "https://ads.example.org/f", "schedule_minutes": 1},
            "schedule_minutes",
        ),
        ({"name": "A", "method": "feed", "url": "https://ads.example.org/f", "max_megabytes": 50}, "max_megabytes"),
        ({"name": "", "method": "feed", "url": "https://ads.example.org/f"}, "name"),
        ({"name": "A", "method": "carrier_pigeon", "url": "https://ads.example.org/f"}, "method"),
    ]
    for values, field in cases:
        response = client.post("/monitoring/sources/new/", {**VALID, **values})
        assert response.status_code == 200, values
        assert field in response.context["form"].errors, (values, response.context["form"].errors)
    assert not Source.objects.exists()


def test_a_source_is_created_and_changed_and_the_change_clears_its_back_off(world, client):
    response = client.post(
        "/monitoring/sources/new/",
        {**VALID, "name": "City ads", "method": "html", "url": "https://ads.example.org/list",
         "selector_item": " div.ad ", "selector_text": "p.body", "selector_city": "span.city"},
    )  # fmt: skip
    source = Source.objects.get()
    assert response["Location"] == f"/monitoring/sources/{source.pk}/"
    assert source.selectors == {"item": "div.ad", "text": "p.body", "city": "span.city"}
    Source.objects.filter(pk=source.pk).update(
        status=SourceStatus.FAILING, failures=3, last_error="HTTP 404", backoff_until=timezone.now()
    )
    edit = client.get(f"/monitoring/sources/{source.pk}/edit/").content.decode()
    assert 'value="div.ad"' in edit and 'value="https://ads.example.org/list"' in edit
    client.post(
        f"/monitoring/sources/{source.pk}/edit/",
        {**VALID, "name": "City ads", "method": "html", "url": "https://ads.example.org/new-list",
         "selector_item": "div.ad", "selector_text": "p.body"},
    )  # fmt: skip
    source.refresh_from_db()
    assert source.status == SourceStatus.ACTIVE and source.failures == 0 and source.backoff_until is None


def test_collect_now_pause_and_resume(world, client, server, django_capture_on_commit_callbacks):
    server.routes["/good.html"] = (200, "text/html", PAGE)
    source = _source(world, server.url("/good.html"), selectors={"item": "div.ad", "text": "p.body"})
    Source.objects.filter(pk=source.pk).update(
        status=SourceStatus.FAILING, failures=2, backoff_until=timezone.now() + datetime.timedelta(hours=1),
        next_run_at=timezone.now() + datetime.timedelta(hours=1),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/monitoring/sources/{source.pk}/collect/")
    source.refresh_from_db()
    assert source.status == SourceStatus.ACTIVE and Ad.objects.filter(source=source).count() == 1  # it ran
    client.post(f"/monitoring/sources/{source.pk}/pause/")
    page = client.get(f"/monitoring/sources/{source.pk}/").content.decode()
    assert 'data-state="paused"' in page and 'data-testid="resume"' in page
    refused = client.post(f"/monitoring/sources/{source.pk}/collect/", follow=True).content.decode()
    assert "The source is paused; resume it first." in refused
    client.post(f"/monitoring/sources/{source.pk}/resume/")
    source.refresh_from_db()
    assert source.status == SourceStatus.ACTIVE


def test_a_screenshot_is_kept_with_its_digest_and_its_text_becomes_an_ad(world, client):
    response = client.post(
        "/monitoring/sources/submit/screenshot/",
        {
            "screenshot": SimpleUploadedFile("shot.png", PNG, content_type="image/png"),
            "text": TEXT,
            "district": world.district_a.pk,
        },
    )
    capture = Capture.objects.get()
    ad = Ad.objects.get()
    assert response["Location"] == f"/monitoring/ads/{ad.pk}/" and "9000012345" not in response["Location"]
    assert capture.sha256 == hashlib.sha256(PNG).hexdigest() and capture.content_type == "image/png"
    assert capture.method == CollectionMethod.MANUAL and capture.captured_by is not None
    with capture.content.open("rb") as stored:
        assert stored.read() == PNG
    assert CustodyEvent.objects.filter(capture=capture, kind="captured").exists()
    assert ad.sightings.get().capture == capture and ad.flagged and ad.district == world.district_a


def test_an_ad_brought_in_without_a_place_or_a_district_is_not_a_404(world, client):
    page = client.get("/monitoring/sources/submit/").content.decode()
    assert f'<option value="{world.district_a.pk}" selected>' in page  # the analyst's only district, preselected
    response = client.post(
        "/monitoring/sources/submit/screenshot/",
        {"screenshot": SimpleUploadedFile("shot.png", PNG, content_type="image/png"), "text": TEXT},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/monitoring/sources/submit/"
    assert "placed outside your districts" in response.content.decode()
    assert Ad.objects.get().district is None
    response = client.post(
        "/monitoring/sources/submit/screenshot/",
        {"screenshot": SimpleUploadedFile("s.png", PNG, content_type="image/png"), "text": TEXT,
         "district": world.district_b.pk},
    )  # fmt: skip
    assert "district" in response.context["screenshot_form"].errors


def test_a_screenshot_that_is_not_an_image_or_has_no_text_is_refused_by_field(world, client):
    response = client.post(
        "/monitoring/sources/submit/screenshot/",
        {"screenshot": SimpleUploadedFile("shot.png", b"MZ\x90\x00 not an image", content_type="image/png"),
         "text": TEXT},
    )  # fmt: skip
    assert "screenshot" in response.context["screenshot_form"].errors
    response = client.post(
        "/monitoring/sources/submit/screenshot/",
        {"screenshot": SimpleUploadedFile("shot.png", PNG, content_type="image/png"), "text": "  "},
    )
    assert "text" in response.context["screenshot_form"].errors
    assert not Capture.objects.exists() and not Ad.objects.exists()


def test_an_address_is_fetched_by_the_collectors_and_read_with_the_sources_selectors(world, client, server):
    server.routes["/ad/7"] = (200, "text/html", PAGE)
    source = _source(
        world, server.url("/"), selectors={"item": "div.ad", "text": "p.body", "link": "a.more"},
        district=world.district_a,
    )  # fmt: skip  # a local listing: its ads naming no place are in its district
    response = client.post("/monitoring/sources/submit/url/", {"url": server.url("/ad/7"), "source": source.pk})
    ad = Ad.objects.get()
    assert response["Location"] == f"/monitoring/ads/{ad.pk}/"
    assert "9000011111" in ad.text and ad.source == source and ad.url == server.url("/ad/7")
    capture = Capture.objects.get()
    assert capture.sha256 == hashlib.sha256(PAGE).hexdigest() and capture.url == server.url("/ad/7")
    assert "/robots.txt" in server.requests


def test_an_address_that_fails_is_a_clear_error_on_the_address_field(world, client, server):
    server.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
    server.routes["/huge"] = (200, "text/html", lambda: (b"x" * 1024 * 1024 for _ in range(50)))
    cases = [
        (server.url("/private/ad"), "robots.txt does not allow collecting this address."),
        (server.url("/huge"), "Page larger than 5 MB; reading stopped."),
        (server.url("/missing"), "The site answered with an error (HTTP 404)."),
        (f"http://127.0.0.1:{_free_port()}/ad", "Unreachable: cannot connect to the site (ConnectError)."),
    ]
    for url, message in cases:
        response = client.post("/monitoring/sources/submit/url/", {"url": url, "text": TEXT})
        assert response.status_code == 200
        assert response.context["url_form"].errors["url"] == [message]
    response = client.post("/monitoring/sources/submit/url/", {"url": server.url("/ad/1")})
    assert "text" in response.context["url_form"].errors  # no text and no source to read it with
    assert not Capture.objects.exists()


def test_the_registry_costs_the_same_few_queries_however_many_sources(world, client, django_assert_max_num_queries):
    for n in range(30):
        _source(world, f"https://ads{n}.example.org/", name=f"Board {n}", selectors={"item": "a", "text": "b"})
    client.get("/monitoring/sources/")
    with django_assert_max_num_queries(12):
        assert client.get("/monitoring/sources/").status_code == 200
