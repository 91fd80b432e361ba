"""Ads' images (issue #7, item 6): linked by perceptual hash, kept as files only when preserved as evidence.

Collectors hand over the image addresses of each ad they collected (a feed's enclosures, ``media:content`` and
``media:thumbnail`` and the ``<img>`` in its summary; on a web page, the elements matched by the source's
optional ``image`` selector). ``images_collect`` fetches them under the collectors' rules — robots.txt obeyed,
``min_interval_seconds`` between requests, the timeout, at most ``MAX_IMAGE_BYTES`` (or the source's limit if
lower) — and at most ``MAX_IMAGES_PER_AD`` per ad and ``MAX_IMAGES_PER_RUN`` per run (the rest waits for the next
re-capture). Each image is hashed in memory (pHash and dHash, 64 bits each) and dropped; ``AdImage`` keeps the
hashes, the address, the size and the dimensions.

**Near-identical**: pHash within ``PHASH_MAX`` bits *and* dHash within ``DHASH_MAX`` bits. Measured on generated
photographs (``tests/test_images.py``): resizing, JPEG recompression down to quality 30, greyscale and cropping
up to 2 % on each side or 3 % off one edge stay within 10 bits on both; distinct images are 16 bits apart or more
on pHash and 37 or more on the two together. Near-identical images share a ``photo`` group (the smallest id);
an image matching two groups merges them.

A shared photo is shown on the ad page ("the same photo as N other ads", with their networks) but does not merge
operator networks by itself: stock photos are common in job ads and, unlike the text template's boilerplate
(ADR 15), there is no learnt list of them yet; a merge of networks cannot be undone.

**Preserving** (``ad_image_preserve``, ``evidence.preserve`` within the analyst's districts): the image is fetched
again, must still hash within the thresholds, and its bytes are stored as an encrypted ``Capture`` with SHA-256
(``capture_store``), a custody event "preserved" and a sighting of the ad in that capture — so the evidence
packet of the ad (and of its network) carries it. Viewing it (``ad_image_read``) is for the monitoring role
(``monitoring.manage``) in the ad's district, checks the digest and adds a custody event "viewed".
"""

from __future__ import annotations

import datetime
import io
import ipaddress
import socket
import threading
import urllib.robotparser
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urljoin, urlsplit

import httpx
import imagehash
import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from picket.accounts.access import Actor
from picket.accounts.permissions import Permission
from picket.audit.models import AuditAction
from picket.monitoring import selectors
from picket.monitoring.common import audit, index_of, require_in
from picket.monitoring.models import (
    Ad,
    AdImage,
    AdSighting,
    Capture,
    CollectionMethod,
    CustodyEvent,
    CustodyKind,
    Source,
)

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

PHASH_MAX: Final = 10
DHASH_MAX: Final = 10
MAX_IMAGES_PER_AD: Final = 4
MAX_IMAGES_PER_RUN: Final = 40
MAX_IMAGE_BYTES: Final = 5 * 1024 * 1024
MAX_PIXELS: Final = 40_000_000  # a decompression bomb is refused before it is decoded
MIN_SIDE: Final = 64  # icons, spacers and tracking pixels are not photos
FORMATS: Final = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


class ImageError(Exception):
    """The bytes are not an image Picket hashes (a short technical message, never content)."""


@dataclass(frozen=True)
class Hashed:
    phash: str
    dhash: str
    width: int
    height: int
    size: int
    content_type: str


def image_hash(data: bytes) -> Hashed:
    """pHash and dHash of an image given as bytes, computed in memory."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in FORMATS:
                raise ImageError(f"not a JPEG, PNG, GIF or WebP image ({image.format})")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageError(f"image too large ({width}x{height} pixels)")
            if min(width, height) < MIN_SIDE:
                raise ImageError(f"image too small ({width}x{height} pixels)")
            image.load()
            picture = image.convert("RGB")
            content_type = FORMATS[image.format]
    except ImageError:
        raise
    except Exception as error:  # Pillow raises many kinds (OSError, SyntaxError, struct.error…) on bad bytes
        raise ImageError(f"not a readable image ({type(error).__name__})") from None
    return Hashed(str(imagehash.phash(picture)), str(imagehash.dhash(picture)), width, height, len(data), content_type)


def distance(first: str, second: str) -> int:
    """Hamming distance between two hexadecimal 64-bit hashes."""
    return (int(first, 16) ^ int(second, 16)).bit_count()


def near_identical(first: Hashed | AdImage, second: Hashed | AdImage) -> bool:
    return distance(first.phash, second.phash) <= PHASH_MAX and distance(first.dhash, second.dhash) <= DHASH_MAX


# --- the in-memory index of stored hashes (per process, caught up in id order, like the network index) ---------


class _HashIndex:
    def __init__(self) -> None:
        self.last_id = 0
        self.ids = np.zeros(0, dtype=np.int64)
        self.phashes = np.zeros(0, dtype=np.uint64)
        self.dhashes = np.zeros(0, dtype=np.uint64)

    def catch_up(self) -> None:
        newest = AdImage.objects.aggregate(newest=Max("pk"))["newest"] or 0
        if newest < self.last_id:  # rows were rolled back or removed: start again
            self.__init__()  # type: ignore[misc]
        rows = list(AdImage.objects.filter(pk__gt=self.last_id).order_by("pk").values_list("pk", "phash", "dhash"))
        if not rows:
            return
        self.ids = np.concatenate([self.ids, np.array([row[0] for row in rows], dtype=np.int64)])
        self.phashes = np.concatenate([self.phashes, np.array([int(row[1], 16) for row in rows], dtype=np.uint64)])
        self.dhashes = np.concatenate([self.dhashes, np.array([int(row[2], 16) for row in rows], dtype=np.uint64)])
        self.last_id = rows[-1][0]

    def candidates(self, hashed: Hashed) -> list[int]:
        near = (np.bitwise_count(self.phashes ^ np.uint64(int(hashed.phash, 16))) <= PHASH_MAX) & (
            np.bitwise_count(self.dhashes ^ np.uint64(int(hashed.dhash, 16))) <= DHASH_MAX
        )
        return [int(pk) for pk in self.ids[near]]


_index = _HashIndex()
_lock = threading.Lock()


def reset() -> None:
    """Forget the in-memory index (tests; after a restore)."""
    global _index
    with _lock:
        _index = _HashIndex()


def similar_images(hashed: Hashed) -> list[AdImage]:
    """Stored images near-identical to ``hashed`` (checked again against the stored rows)."""
    with _lock:
        _index.catch_up()
        ids = _index.candidates(hashed)
    return [image for image in AdImage.objects.filter(pk__in=ids).order_by("pk") if near_identical(image, hashed)]


# --- recording ----------------------------------------------------------------------------------------------


def ad_image_record(*, ad: Ad, hashed: Hashed, url: str = "", seen_at: datetime.datetime | None = None) -> AdImage:
    """Keep the hashes of one image of ``ad`` (not the file) and put it in the photo group of its near-twins."""
    existing = AdImage.objects.filter(ad=ad, phash=hashed.phash, dhash=hashed.dhash).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        twins = similar_images(hashed)
        image = AdImage.objects.create(
            ad=ad, url=url, url_index=index_of("url", url) if url else "", phash=hashed.phash, dhash=hashed.dhash,
            width=hashed.width, height=hashed.height, size=hashed.size, content_type=hashed.content_type,
            seen_at=seen_at or timezone.now(),
        )  # fmt: skip
        groups = {twin.photo or twin.pk for twin in twins}
        photo = min(groups | {image.pk})
        image.photo = photo
        image.save(update_fields=["photo"])
        if groups - {photo}:
            AdImage.objects.filter(photo__in=groups - {photo}).update(photo=photo)
        audit("ad_image", image.pk, AuditAction.CREATE, kind="hashed", count=len(twins))
    return image


def _is_public_host(host: str, source_host: str) -> bool:
    """An image address may not reach into the server's own network (a page is untrusted input), unless it is
    on the very host the analyst configured as the source."""
    if host == source_host:
        return True
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False
    return bool(addresses) and all(ipaddress.ip_address(str(address)).is_global for address in addresses)


class _Robots:
    """robots.txt per host for one run, fetched once each: a 4xx means no rules (RFC 9309); any other failure
    means nothing is fetched from that host this run."""

    def __init__(self, client: httpx.Client, source: Source) -> None:
        self.client = client
        self.source = source
        self.parsers: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def _parser(self, site: str) -> urllib.robotparser.RobotFileParser | None:
        from picket.monitoring.collectors import ROBOTS_MAX_BYTES, CollectError, _get

        parser = urllib.robotparser.RobotFileParser()
        try:
            fetched = _get(self.client, self.source, f"{site}/robots.txt", limit=ROBOTS_MAX_BYTES)
        except CollectError as error:
            if str(error).startswith("HTTP 4"):
                return None
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        parser.parse(fetched.data.decode("utf-8", errors="replace").splitlines())
        return parser

    def allows(self, url: str) -> bool:
        from picket.monitoring.collectors import USER_AGENT

        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self.parsers:
            self.parsers[site] = self._parser(site)
        parser = self.parsers[site]
        return parser is None or parser.can_fetch(USER_AGENT, url)


def _client(source: Source, transport: httpx.BaseTransport | None) -> httpx.Client:
    from picket.monitoring.collectors import USER_AGENT

    return httpx.Client(
        timeout=source.timeout_seconds, follow_redirects=True, max_redirects=5, transport=transport,
        headers={"User-Agent": USER_AGENT},
    )  # fmt: skip


def _fetch_image(client: httpx.Client, robots: _Robots, source: Source, url: str) -> tuple[bytes, str]:
    from picket.monitoring.collectors import CollectError, _get

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImageError("not an http or https address")
    if not _is_public_host(parts.hostname, urlsplit(source.url).hostname or ""):
        raise ImageError("the address is not on the public internet")
    if not robots.allows(url):
        raise ImageError("robots.txt does not allow fetching this image")
    try:
        fetched = _get(client, source, url, limit=min(source.max_bytes or MAX_IMAGE_BYTES, MAX_IMAGE_BYTES))
    except CollectError as error:
        raise ImageError(str(error)) from None
    return fetched.data, fetched.content_type


@dataclass
class ImagesResult:
    hashed: int = 0
    skipped: int = 0


def images_collect(
    source: Source, pending: Iterable[tuple[Ad, Sequence[str]]], *, transport: httpx.BaseTransport | None = None
) -> ImagesResult:
    """Fetch, hash and record the images of ads just collected from ``source``; never raises for one image (a bad
    image is skipped, the ads are already stored)."""
    result = ImagesResult()
    todo: list[tuple[Ad, str]] = []
    for ad, urls in pending:
        for url in list(dict.fromkeys(urls))[:MAX_IMAGES_PER_AD]:
            if not AdImage.objects.filter(ad=ad, url_index=index_of("url", url)).exists():
                todo.append((ad, url))
    if not todo:
        return result
    with _client(source, transport) as client:
        robots = _Robots(client, source)
        for ad, url in todo[:MAX_IMAGES_PER_RUN]:
            try:
                data, _type = _fetch_image(client, robots, source, url)
                hashed = image_hash(data)
            except ImageError:
                result.skipped += 1
                continue
            ad_image_record(ad=ad, hashed=hashed, url=url)
            result.hashed += 1
    result.skipped += max(0, len(todo) - MAX_IMAGES_PER_RUN)
    return result


# --- where collectors find image addresses --------------------------------------------------------------------


def feed_image_urls(entry: Any, base_url: str) -> tuple[str, ...]:
    """A feed entry's images: enclosures of an image type, ``media:content``/``media:thumbnail``, ``<img>`` in its
    summary or content."""
    found: list[str] = []
    for enclosure in entry.get("enclosures", []):
        if str(enclosure.get("type", "")).startswith("image/") and enclosure.get("href"):
            found.append(enclosure["href"])
    for media in entry.get("media_content", []):
        kind = str(media.get("medium") or media.get("type") or "")
        if kind.startswith("image") and media.get("url"):
            found.append(media["url"])
    found += [media["url"] for media in entry.get("media_thumbnail", []) if media.get("url")]
    html = " ".join([entry.get("summary", "")] + [part.get("value", "") for part in entry.get("content", [])])
    if "<img" in html:
        from selectolax.lexbor import LexborHTMLParser

        found += [node.attributes.get("src") or "" for node in LexborHTMLParser(html).css("img")]
    return _absolute(found, base_url)


def html_image_urls(node: LexborNode, selectors: dict[str, str], base_url: str) -> tuple[str, ...]:
    """The images of one ad on a page: elements matched by the source's ``image`` selector (none without one, so
    a site's logo and icons are not taken for the ad's photo)."""
    selector = selectors.get("image", "")
    if not selector:
        return ()
    try:
        nodes = node.css(selector)
    except Exception:  # selectolax raises on an invalid selector; images are optional, the ad is not
        return ()
    return _absolute([n.attributes.get("src") or n.attributes.get("data-src") or "" for n in nodes], base_url)


def _absolute(urls: list[str], base_url: str) -> tuple[str, ...]:
    absolute = [urljoin(base_url, url.strip()) for url in urls if url and url.strip() and len(url) < 2000]
    return tuple(dict.fromkeys(url for url in absolute if url.startswith(("http://", "https://"))))[:MAX_IMAGES_PER_AD]


# --- reads -------------------------------------------------------------------------------------------------


def image_list(*, actor: Actor) -> QuerySet[AdImage]:
    """Images of the ads the actor sees (their hashes, addresses and groups; no file)."""
    return AdImage.objects.filter(ad__in=selectors.ad_list(actor=actor).values("pk"))


def image_preservable(*, actor: Actor) -> QuerySet[AdImage]:
    from picket.monitoring.evidence import exportable_ads

    return AdImage.objects.filter(ad__in=exportable_ads(actor=actor).values("pk"))


def image_viewable(*, actor: Actor) -> QuerySet[AdImage]:
    """Preserved images whose file the actor may see: the monitoring role, in the ad's district."""
    return AdImage.objects.filter(ad__in=selectors.ad_manageable(actor=actor).values("pk"), capture__isnull=False)


@dataclass(frozen=True)
class SharedPhoto:
    image: AdImage
    ads: list[Ad]  # other ads in the actor's scope with a near-identical image


def shared_photos(*, actor: Actor, ad: Ad) -> list[SharedPhoto]:
    """Each image of ``ad`` with the other ads (that the actor sees) showing the same photo."""
    images = list(AdImage.objects.filter(ad=ad).order_by("seen_at", "pk"))
    groups = {image.photo for image in images if image.photo}
    others: dict[int, list[Ad]] = {}
    if groups:
        rows = (
            image_list(actor=actor)
            .filter(photo__in=groups)
            .exclude(ad=ad)
            .select_related("ad", "ad__network")
            .order_by("ad__first_seen_at", "pk")
        )
        for row in rows:
            members = others.setdefault(row.photo or 0, [])
            if row.ad not in members:
                members.append(row.ad)
    return [SharedPhoto(image, others.get(image.photo or 0, [])) for image in images]


# --- preserving and viewing -------------------------------------------------------------------------------------


def _keep(actor: Actor, image: AdImage, data: bytes, content_type: str, url: str) -> Capture:
    from picket.monitoring.services_ingest import capture_store

    now = timezone.now()
    with transaction.atomic():
        capture = capture_store(
            actor=actor, source=image.ad.source, method=CollectionMethod.MANUAL, data=data,
            content_type=content_type, url=url, fetched_at=now,
        )  # fmt: skip
        CustodyEvent.objects.create(
            capture=capture, kind=CustodyKind.PRESERVED, actor=actor.user, at=now, sha256=capture.sha256
        )
        AdSighting.objects.get_or_create(
            ad=image.ad, capture=capture, defaults={"seen_at": now, "recognised_by": "image"}
        )
        image.capture, image.preserved_by, image.preserved_at = capture, actor.user, now
        image.save(update_fields=["capture", "preserved_by", "preserved_at"])
        audit("ad_image", image.pk, AuditAction.UPDATE, user=actor.user, kind="preserved")
    return capture


def ad_image_preserve(*, actor: Actor, image: AdImage, transport: httpx.BaseTransport | None = None) -> Capture:
    """Fetch the image again and keep its bytes as evidence if it is still the image that was hashed."""
    actor.require(Permission.EVIDENCE_PRESERVE)
    require_in(image_preservable(actor=actor), image)
    if image.capture_id is not None:
        raise ValidationError(_("This image is already kept as evidence."))
    if not image.url:
        raise ValidationError(_("This image has no address to fetch it from again."))
    source = image.ad.source or Source(name="", url=image.url, min_interval_seconds=0)
    try:
        with _client(source, transport) as client:
            data, content_type = _fetch_image(client, _Robots(client, source), source, image.url)
        hashed = image_hash(data)
    except ImageError as error:
        raise ValidationError(_("The image could not be fetched again (%(error)s).") % {"error": error}) from None
    if not near_identical(hashed, image):
        raise ValidationError(_("The image at that address has changed since it was seen; nothing was kept."))
    return _keep(actor, image, data, hashed.content_type or content_type, image.url)


def ad_image_upload(*, actor: Actor, ad: Ad, data: bytes, preserve: bool = False) -> AdImage:
    """An image of the ad given by an analyst (a screenshot, a saved photo): hashed, and kept only if ``preserve``
    (which needs ``evidence.preserve``)."""
    actor.require(Permission.MONITORING_MANAGE)
    require_in(selectors.ad_manageable(actor=actor), ad)
    if preserve:
        actor.require(Permission.EVIDENCE_PRESERVE)
        from picket.monitoring.evidence import exportable_ads

        require_in(exportable_ads(actor=actor), ad)
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError({"file": _("The image is larger than 5 MB.")})
    try:
        hashed = image_hash(data)
    except ImageError as error:
        message = _("This is not an image Picket can read (%(error)s).") % {"error": error}
        raise ValidationError({"file": message}) from None
    image = ad_image_record(ad=ad, hashed=hashed)
    if preserve and image.capture_id is None:
        _keep(actor, image, data, hashed.content_type, "")
    return image


def ad_image_read(*, actor: Actor, image: AdImage) -> tuple[bytes, str]:
    """The preserved file, digest checked, recorded as viewed (custody and audit)."""
    from picket.monitoring.services_evidence import capture_read

    actor.require(Permission.MONITORING_MANAGE)
    require_in(image_viewable(actor=actor), image)
    assert image.capture is not None
    return capture_read(actor=actor, capture=image.capture), image.capture.content_type
