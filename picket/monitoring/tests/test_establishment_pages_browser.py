"""In a real Chromium: a monitoring analyst records an unregistered placement agency with its phone, brings in a
screenshot of an ad carrying that phone (the text typed beside it), and the ad page — its establishments loaded
with htmx — names the agency, linked by the same phone; the agency's page lists the ad and the alert it raised.
Every phone has the fictional test form ``90000NNNNN``; names and texts are invented."""

from __future__ import annotations

import pytest

from picket.accounts.roles import Role
from picket.monitoring.models import Ad, Capture, Establishment
from picket.testing.browser import sign_in_with_new_authenticator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
PHONE = "9000077777"


def test_an_analyst_records_an_agency_and_finds_it_on_a_screenshotted_ad(world, browser_page):
    page = browser_page
    analyst = world.user(Role.MONITORING_ANALYST, inside=True)
    sign_in_with_new_authenticator(page, analyst)

    page.goto("/monitoring/establishments/")
    page.click("text=Record an establishment")
    page.select_option("#id_kind", "placement_agency")
    page.fill("#id_name", "Maa Durga Manpower")
    page.select_option("#id_district", str(world.district_a.pk))
    page.select_option("#id_registration_status", "unregistered")
    page.fill("#id_registration_valid_until", "2030-01-01")  # an unregistered agency has no validity date
    page.fill("#id_phones", PHONE)
    page.click("[data-testid=establishment-form] button[type=submit]")
    assert "An unregistered establishment has no validity date." in page.inner_text("main")
    page.fill("#id_registration_valid_until", "")
    page.click("[data-testid=establishment-form] button[type=submit]")
    page.wait_for_url("**/monitoring/establishments/*/")
    agency = Establishment.objects.get()
    assert agency.reference in page.inner_text("h1")

    page.click("text=Sources")
    page.click("text=Bring in an ad by hand")
    page.set_input_files("#shot_screenshot", {"name": "ad.png", "mimeType": "image/png", "buffer": PNG})
    page.select_option("#shot_district", str(world.district_a.pk))  # "Delhi" is no district of this world
    page.fill("#shot_text", f"Manpower supply agency: girls 15-17 yrs for house work in Delhi, call {PHONE}")
    page.click("[data-testid=submit-screenshot-form] button[type=submit]")
    page.wait_for_url("**/monitoring/ads/*/")
    ad = Ad.objects.get()
    assert Capture.objects.get().content_type == "image/png"
    section = page.locator("[data-testid=ad-establishments]")
    section.locator(f"text={agency.reference}").wait_for()  # loaded by htmx from the fragment
    assert "Same phone" in section.inner_text()
    assert PHONE not in page.url

    section.locator(f"text={agency.reference}").click()
    page.wait_for_url(f"**/monitoring/establishments/{agency.pk}/")
    assert ad.reference in page.locator("[data-testid=ads]").inner_text()
    assert ad.alerts.get().reference in page.locator("[data-testid=establishment-alerts]").inner_text()
