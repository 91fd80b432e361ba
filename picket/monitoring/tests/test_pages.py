"""Monitoring pages beyond the role matrix: no phone in a URL or a log line, networks counted within scope,
validation errors shown on the page."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.test import Client

from picket.accounts.access import Actor
from picket.accounts.models import User
from picket.accounts.roles import Role
from picket.audit.models import AuditEvent
from picket.monitoring.models import Alert, WatchlistEntry
from picket.monitoring.services_watch import watchlist_add
from picket.monitoring.tests.storage_helpers import RISKY, analyst, ingest, local_source
from picket.testing.auth import login_verified

pytestmark = pytest.mark.django_db
PHONE = "9000012345"


def _user(actor: Actor) -> User:
    assert actor.user is not None
    return actor.user


LINKS = re.compile(r"""(?:href|action|src)=["']([^"']*)["']""")


def test_a_phone_never_appears_in_a_url_or_a_log_line(world, caplog):
    actor = analyst(world)
    source = local_source(world)
    first = ingest(actor, source, RISKY).ad
    third = ingest(actor, source, "Spa girls 24x7, whatsapp 9000054321").ad
    client = login_verified(Client(), _user(actor))
    caplog.set_level(logging.DEBUG)
    urls: list[str] = []

    def visit(response):
        urls.append(response.request["PATH_INFO"] + "?" + response.request.get("QUERY_STRING", ""))
        if "Location" in response:
            urls.append(response["Location"])
        urls.extend(LINKS.findall(response.content.decode()))
        return response

    searched = visit(client.post("/monitoring/search/", {"kind": "phone", "value": PHONE}))
    results = visit(client.get(searched["Location"]))
    assert first.reference in results.content.decode()
    visit(client.get(f"/monitoring/ads/{first.pk}/"))
    visit(client.get(f"/monitoring/networks/{first.network_id}/" if first.network_id else "/monitoring/"))
    identifier = third.identifiers.get(kind="phone")
    visit(client.post(f"/monitoring/ads/{third.pk}/watch/", {"identifier": identifier.pk}))
    ingest(actor, source, "Call 9000054321 for hotel work in the city")  # raises an alert
    alert = Alert.objects.get()
    visit(client.get("/monitoring/"))
    visit(client.get(f"/monitoring/alerts/{alert.pk}/"))
    visit(client.post(f"/monitoring/alerts/{alert.pk}/dismiss/", {"reason": "bogus"}))  # a form error
    visit(client.get("/monitoring/alerts/?status=all"))
    assert WatchlistEntry.objects.filter(ad=third).exists()
    for phone in (PHONE, "9000054321"):
        for digits in (phone, phone[:5], phone[5:]):
            assert not [url for url in urls if digits in url], f"{digits} in a URL"
        assert not [r for r in caplog.records if phone in r.getMessage()], "a phone in a log line"
        assert not [e for e in AuditEvent.objects.all() if phone[5:] in json.dumps(e.detail)], "a phone in the audit"


def test_a_search_is_kept_in_the_session_not_the_url_and_an_unknown_token_shows_nothing(world):
    actor = analyst(world)
    ad = ingest(actor, local_source(world), RISKY).ad
    client = login_verified(Client(), _user(actor))
    page = client.get("/monitoring/search/?kind=phone&s=unknown-token").content.decode()
    assert ad.reference not in page
    assert ad.reference not in client.get(f"/monitoring/search/?kind=phone&value={PHONE}").content.decode()


def test_a_network_page_shows_and_counts_only_the_ads_in_scope(world):
    actor_a = analyst(world)
    first = ingest(actor_a, local_source(world), RISKY).ad
    second = ingest(actor_a, local_source(world), f"Maids wanted, girls 15 yrs, call {PHONE} today").ad
    ad_b = ingest(analyst(world, inside=False), local_source(world, inside=False), f"Hotel jobs, call {PHONE}").ad
    ad_b.refresh_from_db()
    first.refresh_from_db()
    assert ad_b.network_id and ad_b.network_id == first.network_id
    client = login_verified(Client(), world.user(Role.DISTRICT_COORDINATOR, inside=False))
    response = client.get(f"/monitoring/networks/{ad_b.network_id}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert ad_b.reference in page and first.reference not in page and second.reference not in page
    assert response.context["ads"] == [ad_b]


def test_the_ad_page_shows_every_reason_with_its_law_and_matched_words(world):
    actor = analyst(world)
    ad = ingest(actor, local_source(world), RISKY).ad
    client = login_verified(Client(), _user(actor))
    response = client.get(f"/monitoring/ads/{ad.pk}/")
    reasons = response.context["reasons"]
    assert {r.indicator for r in reasons} == {hit["id"] for hit in ad.indicators}
    assert all(r.description and r.law and r.matched for r in reasons)
    entities = dict(response.context["entities"])
    assert entities["Phones"] == [PHONE] and entities["Ages asked for"]


def test_watching_a_phone_already_watched_shows_the_error(world):
    actor = analyst(world)
    ad = ingest(actor, local_source(world), RISKY).ad
    watchlist_add(actor=actor, kind="phone", value=PHONE, ad=ad)
    client = login_verified(Client(), _user(actor))
    identifier = ad.identifiers.get(kind="phone")
    response = client.post(f"/monitoring/ads/{ad.pk}/watch/", {"identifier": identifier.pk})
    assert response.status_code == 200 and "already on the watchlist" in response.content.decode()
    assert WatchlistEntry.objects.count() == 1


def test_the_navigation_shows_monitoring_to_its_readers_only(world):
    client = login_verified(Client(), world.user(Role.MONITORING_ANALYST, inside=True))
    assert "Monitoring" in [str(item["label"]) for item in client.get("/").context["navigation"]]
    client = login_verified(Client(), world.user(Role.CASE_WORKER, inside=True))
    assert "Monitoring" not in [str(item["label"]) for item in client.get("/").context["navigation"]]
