"""Collectors against a local server: feeds, pages with selectors, robots.txt, size limits, unreachable hosts,
back-off. Nothing here reaches the internet."""

from __future__ import annotations

import datetime
import socket

import pytest
from django.utils import timezone

from picket.accounts.roles import Role
from picket.monitoring.collectors import source_collect
from picket.monitoring.models import Ad, Capture, CollectionMethod, Source, SourceKind, SourceStatus
from picket.monitoring.tasks import collect_all_due
from picket.monitoring.tests.localserver import serve

pytestmark = pytest.mark.django_db

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Jobs</title>
<item><title>Girls 14-16 yrs wanted</title><description>House work in the city, salary to parents.
Call 9000012345</description><link>/jobs/1</link><guid>job-1</guid>
<pubDate>Mon, 06 Jan 2025 10:00:00 +0530</pubDate></item>
<item><title>Accountant wanted</title><description>B.Com, salary to bank account, PF and ESI</description>
<link>/jobs/2</link><guid>job-2</guid></item>
</channel></rss>"""

PAGE = b"""<html><body><div class="ad"><p class="body">Spa girls needed 24x7, new young girls, call 9000011111</p>
<a class="more" href="/ad/7">more</a><span class="city">Patna</span></div>
<div class="ad"><p class="body">Cook wanted for a family, salary to bank account</p></div></body></html>"""


@pytest.fixture
def server():
    yield from serve()


def source(world, server, *, method=CollectionMethod.FEED, path="/feed.xml", **fields):
    creator = world.user(Role.MONITORING_ANALYST, inside=True)
    return Source.objects.create(
        name="Jobs board", kind=SourceKind.JOB_PORTAL, method=method, url=server.url(path), min_interval_seconds=0,
        district=world.district_a, created_by=creator, **fields,
    )  # fmt: skip


def test_a_feed_is_collected_and_a_second_run_recognises_every_ad(world, server):
    server.routes["/feed.xml"] = (200, "application/rss+xml", FEED)
    feed = source(world, server)
    result = source_collect(feed)
    assert (result.ads, result.new, result.error) == (2, 2, "")
    assert Ad.objects.filter(flagged=True).count() == 1
    ad = Ad.objects.get(external_id="job-1")
    assert ad.url == server.url("/jobs/1") and ad.posted_at == datetime.date(2025, 1, 6)
    feed.refresh_from_db()
    assert feed.status == SourceStatus.ACTIVE and feed.next_run_at > timezone.now()
    again = source_collect(feed)
    assert (again.ads, again.new) == (2, 0) and Ad.objects.count() == 2 and Capture.objects.count() == 2
    assert "/robots.txt" in server.requests


def test_a_page_is_read_with_its_selectors(world, server):
    server.routes["/ads"] = (200, "text/html; charset=utf-8", PAGE)
    page = source(world, server, method=CollectionMethod.HTML, path="/ads",
                  selectors={"item": "div.ad", "text": "p.body", "link": "a.more", "city": "span.city"})  # fmt: skip
    result = source_collect(page)
    assert (result.ads, result.error) == (2, "")
    spa = Ad.objects.get(flagged=True)
    assert spa.url == server.url("/ad/7") and spa.city == "Patna"


def _fails(world, server, expected: str, **fields) -> Source:
    collected = source(world, server, **fields)
    before = timezone.now()
    result = source_collect(collected)
    collected.refresh_from_db()
    assert expected in result.error and expected in collected.last_error
    assert collected.status == SourceStatus.FAILING and collected.backoff_until > before
    assert not Ad.objects.exists()
    return collected


def test_a_malformed_feed_is_an_error_on_the_source(world, server):
    server.routes["/feed.xml"] = (200, "application/rss+xml", b"<rss><channel><item><title>broken")
    _fails(world, server, "not a readable RSS or Atom feed")


def test_a_page_without_the_expected_elements_is_an_error_on_the_source(world, server):
    server.routes["/ads"] = (200, "text/html", b"<html><body><p>We moved to a new design</p></body></html>")
    _fails(world, server, "no element matches the 'item' selector", method=CollectionMethod.HTML, path="/ads",
           selectors={"item": "div.ad", "text": "p.body"})  # fmt: skip


def test_robots_txt_disallowing_is_obeyed(world, server):
    server.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /\n")
    server.routes["/feed.xml"] = (200, "application/rss+xml", FEED)
    _fails(world, server, "robots.txt does not allow")
    assert "/feed.xml" not in server.requests


def test_a_50_mb_page_is_not_read_past_the_limit(world, server):
    def huge():
        for _ in range(50 * 16):  # 50 MB in 64 KB chunks, without a Content-Length
            yield b"<p>" + b"x" * (64 * 1024 - 3)

    server.routes["/feed.xml"] = (200, "text/html", huge)
    _fails(world, server, "page larger than", max_bytes=1024 * 1024)


def test_an_unreachable_host_backs_off_doubling_up_to_a_day(world):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    creator = world.user(Role.MONITORING_ANALYST, inside=True)
    dead = Source.objects.create(
        name="Gone", kind=SourceKind.CLASSIFIEDS, method=CollectionMethod.FEED, url=f"http://127.0.0.1:{port}/feed",
        timeout_seconds=2, min_interval_seconds=0, created_by=creator,
    )  # fmt: skip
    delays = []
    for _ in range(9):
        before = timezone.now()
        source_collect(dead)
        dead.refresh_from_db()
        assert dead.backoff_until is not None
        delays.append(round((dead.backoff_until - before).total_seconds() / 60))
    assert "cannot reach the source" in dead.last_error
    assert delays[:4] == [15, 30, 60, 120] and delays[-1] == 24 * 60


def test_one_failing_source_does_not_stop_the_others(world, server):
    server.routes["/feed.xml"] = (200, "application/rss+xml", FEED)
    server.routes["/bad.xml"] = (500, "text/plain", b"oops")
    source(world, server, path="/bad.xml")
    good = source(world, server)
    counts = collect_all_due()
    assert counts["sources"] == 2 and counts["failed"] == 1 and counts["ads"] == 2
    good.refresh_from_db()
    assert good.status == SourceStatus.ACTIVE
    assert collect_all_due()["sources"] == 0  # neither is due: one scheduled, one backing off


def test_a_source_or_a_redirect_into_the_servers_own_network_is_refused(world, server, settings, monkeypatch):
    """A deployment never lets a page or feed lead it to this machine, its network or a metadata service — not
    the source's address itself, and not a redirect from a public one (checked on every request)."""
    import httpx

    from picket.monitoring import services_sources

    settings.PICKET_MONITORING_ALLOW_PRIVATE_ADDRESSES = False
    local = source(world, server)  # the local test server: 127.0.0.1
    result = source_collect(local)
    local.refresh_from_db()
    assert "private or local network" in result.error and "private or local network" in local.last_error
    assert not Capture.objects.exists() and not Ad.objects.exists()

    def resolve(host, port, **kwargs):  # a public name, without a DNS server
        if host == "jobs.example.org":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", port or 443))]
        return socket.getaddrinfo(host, port, **kwargs)

    monkeypatch.setattr(services_sources, "resolve", resolve)
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        if request.url.host == "jobs.example.org" and request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.host == "jobs.example.org":
            return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        return httpx.Response(200, content=FEED)

    public = source(world, server)
    public.url = "https://jobs.example.org/feed.xml"
    public.save()
    result = source_collect(public, transport=httpx.MockTransport(answer))
    assert "private or local network" in result.error
    assert not any("169.254" in url for url in asked)  # refused before it was asked
    assert not Capture.objects.exists()


def test_the_private_network_refusal_reads_as_words_on_the_source_page():
    from picket.monitoring.services_sources import error_message

    message = error_message("the address is on a private or local network; not collected")
    assert message.startswith("The address, or one it redirects to, is on a private or local network")
