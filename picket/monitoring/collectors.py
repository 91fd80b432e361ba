"""Collecting sources: RSS/Atom feeds (``feedparser``) and web pages with CSS selectors (``selectolax``), fetched
with ``httpx`` — robots.txt obeyed, one request per ``min_interval_seconds`` per source, a timeout, and at most
``max_bytes`` read (the body is streamed and dropped past the limit).

A failure of any kind is recorded on the source (a short technical message, never page content) and the source
backs off: 15 minutes after the first failure, doubling up to a day. Nothing else stops: each source is
collected on its own, and each ad in its own transaction.
"""

from __future__ import annotations

import datetime
import time
import urllib.robotparser
import xml.sax
from dataclasses import dataclass
from typing import Final
from urllib.parse import urljoin, urlsplit

import feedparser  # type: ignore[import-untyped]
import httpx
from django.db import transaction
from django.utils import timezone
from selectolax.lexbor import LexborHTMLParser

from picket.monitoring.images import feed_image_urls, html_image_urls, images_collect
from picket.monitoring.models import CollectionMethod, Source, SourceStatus
from picket.monitoring.services_ingest import AdItem, ad_ingest, capture_store

USER_AGENT: Final = "PicketMonitor/1.0 (+https://github.com/picket; child-protection research)"
FIRST_BACKOFF: Final = datetime.timedelta(minutes=15)
MAX_BACKOFF: Final = datetime.timedelta(days=1)
ROBOTS_MAX_BYTES: Final = 512 * 1024
MAX_ITEMS: Final = 500


class CollectError(Exception):
    """A collection failure, with a message fit for the source's status page (no content of the page)."""


@dataclass(frozen=True)
class Fetched:
    url: str
    data: bytes
    content_type: str


def _wait_for_rate_limit(source: Source) -> None:
    if source.last_request_at is None:
        return
    ready = source.last_request_at + datetime.timedelta(seconds=source.min_interval_seconds)
    delay = (ready - timezone.now()).total_seconds()
    if delay > 0:
        time.sleep(min(delay, source.min_interval_seconds))


def refuse_private_addresses(request: httpx.Request) -> None:
    """httpx request hook, so it runs for every request of a collection, redirects included: a source's page or
    feed (untrusted) must not lead the server into its own network or a cloud metadata service."""
    from picket.monitoring.services_sources import on_private_network

    if on_private_network(request.url.host, request.url.port):
        raise CollectError("the address is on a private or local network; not collected")


def _get(client: httpx.Client, source: Source, url: str, *, limit: int) -> Fetched:
    _wait_for_rate_limit(source)
    source.last_request_at = timezone.now()
    Source.objects.filter(pk=source.pk).update(last_request_at=source.last_request_at)
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise CollectError(f"HTTP {response.status_code}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise CollectError(f"page larger than {limit} bytes ({declared} declared)")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise CollectError(f"page larger than {limit} bytes; stopped reading")
                chunks.append(chunk)
            return Fetched(str(response.url), b"".join(chunks), response.headers.get("content-type", "")[:100])
    except httpx.TimeoutException:
        raise CollectError(f"no answer within {source.timeout_seconds} seconds") from None
    except httpx.HTTPError as error:
        raise CollectError(f"cannot reach the source ({type(error).__name__})") from None


def robots_allows(client: httpx.Client, source: Source, url: str) -> bool:
    parts = urlsplit(url)
    robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
    parser = urllib.robotparser.RobotFileParser()
    try:
        fetched = _get(client, source, robots_url, limit=ROBOTS_MAX_BYTES)
    except CollectError as error:
        if str(error).startswith("HTTP 4"):  # no robots.txt: everything allowed (RFC 9309)
            return True
        raise CollectError(f"robots.txt: {error}") from None
    parser.parse(fetched.data.decode("utf-8", errors="replace").splitlines())
    return parser.can_fetch(USER_AGENT, url)


def parse_feed(fetched: Fetched) -> list[AdItem]:
    feed = feedparser.parse(fetched.data)
    # Lenient about encodings and content types (common and harmless), not about broken XML: what feedparser
    # recovers from a truncated or malformed document cannot be trusted as evidence.
    if feed.bozo and (not feed.entries or isinstance(feed.bozo_exception, xml.sax.SAXException)):
        raise CollectError(f"not a readable RSS or Atom feed ({type(feed.bozo_exception).__name__})")
    items = []
    for entry in feed.entries[:MAX_ITEMS]:
        text = " ".join(part for part in (entry.get("title", ""), _plain(entry.get("summary", ""))) if part).strip()
        if not text:
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        posted = datetime.date(*published[:3]) if published else None
        link = entry.get("link", "")
        url = urljoin(fetched.url, link) if link else ""
        items.append(
            AdItem(text=text, url=url, external_id=entry.get("id", "")[:200], posted_at=posted,
                   images=feed_image_urls(entry, fetched.url))
        )  # fmt: skip
    return items


def _plain(html: str) -> str:
    if "<" not in html:
        return html
    tree = LexborHTMLParser(html)
    return " ".join((tree.text(separator=" ") or "").split())


def _date(value: str) -> datetime.date | None:
    value = value.strip()[:10]
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def parse_html(fetched: Fetched, selectors: dict[str, str]) -> list[AdItem]:
    item_selector, text_selector = selectors.get("item", ""), selectors.get("text", "")
    if not item_selector or not text_selector:
        raise CollectError("the source has no 'item' and 'text' selectors")
    try:
        tree = LexborHTMLParser(fetched.data.decode("utf-8", errors="replace"))
        nodes = tree.css(item_selector)
    except Exception as error:  # selectolax raises on an invalid selector
        raise CollectError(f"the selectors cannot be used ({type(error).__name__})") from None
    if not nodes:
        raise CollectError("no element matches the 'item' selector; the page may have changed")
    items = []
    for node in nodes[:MAX_ITEMS]:
        text_node = node.css_first(text_selector)
        text = " ".join((text_node.text(separator=" ") if text_node else "").split())
        if not text:
            continue
        link_node = node.css_first(selectors["link"]) if selectors.get("link") else None
        href = (link_node.attributes.get("href") or "") if link_node else ""
        date_node = node.css_first(selectors["posted_at"]) if selectors.get("posted_at") else None
        city_node = node.css_first(selectors["city"]) if selectors.get("city") else None
        items.append(
            AdItem(
                text=text,
                url=urljoin(fetched.url, href) if href else "",
                posted_at=_date(date_node.attributes.get("datetime") or date_node.text()) if date_node else None,
                city=city_node.text().strip() if city_node else "",
                images=html_image_urls(node, selectors, fetched.url),
            )
        )
    if not items:
        raise CollectError("no element matches the 'text' selector; the page may have changed")
    return items


@dataclass
class CollectResult:
    ads: int = 0
    new: int = 0
    alerts: int = 0
    error: str = ""


def _record_failure(source: Source, message: str, now: datetime.datetime) -> None:
    source.failures += 1
    delay = min(FIRST_BACKOFF * (2 ** (source.failures - 1)), MAX_BACKOFF)
    source.status, source.last_error, source.backoff_until = SourceStatus.FAILING, message[:300], now + delay
    source.last_run_at = now
    source.save(update_fields=["status", "last_error", "failures", "backoff_until", "last_run_at", "updated_at"])


def _record_success(source: Source, now: datetime.datetime) -> None:
    source.failures, source.status, source.last_error, source.backoff_until = 0, SourceStatus.ACTIVE, "", None
    source.last_run_at = source.last_success_at = now
    source.next_run_at = now + datetime.timedelta(minutes=source.schedule_minutes)
    source.save(
        update_fields=["failures", "status", "last_error", "backoff_until", "last_run_at", "last_success_at",
                       "next_run_at", "updated_at"]
    )  # fmt: skip


def source_collect(source: Source, *, transport: httpx.BaseTransport | None = None) -> CollectResult:
    """Fetch a feed or web-page source once, store the capture and its ads; record success or failure."""
    now = timezone.now()
    result = CollectResult()
    if source.method not in (CollectionMethod.FEED, CollectionMethod.HTML) or not source.url:
        result.error = "not a collected source"
        return result
    try:
        with httpx.Client(
            timeout=source.timeout_seconds, follow_redirects=True, max_redirects=5, transport=transport,
            headers={"User-Agent": USER_AGENT}, event_hooks={"request": [refuse_private_addresses]},
        ) as client:  # fmt: skip
            if not robots_allows(client, source, source.url):
                raise CollectError("robots.txt does not allow collecting this address")
            fetched = _get(client, source, source.url, limit=source.max_bytes)
        items = parse_feed(fetched) if source.method == CollectionMethod.FEED else parse_html(fetched, source.selectors)
    except CollectError as error:
        _record_failure(source, str(error), now)
        result.error = str(error)
        return result
    capture = capture_store(
        actor=None, source=source, method=source.method, data=fetched.data, content_type=fetched.content_type,
        url=fetched.url, fetched_at=now,
    )  # fmt: skip
    pending = []
    for item in items:
        with transaction.atomic():
            ingested = ad_ingest(actor=None, capture=capture, item=item)
        pending.append((ingested.ad, item.images))
        result.ads += 1
        result.new += ingested.created
        result.alerts += len(ingested.alerts)
    images_collect(source, pending, transport=transport)  # hashes only; a bad image never fails the source
    _record_success(source, now)
    return result
