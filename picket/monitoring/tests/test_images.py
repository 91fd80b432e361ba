"""Ads' images (issue #7, item 6): the near-identical threshold measured on generated photographs, images of
collected ads hashed (and never kept) within the collectors' limits, and ads sharing a photo linked.

The photographs are generated with Pillow and served by a local server; nothing reaches the internet.
"""

from __future__ import annotations

import io
import itertools
import random

import pytest
from PIL import Image, ImageDraw, ImageFilter

from picket.accounts.roles import Role
from picket.monitoring import images
from picket.monitoring.collectors import source_collect
from picket.monitoring.images import image_hash, near_identical
from picket.monitoring.models import Ad, AdImage, Capture, CollectionMethod, Source, SourceKind
from picket.monitoring.tests.localserver import serve

pytestmark = pytest.mark.django_db


def photo(seed: int, size: tuple[int, int] = (480, 360)) -> Image.Image:
    rng = random.Random(seed)  # noqa: S311 - a picture, not a secret
    image = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        box = [x, y, x + rng.randrange(40, 260), y + rng.randrange(40, 200)]
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    return image.filter(ImageFilter.GaussianBlur(2))


def encoded(image: Image.Image, kind: str = "JPEG", quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **({"quality": quality} if kind == "JPEG" else {}))
    return buffer.getvalue()


def crop_sides(image: Image.Image, fraction: float) -> Image.Image:
    width, height = image.size
    dx, dy = int(width * fraction), int(height * fraction)
    return image.crop((dx, dy, width - dx, height - dy))


def crop_bottom(image: Image.Image, fraction: float) -> Image.Image:
    width, height = image.size
    return image.crop((0, 0, width, int(height * (1 - fraction))))


@pytest.fixture(autouse=True)
def _fresh_image_index():
    images.reset()
    yield
    images.reset()


@pytest.fixture
def server():
    yield from serve()


# --- the threshold -------------------------------------------------------------------------------------------


def _edits(image: Image.Image) -> dict[str, bytes]:
    return {
        "half size": encoded(image.resize((240, 180))),
        "larger": encoded(image.resize((800, 600))),
        "JPEG quality 40": encoded(image, quality=40),
        "smaller, JPEG quality 30": encoded(image.resize((320, 240)), quality=30),
        "PNG": encoded(image, "PNG"),
        "greyscale": encoded(image.convert("L").convert("RGB")),
        "1% cropped on each side": encoded(crop_sides(image, 0.01)),
        "2% cropped on each side": encoded(crop_sides(image, 0.02)),
        "3% cut off the bottom": encoded(crop_bottom(image, 0.03)),
        "2% cropped, resized, JPEG 40": encoded(crop_sides(image, 0.02).resize((320, 240)), quality=40),
    }


def test_resized_recompressed_and_slightly_cropped_copies_are_near_identical():
    for seed in range(12):
        original = image_hash(encoded(photo(seed)))
        for edit, data in _edits(photo(seed)).items():
            copy = image_hash(data)
            assert near_identical(original, copy), (seed, edit, images.distance(original.phash, copy.phash))


def test_different_photographs_are_not():
    hashes = [image_hash(encoded(photo(seed))) for seed in range(100, 160)]
    for first, second in itertools.combinations(hashes, 2):
        assert not near_identical(first, second)
    closest = min(images.distance(a.phash, b.phash) for a, b in itertools.combinations(hashes, 2))
    assert closest > images.PHASH_MAX  # a margin: the threshold is not at the edge of distinct images


def test_what_is_not_a_photo_is_refused():
    with pytest.raises(images.ImageError):
        image_hash(b"<html>not an image</html>")
    with pytest.raises(images.ImageError):
        image_hash(encoded(photo(1, size=(32, 32)), "PNG"))  # an icon
    with pytest.raises(images.ImageError):
        image_hash(encoded(photo(1))[:200])  # truncated
    bomb = io.BytesIO()
    Image.new("L", (9000, 9000)).save(bomb, "PNG")
    with pytest.raises(images.ImageError, match="too large"):
        image_hash(bomb.getvalue())


# --- collection ----------------------------------------------------------------------------------------------

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Jobs</title>
<item><title>Girls 14-16 yrs wanted</title><description>House work, salary to parents. Call 9000012345</description>
<link>/jobs/1</link><guid>job-1</guid><enclosure url="/img/1.jpg" type="image/jpeg" length="1"/></item>
<item><title>Maids wanted from villages</title><description>No documents needed. Call 9000054321</description>
<link>/jobs/2</link><guid>job-2</guid><media:content url="/img/2.jpg" medium="image"/></item>
<item><title>Accountant wanted</title><description>B.Com, salary to bank account, PF and ESI</description>
<link>/jobs/3</link><guid>job-3</guid><media:thumbnail url="/img/3.png"/></item>
<item><title>Cook wanted</title><description>&lt;img src="/img/4.jpg"&gt; Family cook, salary to bank</description>
<link>/jobs/4</link><guid>job-4</guid>{extra}</item>
</channel></rss>"""


def _feed_source(world, server, *, path="/feed.xml", method=CollectionMethod.FEED, **fields) -> Source:
    return Source.objects.create(
        name="Jobs board", kind=SourceKind.JOB_PORTAL, method=method, url=server.url(path), min_interval_seconds=0,
        district=world.district_a, created_by=world.user(Role.MONITORING_ANALYST, inside=True), **fields,
    )  # fmt: skip


def _serve_feed(server, extra: str = "") -> None:
    server.routes["/feed.xml"] = (200, "application/rss+xml", FEED.replace("{extra}", extra).encode())
    server.routes["/img/1.jpg"] = (200, "image/jpeg", encoded(photo(1)))
    server.routes["/img/2.jpg"] = (200, "image/jpeg", encoded(photo(1).resize((300, 225)), quality=35))  # a re-post
    server.routes["/img/3.png"] = (200, "image/png", encoded(photo(3), "PNG"))
    server.routes["/img/4.jpg"] = (200, "image/jpeg", encoded(crop_sides(photo(1), 0.02)))  # the same, cropped


def test_images_of_a_feed_are_hashed_and_not_kept_and_shared_photos_are_grouped(world, server):
    _serve_feed(server)
    result = source_collect(_feed_source(world, server))
    assert result.error == "" and result.ads == 4
    rows = {row.ad.external_id: row for row in AdImage.objects.select_related("ad")}
    assert set(rows) == {"job-1", "job-2", "job-3", "job-4"}
    assert Capture.objects.count() == 1  # the feed alone: no image file is kept
    assert rows["job-1"].url == server.url("/img/1.jpg") and (rows["job-1"].width, rows["job-1"].height) == (480, 360)
    assert rows["job-1"].size == len(encoded(photo(1))) and rows["job-1"].content_type == "image/jpeg"
    assert rows["job-1"].photo == rows["job-2"].photo == rows["job-4"].photo == rows["job-1"].pk
    assert rows["job-3"].photo == rows["job-3"].pk
    assert {"/img/1.jpg", "/img/2.jpg", "/img/3.png", "/img/4.jpg"} <= set(server.requests)
    fetched = len(server.requests)
    source_collect(Source.objects.get())  # a re-capture does not fetch or record the images again
    assert AdImage.objects.count() == 4 and len(server.requests) == fetched + 2  # robots.txt and the feed


def test_images_obey_robots_size_limits_and_never_reach_into_the_local_network(world, server):
    extra = (
        '<enclosure url="/private/5.jpg" type="image/jpeg" length="1"/>'
        '<media:content url="/img/big.jpg" medium="image"/>'
        '<media:content url="/img/page.jpg" medium="image"/>'
    )
    _serve_feed(server, extra)
    server.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
    server.routes["/private/5.jpg"] = (200, "image/jpeg", encoded(photo(5)))
    noise = Image.frombytes("L", (600, 600), random.Random(6).randbytes(360_000))  # noqa: S311
    server.routes["/img/big.jpg"] = (200, "image/png", encoded(noise, "PNG"))  # over the source's 200 kB
    server.routes["/img/page.jpg"] = (200, "text/html", b"<html>not an image</html>")
    source = _feed_source(world, server, max_bytes=200_000)
    # an image on another host of this machine (a page is untrusted input): refused before any request
    other_host = server.url("/img/3.png").replace("127.0.0.1", "localhost")
    images.images_collect(source, [(Ad.objects.create(text="x", text_index="x", first_seen_at=source.created_at,
                                                     last_seen_at=source.created_at), [other_host])])  # fmt: skip
    assert not AdImage.objects.exists() and server.requests == []
    result = source_collect(source)
    assert result.error == ""
    assert "/private/5.jpg" not in server.requests
    cook = Ad.objects.get(external_id="job-4")
    assert list(AdImage.objects.filter(ad=cook).values_list("url", flat=True)) == [server.url("/img/4.jpg")]


def test_images_on_a_page_come_from_the_image_selector_only(world, server):
    page = b"""<html><body><img src="/logo.png"><div class="ad"><p class="body">Spa girls needed 24x7, call
    9000011111</p><img class="photo" src="/img/1.jpg"><img class="icon" src="/logo.png"></div>
    <div class="ad"><p class="body">Cook wanted for a family, salary to bank account</p></div></body></html>"""
    server.routes["/ads"] = (200, "text/html", page)
    server.routes["/img/1.jpg"] = (200, "image/jpeg", encoded(photo(1)))
    server.routes["/logo.png"] = (200, "image/png", encoded(photo(9), "PNG"))
    selectors = {"item": "div.ad", "text": "p.body", "image": "img.photo"}
    result = source_collect(_feed_source(world, server, path="/ads", method=CollectionMethod.HTML, selectors=selectors))
    assert result.error == ""
    assert [row.url for row in AdImage.objects.all()] == [server.url("/img/1.jpg")]
    assert "/logo.png" not in server.requests


def test_a_new_image_matching_two_photo_groups_joins_them(world):
    from picket.monitoring.tests.storage_helpers import analyst, ingest, local_source

    actor = analyst(world)
    source = local_source(world)
    first, second, third = (ingest(actor, source, f"Cook wanted number {n}, salary to bank").ad for n in (1, 2, 3))
    base = photo(7)
    left = image_hash(encoded(crop_sides(base, 0.02).resize((300, 220)), quality=40))
    right = image_hash(encoded(crop_bottom(base, 0.03)))
    one = images.ad_image_record(ad=first, hashed=left)
    two = images.ad_image_record(ad=second, hashed=right)
    middle = images.ad_image_record(ad=third, hashed=image_hash(encoded(base)))
    assert middle.photo == one.pk
    assert {row.photo for row in AdImage.objects.all()} == {one.pk}
    assert two.pk != one.pk
    images.ad_image_record(ad=first, hashed=left)  # the same image of the same ad is recorded once
    assert AdImage.objects.count() == 3
