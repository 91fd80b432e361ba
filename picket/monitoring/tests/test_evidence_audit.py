"""The evidence packet's own SHA-256 in the audit log: a court handed a packet can match it to the export that
produced it. A digest of a file is not personal data, so ``sha256`` is a reviewed audit detail key."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from picket.accounts.roles import Role
from picket.audit.detail import ALLOWED_DETAIL_KEYS, clean_detail, displayable_detail
from picket.audit.integrity import verify_chain
from picket.audit.models import AuditEvent
from picket.monitoring.evidence import packet_for_ad, packet_for_network
from picket.monitoring.tests.storage_helpers import RISKY, analyst, ingest, local_source
from picket.privacy.keyring import load_keyring
from picket.testing.auth import login_verified

pytestmark = pytest.mark.django_db
DIGEST = "0123456789abcdef" * 4


@pytest.fixture
def ads(world):
    actor = analyst(world)
    source = local_source(world)
    first = ingest(actor, source, RISKY, url="https://listing.example/a/1").ad
    second = ingest(actor, source, "Maids wanted, girls 15 yrs, no documents, call 9000012345 today").ad
    first.refresh_from_db()
    assert first.network_id is not None
    return first, second


def _exports(object_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="export", object_type=object_type).order_by("sequence"))


def test_sha256_is_a_reviewed_detail_key_and_is_shown():
    assert "sha256" in ALLOWED_DETAIL_KEYS and "never its content" in ALLOWED_DETAIL_KEYS["sha256"]
    assert clean_detail({"kind": "evidence_packet", "sha256": DIGEST}) == {"kind": "evidence_packet", "sha256": DIGEST}
    assert ("sha256", DIGEST) in displayable_detail({"sha256": DIGEST, "name": "Asha"})


@pytest.mark.parametrize("subject", ["ad", "network"])
def test_the_export_is_audited_with_the_packets_own_digest(world, ads, subject):
    first, _second = ads
    actor = analyst(world)
    assert actor.user is not None
    if subject == "ad":
        packet = packet_for_ad(actor=actor, ad=first)
        object_id = first.pk
    else:
        assert first.network is not None
        packet = packet_for_network(actor=actor, network=first.network)
        object_id = first.network.pk
    (event,) = _exports(f"monitoring.{subject}")
    assert packet.sha256 == hashlib.sha256(packet.content).hexdigest()
    assert event.detail == {"kind": "evidence_packet", "count": packet.captures, "format": "zip",
                            "sha256": packet.sha256}  # fmt: skip
    assert event.object_id == str(object_id) and event.actor_id == actor.user.pk
    assert verify_chain(key=load_keyring().audit_key).intact  # the digest is sealed into the hash chain


def test_each_download_from_the_page_matches_its_own_audit_event(world, ads):
    first, _second = ads
    user = world.user(Role.MONITORING_ANALYST, inside=True)
    client = login_verified(Client(), user)
    downloads = []
    for _ in range(2):
        response = client.post(f"/monitoring/networks/{first.network_id}/evidence/")
        assert response.status_code == 200 and response["Content-Type"] == "application/zip"
        downloads.append(hashlib.sha256(response.content).hexdigest())
    events = _exports("monitoring.network")
    # The second packet differs (its chain of custody lists the first export), and each is in the log.
    assert downloads[0] != downloads[1]
    assert [event.detail["sha256"] for event in events] == downloads
    assert all(event.actor_id == user.pk for event in events)


def test_a_refused_export_records_no_digest(world, ads):
    first, _second = ads
    client = login_verified(Client(), world.user(Role.MONITORING_ANALYST, inside=False))
    assert client.post(f"/monitoring/ads/{first.pk}/evidence/").status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()
