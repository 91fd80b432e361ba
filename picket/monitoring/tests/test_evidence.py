"""Evidence packets (issue #7, item 6): digests verify, a changed file fails naming it, only a monitoring analyst
covering the ads exports (every other seat is refused and nothing is written), the export is audited and in
the chain of custody, and nothing from ads outside the analyst's districts is in the packet."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from picket.accounts.roles import Role
from picket.audit.models import AuditEvent
from picket.monitoring.evidence import packet_for_ad, packet_for_network
from picket.monitoring.evidence_verify import verify_packet
from picket.monitoring.models import Ad, AdSighting, Capture, CustodyEvent
from picket.monitoring.tests.storage_helpers import RISKY, analyst, ingest, local_source
from picket.testing.auth import login_verified
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot

pytestmark = pytest.mark.django_db
PHONE = "9000012345"
OUTSIDE_TEXT = "Maids wanted girls 15 yrs from the far district, no documents, call 9000012345 now"


class Scene:
    """Two ads of one network in district A and a third, sharing its phone, in district B."""

    def __init__(self, world):
        actor = analyst(world)
        source = local_source(world)
        self.first = ingest(actor, source, RISKY, url="https://listing.example/a/1").ad
        self.second = ingest(actor, source, "Maids wanted, girls 15 yrs, no documents, call 9000012345 today").ad
        outsider = analyst(world, inside=False)
        self.outside = ingest(outsider, local_source(world, inside=False), OUTSIDE_TEXT).ad
        for ad in (self.first, self.second, self.outside):
            ad.refresh_from_db()
        assert self.outside.district == world.district_b
        assert self.first.network_id and self.first.network_id == self.second.network_id == self.outside.network_id


@pytest.fixture
def scene(world):
    return Scene(world)


def _members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(tmp_path: Path, members: dict[str, bytes]) -> Path:
    path = tmp_path / "packet.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _verify(path: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("monitor", "verify-packet", str(path), stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue() + err.getvalue() + str(error)
    return 0, out.getvalue() + err.getvalue()


def test_a_network_packet_holds_the_captures_manifest_and_certificate_and_verifies(world, scene, tmp_path):
    actor = analyst(world)
    packet = packet_for_network(actor=actor, network=scene.first.network)
    members = _members(packet.content)
    manifest = json.loads(members["manifest.json"])
    captures = list(Capture.objects.filter(sightings__ad__in=[scene.first, scene.second]).order_by("fetched_at"))
    assert [entry["reference"] for entry in manifest["captures"]] == [c.reference for c in captures]
    for capture, entry in zip(captures, manifest["captures"], strict=True):
        assert entry["file"].startswith(f"captures/{capture.reference}-{capture.sha256}.")
        assert members[entry["file"]] == capture.content.open("rb").read()
        assert entry["sha256"] == capture.sha256 and entry["size"] == capture.size
        assert entry["fetched_at"]["ist"].endswith("+05:30") and entry["fetched_at"]["utc"].endswith("+00:00")
        assert capture.captured_by is not None and actor.user is not None
        assert entry["captured_by"]["username"] == capture.captured_by.username
        assert [event["event"] for event in entry["custody"]] == ["captured", "exported"]
        assert entry["custody"][-1]["by"]["username"] == actor.user.username
    assert manifest["captures"][0]["url"] == "https://listing.example/a/1"
    assert {ad["reference"] for ad in manifest["ads"]} == {scene.first.reference, scene.second.reference}
    certificate = members["certificate.txt"].decode()
    assert "section 63" in certificate.lower() or "SECTION 63" in certificate
    assert "TO BE CHECKED, COMPLETED AND SIGNED BY THE RESPONSIBLE PERSON" in certificate
    for label in ("Name:", "Designation:", "Signature:", "Date:", "Place:"):
        assert label in certificate
    assert all(capture.sha256 in certificate for capture in captures)
    path = tmp_path / packet.filename
    path.write_bytes(packet.content)
    assert verify_packet(path).ok
    code, output = _verify(path)
    assert code == 0 and "2 file(s) verified" in output


def test_altering_one_file_makes_verify_fail_naming_it(world, scene, tmp_path):
    packet = packet_for_network(actor=analyst(world), network=scene.first.network)
    members = _members(packet.content)
    name = json.loads(members["manifest.json"])["captures"][1]["file"]
    members[name] = members[name].replace(b"girls", b"women")
    code, output = _verify(_write(tmp_path, members))
    assert code == 1 and name in output and "MISMATCH" in output
    other = json.loads(members["manifest.json"])["captures"][0]["file"]
    assert f"ok  {other}" in output


def test_a_missing_or_added_file_fails_and_a_non_packet_is_refused(world, scene, tmp_path):
    members = _members(packet_for_ad(actor=analyst(world), ad=scene.first).content)
    name = json.loads(members["manifest.json"])["captures"][0]["file"]
    code, output = _verify(_write(tmp_path, {**members, "captures/extra.txt": b"planted"}))
    assert code == 1 and "captures/extra.txt" in output
    del members[name]
    code, output = _verify(_write(tmp_path, members))
    assert code == 1 and name in output and "missing" in output
    (tmp_path / "not.zip").write_bytes(b"not a zip")
    assert _verify(tmp_path / "not.zip")[0] == 2


def test_verify_packet_needs_no_database(world, scene, tmp_path):
    packet = packet_for_ad(actor=analyst(world), ad=scene.first)
    path = tmp_path / "packet.zip"
    path.write_bytes(packet.content)
    code = "import sys; from pathlib import Path; from picket.monitoring.evidence_verify import verify_packet; "
    code += "sys.exit(0 if verify_packet(Path(sys.argv[1])).ok else 1)"
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr


def test_the_packet_holds_nothing_from_ads_outside_the_analysts_districts(world, scene):
    packet = packet_for_network(actor=analyst(world), network=scene.first.network)
    blob = b"".join(_members(packet.content).values())
    outside_capture = Capture.objects.get(sightings__ad=scene.outside)
    assert scene.outside.reference.encode() not in blob
    assert outside_capture.reference.encode() not in blob and outside_capture.sha256.encode() not in blob
    assert b"far district" not in blob
    assert not CustodyEvent.objects.filter(capture=outside_capture, kind="exported").exists()


def test_a_capture_also_holding_an_outside_ad_is_withheld(world, scene):
    shared = Capture.objects.get(sightings__ad=scene.second)
    AdSighting.objects.create(ad=scene.outside, capture=shared, seen_at=shared.fetched_at)
    packet = packet_for_network(actor=analyst(world), network=scene.first.network)
    manifest = json.loads(_members(packet.content)["manifest.json"])
    assert shared.reference not in [entry["reference"] for entry in manifest["captures"]]
    assert manifest["withheld_captures"] == [shared.reference] and packet.withheld == 1


def test_a_capture_whose_digest_no_longer_matches_refuses_the_whole_packet(world, scene):
    capture = Capture.objects.get(sightings__ad=scene.second)
    Capture.objects.filter(pk=capture.pk).update(sha256="0" * 64)
    before = CustodyEvent.objects.count()
    with pytest.raises(Exception, match=capture.reference):
        packet_for_network(actor=analyst(world), network=scene.first.network)
    assert CustodyEvent.objects.count() == before


def test_the_export_from_the_page_is_audited_and_in_the_chain_of_custody(world, scene):
    user = world.user(Role.MONITORING_ANALYST, inside=True)
    client = login_verified(Client(), user)
    page = client.get(f"/monitoring/ads/{scene.first.pk}/").content.decode()
    assert f"/monitoring/ads/{scene.first.pk}/evidence/" in page
    response = client.post(f"/monitoring/ads/{scene.first.pk}/evidence/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.filter(action="export", object_type="monitoring.ad").get()
    assert event.actor_id == user.pk and event.object_id == str(scene.first.pk)
    digest = hashlib.sha256(response.content).hexdigest()
    assert event.detail == {"kind": "evidence_packet", "count": 1, "format": "zip", "sha256": digest}
    exported = CustodyEvent.objects.get(kind="exported")
    assert exported.actor == user and exported.capture.sightings.get().ad == scene.first
    network_page = client.get(f"/monitoring/networks/{scene.first.network_id}/").content.decode()
    assert f"/monitoring/networks/{scene.first.network_id}/evidence/" in network_page
    assert client.get(f"/monitoring/ads/{scene.first.pk}/evidence/").status_code == 405


def _nothing_written():
    return snapshot(CustodyEvent.objects.all(), AuditEvent.objects.filter(action="export"))


@pytest.mark.parametrize("seat", SEATS, ids=seat_id)
@pytest.mark.parametrize("what", ["ad", "network"])
def test_only_an_analyst_covering_the_ads_exports(world, scene, seat, what):
    client = world.client_for(seat)
    url = (f"/monitoring/ads/{scene.first.pk}/evidence/" if what == "ad"
           else f"/monitoring/networks/{scene.first.network_id}/evidence/")  # fmt: skip
    before = _nothing_written()
    exports_before = CustodyEvent.objects.filter(kind="exported").count()
    response = client.post(url)
    analyst_seat = seat.role == Role.MONITORING_ANALYST
    if analyst_seat and (seat.inside or what == "network"):
        # An outside analyst sees the network through its district-B ad, and exports that ad alone.
        assert response.status_code == 200 and response["Content-Type"] == "application/zip"
        assert CustodyEvent.objects.filter(kind="exported").count() > exports_before
        manifest = json.loads(_members(response.content)["manifest.json"])
        expected = {scene.first.reference, scene.second.reference} if seat.inside else {scene.outside.reference}
        if what == "ad":
            expected = {scene.first.reference}
        assert {ad["reference"] for ad in manifest["ads"]} == expected
        return
    assert_access(response, allowed=False, unchanged=lambda: _nothing_written() == before)
    assert not CustodyEvent.objects.filter(kind="exported").exists()
    if seat.role != Role.MONITORING_ANALYST:
        page = client.get(f"/monitoring/ads/{scene.first.pk}/")
        assert "evidence-form" not in page.content.decode()
    assert Ad.objects.count() == 3
