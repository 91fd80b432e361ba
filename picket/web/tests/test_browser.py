"""In a real Chromium: a district user signs in and sees the home page in English, then in Hindi."""

import re

import pytest
from django.utils import translation

from picket.accounts.roles import Role
from picket.testing.browser import sign_in_with_new_authenticator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def _hindi(text: str) -> str:
    with translation.override("hi"):
        return translation.gettext(text)


def test_a_district_user_signs_in_and_sees_home_in_english_and_hindi(world, browser_page, settings):
    user = world.user(Role.DISTRICT_COORDINATOR, inside=True, full_name="Meera Demo")
    page = browser_page
    console_errors: list[str] = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)

    page.goto("/")
    assert page.url.endswith("/login/?next=/")
    # A district coordinator sees identities: the first sign-in enrols an authenticator app.
    codes = sign_in_with_new_authenticator(page, user)
    assert len(codes) == 10

    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == "Welcome, Meera Demo"
    figures = page.locator("[data-testid=figures] li").all_inner_texts()
    assert any("Districts in your jurisdiction" in text and text.strip().startswith("1") for text in figures)
    assert any("Active organisations" in text and text.strip().startswith("1") for text in figures)
    assert page.locator("html").get_attribute("lang") == "en"

    page.click("button[lang=hi]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "hi"
    heading = page.locator("h1").inner_text()
    assert DEVANAGARI.search(heading), heading
    nav = page.locator("nav.modules").inner_text()
    assert _hindi("Organisations") in nav and DEVANAGARI.search(nav)
    assert _hindi("Sign out") in page.locator("header").inner_text()

    # The Content Security Policy (no inline script or style) holds on every page visited.
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors

    if settings.DEVANAGARI_WEB_FONT:
        # The Devanagari web font is served by Picket itself (no CDN) and actually used for the page.
        loaded = page.evaluate(
            "async () => { await document.fonts.ready; return [...document.fonts].some("
            "f => f.family.includes('Noto Sans Devanagari') && f.status === 'loaded'); }"
        )
        assert loaded
