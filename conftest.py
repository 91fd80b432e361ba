"""Shared pytest fixtures. Tests live next to the code they test, in each app's tests/ package."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings

from picket.testing.rolematrix import World

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: LazySettings, tmp_path: Path) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.UPLOAD_DIR = tmp_path / "uploads"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.LANGUAGE_CODE = "en"
    # Tracing keeps counts and district names for minutes; each test's database reuses ids and names.
    from picket.tracing.candidates import forget_counts

    forget_counts()
    yield


@pytest.fixture
def world(db: None) -> World:
    return World()


@pytest.fixture
def lgd_dir() -> Path:
    directory = SHARED_DATA / "lgd"
    if not directory.is_dir():
        pytest.skip("../shared/data/lgd is absent (it is beside the project on developer machines and in CI)")
    return directory


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def browser_page(live_server: Any, tmp_path: Path) -> Iterator[Any]:
    """A Playwright page in Debian's Chromium. Skips without Chromium, unless PICKET_REQUIRE_BROWSER is set (CI)."""
    if not CHROMIUM.exists():
        if os.environ.get("PICKET_REQUIRE_BROWSER"):
            pytest.fail("PICKET_REQUIRE_BROWSER is set but /usr/bin/chromium is missing")
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
        page = context.new_page()
        try:
            yield page
        finally:
            screenshots = Path(os.environ.get("PICKET_SCREENSHOTS", tmp_path))
            screenshots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshots / "last-page.png"), full_page=True)
            context.close()
            browser.close()
