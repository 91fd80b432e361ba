"""Sources by staff: create and change them, pause and resume, "collect now", and bring in an ad by hand — a page
fetched from an address (with the collectors' fetching: robots.txt, timeout, size limit) or an uploaded
screenshot with the text the analyst reads in it.

Every write needs ``monitoring.manage`` and is audited with codes only (never an address or text). A problem
with a value is a ``ValidationError`` keyed by the field it is about.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from selectolax.lexbor import LexborHTMLParser

from picket.accounts.access import Actor
from picket.accounts.permissions import Permission
from picket.audit.models import AuditAction
from picket.geo.models import District
from picket.monitoring import selectors
from picket.monitoring.collectors import (
    USER_AGENT,
    CollectError,
    Fetched,
    _get,
    parse_feed,
    parse_html,
    refuse_private_addresses,
    robots_allows,
)
from picket.monitoring.common import audit, require_in
from picket.monitoring.models import Alert, Capture, CollectionMethod, Source, SourceKind, SourceStatus
from picket.monitoring.models.sources import DEFAULT_MAX_BYTES
from picket.monitoring.services_ingest import MAX_CAPTURE_BYTES, AdItem, IngestResult, ad_ingest, capture_store

SELECTOR_KEYS: Final = ("item", "text", "link", "posted_at", "city")
SCHEDULE_RANGE: Final = (15, 7 * 24 * 60)  # minutes: from a quarter of an hour to a week
INTERVAL_RANGE: Final = (1, 3600)  # seconds between two requests to the source
TIMEOUT_RANGE: Final = (1, 120)
MAX_BYTES_RANGE: Final = (64 * 1024, MAX_CAPTURE_BYTES)
SCREENSHOT_MAX_BYTES: Final = 10 * 1024 * 1024
# An image's first bytes, by type: only these are taken as screenshots.
IMAGE_SIGNATURES: Final = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/webp": (b"RIFF",),
}


@dataclass(frozen=True)
class SourceFields:
    """What staff set on a source (the status, errors and timings are the collectors')."""

    name: str
    kind: str
    method: str
    url: str = ""
    selectors: dict[str, str] = field(default_factory=dict)
    district: District | None = None
    schedule_minutes: int = 24 * 60
    min_interval_seconds: int = 10
    timeout_seconds: int = 20
    max_bytes: int = DEFAULT_MAX_BYTES


def _in_range(value: int, bounds: tuple[int, int], *, field_name: str) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise ValidationError({field_name: _("Give a number from %(low)d to %(high)d.") % {"low": low, "high": high}})


resolve = socket.getaddrinfo  # module-level so tests can answer without a DNS server


def private_addresses_allowed() -> bool:
    """Tests (local servers) may fetch from this machine; a deployment never does unless configured to."""
    return bool(getattr(settings, "PICKET_MONITORING_ALLOW_PRIVATE_ADDRESSES", False))


def check_address(url: str, *, field_name: str = "url") -> str:
    """An http(s) address on the public internet: never this server, its network or a cloud metadata service."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({field_name: _("Give an address starting with http:// or https://.")})
    if len(url) > 1000:
        raise ValidationError({field_name: _("At most %(n)d characters.") % {"n": 1000}})
    if on_private_network(parts.hostname, parts.port):
        raise ValidationError({field_name: _("This address is on a private or local network.")})
    return url


def on_private_network(host: str, port: int | None = None) -> bool:
    """Whether ``host`` resolves to an address that is not on the public internet (this server, its network, a
    cloud metadata service). A name that does not resolve now is not refused: fetching it will fail anyway."""
    if private_addresses_allowed():
        return False
    try:
        infos = resolve(host, port or None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    return any(not ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_global for info in infos)


def _check_selectors(values: dict[str, str], *, required: bool) -> dict[str, str]:
    cleaned = {key: " ".join(str(values.get(key, "")).split()) for key in SELECTOR_KEYS}
    cleaned = {key: value for key, value in cleaned.items() if value}
    errors: dict[str, list[str]] = {}
    if required:
        for key in ("item", "text"):
            if key not in cleaned:
                errors[f"selector_{key}"] = [_("Web-page sources need this selector.")]
    probe = LexborHTMLParser("<div><p>probe</p></div>")
    for key, value in cleaned.items():
        if len(value) > 200:
            errors[f"selector_{key}"] = [_("At most %(n)d characters.") % {"n": 200}]
            continue
        try:
            probe.css(value)
        except Exception:  # selectolax raises on a selector it cannot parse
            errors[f"selector_{key}"] = [_("This is not a CSS selector that can be used.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _checked(actor: Actor, values: SourceFields) -> dict[str, Any]:
    name = " ".join(values.name.split())
    if not name:
        raise ValidationError({"name": _("This field is required.")})
    if len(name) > 200:
        raise ValidationError({"name": _("At most %(n)d characters.") % {"n": 200}})
    if values.kind not in SourceKind.values:
        raise ValidationError({"kind": _("Choose a kind of source.")})
    if values.method not in CollectionMethod.values:
        raise ValidationError({"method": _("Choose how the source is collected.")})
    collected = values.method in (CollectionMethod.FEED, CollectionMethod.HTML)
    url = values.url.strip()
    if collected and not url:
        raise ValidationError({"url": _("Feeds and web pages need an address to collect.")})
    if url:
        url = check_address(url)
    if values.district is not None and not actor.covers({values.district.pk}):
        raise ValidationError({"district": _("Choose a district within your jurisdiction.")})
    _in_range(values.schedule_minutes, SCHEDULE_RANGE, field_name="schedule_minutes")
    _in_range(values.min_interval_seconds, INTERVAL_RANGE, field_name="min_interval_seconds")
    _in_range(values.timeout_seconds, TIMEOUT_RANGE, field_name="timeout_seconds")
    _in_range(values.max_bytes, MAX_BYTES_RANGE, field_name="max_bytes")
    chosen = _check_selectors(values.selectors, required=values.method == CollectionMethod.HTML)
    return {
        "name": name, "kind": values.kind, "method": values.method, "url": url,
        "selectors": chosen if values.method == CollectionMethod.HTML else {}, "district": values.district,
        "schedule_minutes": values.schedule_minutes, "min_interval_seconds": values.min_interval_seconds,
        "timeout_seconds": values.timeout_seconds, "max_bytes": values.max_bytes,
    }  # fmt: skip


def source_create(*, actor: Actor, values: SourceFields) -> Source:
    actor.require(Permission.MONITORING_MANAGE)
    checked = _checked(actor, values)
    assert actor.user is not None
    with transaction.atomic():
        source = Source.objects.create(**checked, created_by=actor.user)
        audit("source", source.pk, AuditAction.CREATE, kind=source.method)
    return source


def source_update(*, actor: Actor, source: Source, values: SourceFields) -> Source:
    """Change a source; a changed address, method or selectors is collected at the next round, afresh."""
    require_in(selectors.source_manageable(actor=actor), source)
    checked = _checked(actor, values)
    changed = [name for name, value in checked.items() if getattr(source, name) != value]
    with transaction.atomic():
        for name, value in checked.items():
            setattr(source, name, value)
        if {"url", "method", "selectors"} & set(changed):
            source.failures, source.backoff_until, source.next_run_at = 0, None, None
            if source.status == SourceStatus.FAILING:
                source.status, source.last_error = SourceStatus.ACTIVE, ""
        source.save()
        audit("source", source.pk, fields=changed)
    return source


def source_pause(*, actor: Actor, source: Source) -> Source:
    require_in(selectors.source_manageable(actor=actor), source)
    with transaction.atomic():
        if source.status != SourceStatus.PAUSED:
            source.status = SourceStatus.PAUSED
            source.save(update_fields=["status", "updated_at"])
            audit("source", source.pk, fields=["status"], kind="paused")
    return source


def source_resume(*, actor: Actor, source: Source) -> Source:
    """Collect again from the next round; a failing source's back-off is forgotten (someone looked at it)."""
    require_in(selectors.source_manageable(actor=actor), source)
    with transaction.atomic():
        if source.status == SourceStatus.PAUSED:
            source.status = SourceStatus.FAILING if source.failures else SourceStatus.ACTIVE
            source.backoff_until = None
            source.save(update_fields=["status", "backoff_until", "updated_at"])
            audit("source", source.pk, fields=["status"], kind="resumed")
    return source


def source_collect_now(*, actor: Actor, source: Source) -> Source:
    """Make the source due now (ignoring its back-off) and queue the collection job (no arguments)."""
    require_in(selectors.source_manageable(actor=actor), source)
    if not source.is_collected or not source.url:
        raise ValidationError(_("Only feeds and web pages with an address are collected."))
    if source.status == SourceStatus.PAUSED:
        raise ValidationError(_("The source is paused; resume it first."))
    from picket.monitoring.tasks import collect_due

    with transaction.atomic():
        source.next_run_at, source.backoff_until = timezone.now(), None
        source.save(update_fields=["next_run_at", "backoff_until", "updated_at"])
        audit("source", source.pk, fields=["next_run_at"], kind="collect_now")
        transaction.on_commit(lambda: collect_due.enqueue())
    return source


# --- what went wrong, in words ---------------------------------------------------------------------------------

_RAW: Final = [
    (re.compile(r"^HTTP (\d{3})$"), "http"),
    (re.compile(r"^page larger than (\d+) bytes \((\d+) declared\)$"), "declared"),
    (re.compile(r"^page larger than (\d+) bytes; stopped reading$"), "streamed"),
    (re.compile(r"^no answer within (\d+) seconds$"), "timeout"),
    (re.compile(r"^cannot reach the source \((\w+)\)$"), "unreachable"),
    (re.compile(r"^robots\.txt: (.+)$"), "robots"),
    (re.compile(r"^robots\.txt does not allow"), "robots_denied"),
    (re.compile(r"^not a readable RSS or Atom feed \((\w+)\)$"), "feed"),
    (re.compile(r"^the source has no 'item' and 'text' selectors$"), "no_selectors"),
    (re.compile(r"^the selectors cannot be used \((\w+)\)$"), "bad_selectors"),
    (re.compile(r"^no element matches the '(item|text)' selector"), "no_match"),
    (re.compile(r"^internal error while collecting"), "internal"),
    (re.compile(r"^the address is on a private or local network"), "private"),
]


def _size(count: str) -> str:
    value = int(count)
    megabytes = value / (1024 * 1024)
    if megabytes >= 1:
        return _("%(n)s MB") % {"n": f"{megabytes:.0f}" if megabytes == int(megabytes) else f"{megabytes:.1f}"}
    return _("%(n)d KB") % {"n": max(1, value // 1024)}


def error_message(raw: str, *, selectors: dict[str, str] | None = None) -> str:
    """A collector's short technical message (collectors.CollectError) as a person reads it, in their language."""
    for pattern, code in _RAW:
        found = pattern.match(raw)
        if found is None:
            continue
        groups = found.groups()
        if code == "http":
            return _("The site answered with an error (HTTP %(status)s).") % {"status": groups[0]}
        if code == "declared":
            return _("Page larger than %(limit)s (the site announced %(size)s); not read.") % {
                "limit": _size(groups[0]), "size": _size(groups[1]),
            }  # fmt: skip
        if code == "streamed":
            return _("Page larger than %(limit)s; reading stopped.") % {"limit": _size(groups[0])}
        if code == "timeout":
            return _("Unreachable: no answer within %(n)s seconds.") % {"n": groups[0]}
        if code == "unreachable":
            return _("Unreachable: cannot connect to the site (%(error)s).") % {"error": groups[0]}
        if code == "robots":
            if groups[0].startswith(("cannot reach", "no answer")):  # the whole site is out of reach
                return error_message(groups[0])
            return _("robots.txt could not be read: %(error)s") % {"error": error_message(groups[0])}
        if code == "robots_denied":
            return _("robots.txt does not allow collecting this address.")
        if code == "feed":
            return _("Not a readable RSS or Atom feed (%(error)s); the address may have changed.") % {
                "error": groups[0]
            }
        if code == "no_selectors":
            return _("The source has no 'item' and 'text' selectors.")
        if code == "bad_selectors":
            return _("The CSS selectors cannot be used (%(error)s).") % {"error": groups[0]}
        if code == "no_match":
            which = groups[0]
            chosen = (selectors or {}).get(which, "")
            if which == "item":
                return _("HTML did not match the selector “%(selector)s” for one ad; the page may have changed.") % {
                    "selector": chosen
                }
            return _("HTML did not match the selector “%(selector)s” for an ad's text; the page may have changed.") % {
                "selector": chosen
            }
        if code == "internal":
            return _("Internal error while collecting (see the server log).")
        if code == "private":
            return _("The address, or one it redirects to, is on a private or local network; not collected.")
    return raw


# --- ads brought in by hand ------------------------------------------------------------------------------------


@dataclass
class Submitted:
    capture: Capture
    results: list[IngestResult]


def _check_submission(actor: Actor, source: Source | None, district: District | None) -> None:
    if source is not None:
        require_in(selectors.source_list(actor=actor), source)
    if district is not None and not actor.covers({district.pk}):
        raise ValidationError({"district": _("Choose a district within your jurisdiction.")})


def _place(results: list[IngestResult], district: District | None) -> None:
    """A new ad brought in by hand that names no place (and whose source has no district) belongs to the district
    the person chose, and so do the alerts it raised; otherwise only national roles would see it."""
    if district is None:
        return
    for result in results:
        if result.created and result.ad.district_id is None:
            result.ad.district = district
            result.ad.save(update_fields=["district"])
            Alert.objects.filter(ad=result.ad, district__isnull=True).update(district=district)
            audit("ad", result.ad.pk, fields=["district"], kind="placed_by_submitter")


def _clean_text(text: str) -> str:
    text = text.strip()
    if len(text) > 20_000:
        raise ValidationError({"text": _("At most %(n)d characters.") % {"n": 20_000}})
    return text


def fetch_page(url: str, *, source: Source | None, transport: httpx.BaseTransport | None = None) -> Fetched:
    """One page, fetched as a collector would (robots.txt, the source's timeout and size limit).

    The source's own pacing is left to its collector: a person asking for one page is one visit.
    """
    visit = Source(
        min_interval_seconds=0, timeout_seconds=source.timeout_seconds if source else 20,
        max_bytes=source.max_bytes if source else DEFAULT_MAX_BYTES,
    )  # fmt: skip  # unsaved: the collectors' bookkeeping on it writes nothing
    with httpx.Client(
        timeout=visit.timeout_seconds, follow_redirects=True, max_redirects=5, transport=transport,
        headers={"User-Agent": USER_AGENT}, event_hooks={"request": [refuse_private_addresses]},
    ) as client:  # fmt: skip
        if not robots_allows(client, visit, url):
            raise CollectError("robots.txt does not allow collecting this address")
        return _get(client, visit, url, limit=visit.max_bytes)


def capture_submit_url(
    *,
    actor: Actor,
    url: str,
    source: Source | None = None,
    text: str = "",
    district: District | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Submitted:
    """Fetch an address a person gives and keep the page as a capture. The ad is the text typed, if any; else the
    page is read with the source's selectors (web pages) or as a feed. ``district``: where new ads that name no
    place belong."""
    actor.require(Permission.MONITORING_MANAGE)
    _check_submission(actor, source, district)
    url = check_address(url)
    text = _clean_text(text)
    if not text and not (source is not None and source.method in (CollectionMethod.HTML, CollectionMethod.FEED)):
        raise ValidationError({"text": _("Type the ad's text, or choose a feed or web-page source to read it.")})
    try:
        fetched = fetch_page(url, source=source, transport=transport)
        if text:
            items = [AdItem(text=text, url=fetched.url)]
        elif source is not None and source.method == CollectionMethod.HTML:
            items = parse_html(fetched, source.selectors)
        else:
            items = parse_feed(fetched)
    except CollectError as error:
        raise ValidationError(
            {"url": error_message(str(error), selectors=source.selectors if source else None)}
        ) from None
    with transaction.atomic():
        capture = capture_store(
            actor=actor, source=source, method=CollectionMethod.MANUAL, data=fetched.data,
            content_type=fetched.content_type, url=fetched.url,
        )  # fmt: skip
        results = [ad_ingest(actor=actor, capture=capture, item=item, source=source) for item in items]
        _place(results, district)
    return Submitted(capture=capture, results=results)


def screenshot_type(data: bytes) -> str:
    """The image type the bytes really are (PNG, JPEG or WebP), or ""."""
    for content_type, signatures in IMAGE_SIGNATURES.items():
        if any(data.startswith(signature) for signature in signatures):
            if content_type == "image/webp" and data[8:12] != b"WEBP":
                continue
            return content_type
    return ""


def capture_submit_screenshot(
    *,
    actor: Actor,
    data: bytes,
    text: str,
    source: Source | None = None,
    url: str = "",
    district: District | None = None,
) -> Submitted:
    """Keep a screenshot as a capture (SHA-256 of its bytes) and the text the analyst reads in it as an ad;
    ``district``: where the ad belongs if it names no place."""
    actor.require(Permission.MONITORING_MANAGE)
    _check_submission(actor, source, district)
    text = _clean_text(text)
    if not text:
        raise ValidationError({"text": _("Type the text of the ad in the screenshot.")})
    if not data:
        raise ValidationError({"screenshot": _("The file is empty.")})
    if len(data) > SCREENSHOT_MAX_BYTES:
        raise ValidationError({"screenshot": _("The screenshot is larger than 10 MB.")})
    content_type = screenshot_type(data)
    if not content_type:
        raise ValidationError({"screenshot": _("Upload a PNG, JPEG or WebP image.")})
    if url:
        url = url.strip()
        if urlsplit(url).scheme not in ("http", "https") or len(url) > 1000:
            raise ValidationError({"url": _("Give an address starting with http:// or https://.")})
    with transaction.atomic():
        capture = capture_store(
            actor=actor, source=source, method=CollectionMethod.MANUAL, data=data, content_type=content_type, url=url,
        )  # fmt: skip
        result = ad_ingest(actor=actor, capture=capture, item=AdItem(text=text, url=url), source=source)
        _place([result], district)
    return Submitted(capture=capture, results=[result])
