"""Role matrix over every monitoring API endpoint: every role inside and outside district A, with an API token.
Readers covering the record see it (and its phones, as the ad page shows them); a denied write changes nothing.
Expected role sets are written out (storage_helpers), not derived from the permission table."""

import json

import pytest
from django.test import Client

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.accounts.services import api_token_create
from picket.intake.models import Tip
from picket.monitoring.models import (
    Ad,
    AdIdentifier,
    Alert,
    Establishment,
    EstablishmentIdentifier,
    WatchlistEntry,
)
from picket.monitoring.services_establishments import establishment_create
from picket.monitoring.services_watch import watchlist_add
from picket.monitoring.tests.storage_helpers import (
    MONITORING_MANAGERS,
    MONITORING_VIEWERS,
    RISKY,
    analyst,
    ingest,
    local_source,
)
from picket.testing.rolematrix import SEATS, assert_access, seat_id, snapshot

pytestmark = pytest.mark.django_db
matrix = pytest.mark.parametrize("seat", SEATS, ids=seat_id)
PHONE = "9000012345"
OTHER_PHONE = "9000054321"
AGENCY_PHONE = "9000077777"
TIP_MAKERS = {Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}
CASE_MANAGERS = {Role.LEGAL_OFFICER, Role.DISTRICT_COORDINATOR, Role.STATE_PROGRAMME_MANAGER}


class Scene:
    """Three ads in district A (two in one network through a watched phone, which raised an alert on the
    second), an agency in district A, and the source they came from."""

    def __init__(self, world):
        actor = analyst(world)
        self.source = local_source(world)
        self.first = ingest(actor, self.source, RISKY).ad
        self.entry = watchlist_add(actor=actor, kind="phone", value=PHONE, ad=self.first)
        self.second = ingest(actor, self.source, f"Maids wanted, girls 15 yrs, no documents, call {PHONE} today").ad
        self.third = ingest(actor, self.source, f"New young girls in spa 24x7 full service, whatsapp {OTHER_PHONE}").ad
        self.alert = Alert.objects.get(ad=self.second)
        for ad in (self.first, self.second, self.third):
            ad.refresh_from_db()
        self.network = self.first.network
        assert self.network is not None and self.network.pk == self.second.network_id
        self.agency = establishment_create(
            actor=actor, kind="placement_agency", name="Shree Placement Services", district=world.district_a,
            registration_status="unregistered", phones=[AGENCY_PHONE],
        )  # fmt: skip


@pytest.fixture
def scene(world):
    return Scene(world)


def _api(user):
    _row, token = api_token_create(actor=actor_for(user), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _client(world, seat):
    return _api(world.user(seat.role, inside=seat.inside))


def _get(client, path, **query):
    return client.get(f"/api/v1/monitoring{path}", query)


def _send(client, method, path, body=None):
    call = getattr(client, method)
    return call(f"/api/v1/monitoring{path}", json.dumps(body or {}), content_type="application/json")


def _everything():
    return snapshot(
        Ad.objects.all(), AdIdentifier.objects.all(), WatchlistEntry.objects.all(), Alert.objects.all(),
        Tip.objects.all(), Establishment.objects.all(), EstablishmentIdentifier.objects.all(),
    )  # fmt: skip


def _viewer(seat):
    return seat.role in MONITORING_VIEWERS


def _references(response):
    return {row["reference"] for row in response.json()["items"]}


def _assert_write(response, *, allowed, before, status=200):
    """Allowed: the expected status. Refused: 403 for a role without the right, 404 (or 422 for a record named in
    the body) for one whose districts do not cover it; never a 500, and nothing changed."""
    if allowed:
        assert response.status_code == status, response.content
        assert _everything() != before
        return
    assert response.status_code in (403, 404, 422), response.content
    assert _everything() == before, "a denied request changed data"


# --- reads ---------------------------------------------------------------------------------------------------


@matrix
def test_reading_ads_networks_and_searching(world, scene, seat):
    client = _client(world, seat)
    shown = seat.inside and _viewer(seat)
    listed = _get(client, "/ads")
    assert_access(listed, allowed=_viewer(seat))
    if _viewer(seat):
        expected = {scene.first.reference, scene.second.reference, scene.third.reference} if seat.inside else set()
        assert _references(listed) == expected
        assert PHONE not in listed.content.decode()  # lists carry no identifiers, as the desk shows none

    detail = _get(client, f"/ads/{scene.first.reference}")
    assert_access(detail, allowed=shown)
    if shown:
        body = detail.json()
        assert {"kind": "phone", "value": PHONE} in [{k: i[k] for k in ("kind", "value")} for i in body["identifiers"]]
        assert any(r["indicator"] == "minor_age" and r["law"] for r in body["reasons"])
        assert body["sightings"][0]["sha256"] == scene.first.sightings.get().capture.sha256
        assert body["network_reference"] == scene.network.reference and body["ages"]

    networks = _get(client, "/networks")
    assert_access(networks, allowed=_viewer(seat))
    if _viewer(seat):
        assert _references(networks) == ({scene.network.reference} if seat.inside else set())
    network = _get(client, f"/networks/{scene.network.reference}")
    assert_access(network, allowed=shown)
    if shown:
        body = network.json()
        assert {ad["reference"] for ad in body["ads"]} == {scene.first.reference, scene.second.reference}
        assert body["phones"] == [{"value": PHONE, "ads": 2}]

    found = _send(client, "post", "/search", {"kind": "phone", "value": f"+91 {PHONE[:5]} {PHONE[5:]}"})
    assert_access(found, allowed=_viewer(seat))
    if _viewer(seat):
        assert _references(found) == ({scene.first.reference, scene.second.reference} if seat.inside else set())


@matrix
def test_reading_establishments_watchlist_alerts_and_sources(world, scene, seat):
    client = _client(world, seat)
    shown = seat.inside and _viewer(seat)
    for path, record in (
        ("/establishments", scene.agency.reference),
        ("/alerts", scene.alert.reference),
    ):
        listed = _get(client, path)
        assert_access(listed, allowed=_viewer(seat))
        if _viewer(seat):
            assert (record in _references(listed)) == seat.inside
        detail = _get(client, f"{path}/{record}")
        assert_access(detail, allowed=shown)

    agency = _get(client, f"/establishments/{scene.agency.reference}")
    if shown:
        assert agency.json()["phones"] == [AGENCY_PHONE] and agency.json()["name"] == "Shree Placement Services"
        alert = _get(client, f"/alerts/{scene.alert.reference}").json()
        assert alert["ad_reference"] == scene.second.reference and alert["status"] == "new"

    watchlist = _get(client, "/watchlist")
    assert_access(watchlist, allowed=_viewer(seat))
    if _viewer(seat):
        rows = watchlist.json()["items"]
        assert [(r["id"], r["value"]) for r in rows] == ([(scene.entry.pk, PHONE)] if seat.inside else [])

    sources = _get(client, "/sources")  # configuration: every monitoring role sees every source
    assert_access(sources, allowed=_viewer(seat))
    if _viewer(seat):
        assert scene.source.reference in _references(sources)
    assert_access(_get(client, f"/sources/{scene.source.reference}"), allowed=_viewer(seat))


# --- writes --------------------------------------------------------------------------------------------------


@matrix
def test_adding_to_the_watchlist(world, scene, seat):
    before = _everything()
    body = {"kind": "phone", "value": OTHER_PHONE, "ad_reference": scene.third.reference, "note": "same operator"}
    response = _send(_client(world, seat), "post", "/watchlist", body)
    allowed = seat.inside and seat.role in MONITORING_MANAGERS
    _assert_write(response, allowed=allowed, before=before, status=201)
    if allowed:
        assert response.json()["value"] == OTHER_PHONE and response.json()["ad_reference"] == scene.third.reference
    assert WatchlistEntry.objects.filter(ad=scene.third).exists() == allowed


@matrix
def test_removing_from_the_watchlist(world, scene, seat):
    before = _everything()
    response = _send(_client(world, seat), "delete", f"/watchlist/{scene.entry.pk}")
    allowed = seat.inside and seat.role in MONITORING_MANAGERS
    _assert_write(response, allowed=allowed, before=before, status=204)
    scene.entry.refresh_from_db()
    assert scene.entry.is_active is not allowed


@matrix
def test_creating_an_establishment(world, scene, seat):
    before = _everything()
    body = {"kind": "spa", "name": "Lotus Spa", "district_code": world.district_a.lgd_code, "phones": [OTHER_PHONE]}
    response = _send(_client(world, seat), "post", "/establishments", body)
    allowed = seat.inside and seat.role in MONITORING_MANAGERS
    _assert_write(response, allowed=allowed, before=before, status=201)
    if allowed:
        assert response.json()["phones"] == [OTHER_PHONE] and response.json()["reference"].startswith("E-")
    assert Establishment.objects.filter(kind="spa").exists() == allowed


@matrix
def test_assigning_an_alert(world, scene, seat):
    coordinator = world.user(Role.DISTRICT_COORDINATOR, inside=True)
    before = _everything()
    response = _send(
        _client(world, seat), "post", f"/alerts/{scene.alert.reference}/assign", {"assignee": coordinator.pk}
    )
    allowed = seat.inside and seat.role in MONITORING_MANAGERS
    _assert_write(response, allowed=allowed, before=before)
    scene.alert.refresh_from_db()
    assert (scene.alert.assignee_id == coordinator.pk) == allowed
    if allowed:
        assert response.json()["status"] == "assigned" and response.json()["assignee_id"] == coordinator.pk


@matrix
def test_dismissing_an_alert(world, scene, seat):
    before = _everything()
    body = {"reason": "false_match", "note": "another shop"}
    response = _send(_client(world, seat), "post", f"/alerts/{scene.alert.reference}/dismiss", body)
    allowed = seat.inside and seat.role in MONITORING_MANAGERS
    _assert_write(response, allowed=allowed, before=before)
    scene.alert.refresh_from_db()
    assert (scene.alert.status == "dismissed") == allowed


@matrix
def test_turning_an_alert_into_a_tip(world, scene, seat):
    before = _everything()
    response = _send(_client(world, seat), "post", f"/alerts/{scene.alert.reference}/tip", {})
    allowed = seat.inside and seat.role in TIP_MAKERS
    _assert_write(response, allowed=allowed, before=before)
    scene.alert.refresh_from_db()
    assert (scene.alert.status == "tip_created") == allowed
    if allowed:
        tip = Tip.objects.get(caller_reference=scene.alert.reference)
        assert response.json()["created_tip_reference"] == tip.reference


@matrix
def test_attaching_an_alert_to_a_case(world, scene, seat):
    from picket.prosecution.tests.factories import legal_officer, police_case

    case = police_case(world, legal_officer(world))
    before = _everything()
    body = {"case_reference": case.reference}
    response = _send(_client(world, seat), "post", f"/alerts/{scene.alert.reference}/attach", body)
    allowed = seat.inside and seat.role in CASE_MANAGERS
    _assert_write(response, allowed=allowed, before=before)
    scene.alert.refresh_from_db()
    assert (scene.alert.police_case_id == case.pk) == allowed
    if allowed:
        assert response.json()["police_case_reference"] == case.reference


# --- bad input, authentication, the OpenAPI document, identifiers kept out of URLs ------------------------------


def _fields(response):
    assert response.status_code == 422, response.content
    body = response.json()["error"]
    assert body["code"] == "invalid"
    return [f["field"] for f in body["fields"]]


def test_bad_input_is_refused_naming_the_field(world, scene):
    client = _api(world.user(Role.MONITORING_ANALYST, inside=True))
    assert _fields(_get(client, "/ads", min_risk=-1)) == ["min_risk"]
    assert _fields(_get(client, "/ads", since="yesterday")) == ["since"]
    assert _fields(_get(client, "/ads", district_code=999999)) == ["district_code"]
    assert _fields(_get(client, "/ads", source="S-NOSUCH00")) == ["source"]
    assert _fields(_get(client, "/alerts", status="closed")) == ["status"]
    assert _fields(_send(client, "post", "/search", {"kind": "email", "value": "a@b.in"})) == ["kind"]
    assert _fields(_send(client, "post", "/search", {"kind": "phone", "value": "12345"})) == ["value"]
    assert _fields(_send(client, "post", "/search", {"kind": "phone"})) == ["value"]
    before = _everything()
    assert _fields(_send(client, "post", "/watchlist", {"kind": "phone", "value": OTHER_PHONE})) == ["district_code"]
    district = world.district_a.lgd_code
    assert _fields(
        _send(client, "post", "/watchlist", {"kind": "phone", "value": "12", "district_code": district})
    ) == ["value"]
    assert _fields(_send(client, "post", "/watchlist", {"kind": "passport", "value": PHONE})) == ["kind"]
    assert _fields(_send(client, "post", "/watchlist", {"kind": "establishment", "district_code": district})) == [
        "establishment_reference"
    ]
    assert _fields(
        _send(client, "post", "/watchlist", {"kind": "phone", "value": PHONE, "district_code": district})
    ) == ["value"]  # already watched
    assert _fields(
        _send(client, "post", "/establishments", {"kind": "spa", "name": "", "district_code": district})
    ) == ["name"]
    bad_phone = {"kind": "spa", "name": "Lotus", "district_code": district, "phones": ["123"]}
    assert _fields(_send(client, "post", "/establishments", bad_phone)) == ["phones"]
    outside = {"kind": "spa", "name": "Lotus", "district_code": world.district_b.lgd_code}
    assert _fields(_send(client, "post", "/establishments", outside)) == ["district_code"]
    alert = f"/alerts/{scene.alert.reference}"
    assert _fields(_send(client, "post", f"{alert}/dismiss", {"reason": "bored"})) == ["reason"]
    assert _fields(_send(client, "post", f"{alert}/assign", {"assignee": 0})) == ["assignee"]
    stranger = world.user(Role.DISTRICT_COORDINATOR, inside=False)
    assert _fields(_send(client, "post", f"{alert}/assign", {"assignee": stranger.pk})) == ["assignee"]
    assert _everything() == before
    assert _send(client, "post", f"{alert}/dismiss", {"reason": "genuine"}).status_code == 200
    assert _fields(_send(client, "post", f"{alert}/dismiss", {"reason": "genuine"})) == ["status"]
    entry = f"/watchlist/{scene.entry.pk}"
    assert _send(client, "delete", entry).status_code == 204
    assert _fields(_send(client, "delete", entry)) == ["entry"]


def test_attaching_to_an_unknown_case_or_tipping_to_another_district_names_the_field(world, scene):
    coordinator = _api(world.user(Role.DISTRICT_COORDINATOR, inside=True))
    alert = f"/alerts/{scene.alert.reference}"
    before = _everything()
    assert _fields(_send(coordinator, "post", f"{alert}/attach", {"case_reference": "P-NOSUCH00"})) == [
        "case_reference"
    ]
    outside = {"district_code": world.district_b.lgd_code}
    assert "district_code" in _fields(_send(coordinator, "post", f"{alert}/tip", outside))
    assert _everything() == before


def test_without_a_token_nothing_is_read_or_written(world, scene):
    anonymous = Client()
    assert _get(anonymous, "/ads").status_code == 401
    assert _get(anonymous, f"/ads/{scene.first.reference}").status_code == 401
    wrong = Client(HTTP_AUTHORIZATION="Bearer not-a-token")
    before = _everything()
    assert _send(wrong, "post", f"/alerts/{scene.alert.reference}/dismiss", {"reason": "genuine"}).status_code == 401
    assert _send(wrong, "post", "/search", {"kind": "phone", "value": PHONE}).status_code == 401
    assert _everything() == before


def test_the_browser_session_works_too(world, scene):
    from picket.testing.rolematrix import Seat

    client = world.client_for(Seat(Role.LEGAL_OFFICER, inside=True))
    assert _references(_get(client, "/ads", flagged="true")) >= {scene.first.reference}


def test_filters_narrow_the_ads(world, scene):
    client = _api(world.user(Role.STATE_PROGRAMME_MANAGER, inside=True))
    everything = {scene.first.reference, scene.second.reference, scene.third.reference}
    assert _references(_get(client, "/ads")) == everything
    flagged = {ad.reference for ad in (scene.first, scene.second, scene.third) if ad.flagged}
    assert _references(_get(client, "/ads", flagged="true")) == flagged
    assert _references(_get(client, "/ads", network=scene.network.reference.lower())) == {
        scene.first.reference, scene.second.reference,
    }  # fmt: skip
    assert _references(_get(client, "/ads", source=scene.source.reference)) == everything
    assert _references(_get(client, "/ads", district_code=world.district_a.lgd_code)) == everything
    assert _references(_get(client, "/ads", district_code=world.district_a2.lgd_code)) == set()
    assert _references(_get(client, "/ads", min_risk=1000)) == set()
    assert _references(_get(client, "/ads", since="2999-01-01T00:00:00Z")) == set()
    assert _references(_get(client, "/ads", since="2999-01-01")) == set()
    assert _references(_get(client, "/ads", since="2000-01-01T00:00:00")) == everything
    page = _get(client, "/ads", limit=2).json()
    assert page["count"] == 3 and len(page["items"]) == 2 and page["next_offset"] == 2


def test_a_network_shows_and_counts_only_the_ads_of_the_readers_districts(world, scene):
    """The same phone in an ad of district B joins the network; district A's readers neither see nor count it."""
    ad_b = ingest(analyst(world, inside=False), local_source(world, inside=False), f"Hotel jobs, call {PHONE}").ad
    assert ad_b.network_id == scene.network.pk
    inside = _api(world.user(Role.DISTRICT_COORDINATOR, inside=True))
    body = _get(inside, f"/networks/{scene.network.reference}").json()
    assert ad_b.reference not in {ad["reference"] for ad in body["ads"]}
    assert body["phones"] == [{"value": PHONE, "ads": 2}]
    (row,) = _get(inside, "/networks").json()["items"]
    assert row["ads"] == 2 and row["recent_ads"] == 2
    outside = _api(world.user(Role.DISTRICT_COORDINATOR, inside=False))
    body = _get(outside, f"/networks/{scene.network.reference}").json()
    assert [ad["reference"] for ad in body["ads"]] == [ad_b.reference]
    (row,) = _get(outside, "/networks").json()["items"]
    assert row["ads"] == 1


def test_an_alert_on_an_ad_outside_the_readers_districts_does_not_name_it(world, scene):
    """District A's entry watches a phone that turns up in an ad matched to no district (national roles only):
    the alert goes to district A, its ad stays hidden from district A's readers, as on the alert page."""
    from picket.monitoring.models import CollectionMethod, Source, SourceKind

    national = Source.objects.create(
        name="Classifieds", kind=SourceKind.CLASSIFIEDS, method=CollectionMethod.MANUAL,
        created_by=world.user(Role.MONITORING_ANALYST, inside=True),
    )  # fmt: skip
    ad = ingest(analyst(world), national, f"Hotel jobs abroad, tourist visa, call {PHONE}").ad
    assert ad.district_id is None
    alert = Alert.objects.get(ad=ad)
    assert alert.district_id == world.district_a.pk
    body = _get(_api(world.user(Role.LEGAL_OFFICER, inside=True)), f"/alerts/{alert.reference}").json()
    assert body["ad_reference"] is None and body["ad_outside"] is True
    assert _get(_api(world.user(Role.LEGAL_OFFICER, inside=True)), f"/ads/{ad.reference}").status_code == 404


def test_an_accused_persons_phone_on_the_watchlist_is_shown_only_to_those_who_see_the_accused(world, scene):
    from picket.monitoring.services_watch import watchlist_sync_accused
    from picket.prosecution.services import accused_person_register
    from picket.prosecution.tests.factories import legal_officer

    officer = actor_for(legal_officer(world))
    accused = accused_person_register(actor=officer, name="Bhola Prasad", district=world.district_a, phone="9000099999")
    assert watchlist_sync_accused() == 1
    entry = WatchlistEntry.objects.get(accused=accused)

    def value_for(role):
        rows = _get(_api(world.user(role, inside=True)), "/watchlist").json()["items"]
        return next(r["value"] for r in rows if r["id"] == entry.pk)

    assert value_for(Role.LEGAL_OFFICER) == "9000099999"
    assert value_for(Role.MONITORING_ANALYST) is None


def test_the_openapi_document_describes_the_monitoring_api(client):
    document = client.get("/api/v1/openapi.json").json()
    paths = {p: ops for p, ops in document["paths"].items() if p.startswith("/api/v1/monitoring/")}
    expected = {
        "/api/v1/monitoring/ads", "/api/v1/monitoring/ads/{reference}", "/api/v1/monitoring/search",
        "/api/v1/monitoring/networks", "/api/v1/monitoring/networks/{reference}",
        "/api/v1/monitoring/establishments", "/api/v1/monitoring/establishments/{reference}",
        "/api/v1/monitoring/watchlist", "/api/v1/monitoring/watchlist/{entry_id}",
        "/api/v1/monitoring/alerts", "/api/v1/monitoring/alerts/{reference}",
        "/api/v1/monitoring/alerts/{reference}/assign", "/api/v1/monitoring/alerts/{reference}/dismiss",
        "/api/v1/monitoring/alerts/{reference}/tip", "/api/v1/monitoring/alerts/{reference}/attach",
        "/api/v1/monitoring/sources", "/api/v1/monitoring/sources/{reference}",
    }  # fmt: skip
    assert set(paths) == expected
    assert set(paths["/api/v1/monitoring/search"]) == {"post"}
    operations = [op for ops in paths.values() for op in ops.values()]
    assert all(op.get("security") and op["tags"] == ["monitoring"] for op in operations)
    schemas = document["components"]["schemas"]
    assert {"AdOut", "NetworkOut", "AlertOut", "WatchIn", "EstablishmentOut", "SourceOut"} <= set(schemas)
    assert {"reasons", "identifiers", "sightings"} <= set(schemas["AdOut"]["properties"])
    # No path or query parameter can carry a phone, handle or other identifier.
    names = {p["name"] for op in operations for p in op.get("parameters", [])}
    assert names <= {
        "reference", "entry_id", "limit", "offset", "flagged", "min_risk", "district_code", "network", "source",
        "since", "status", "kind", "registration_status",
    }  # fmt: skip


def test_no_identifier_reaches_a_url_or_the_audit_log(world, scene):
    from picket.audit.models import AuditEvent

    client = _api(world.user(Role.MONITORING_ANALYST, inside=True))
    assert _get(client, "/search", kind="phone", value=PHONE).status_code == 405
    # A phone put in the query string of the POST is not read: the body is required.
    response = client.post(f"/api/v1/monitoring/search?kind=phone&value={PHONE}", "{}", content_type="application/json")
    assert response.status_code == 422
    found = _send(client, "post", "/search", {"kind": "phone", "value": PHONE})
    assert _references(found) == {scene.first.reference, scene.second.reference}
    watched = _send(
        client, "post", "/watchlist", {"kind": "handle", "value": "@shree_jobs", "ad_reference": scene.third.reference}
    )
    assert watched.status_code == 201
    for path in (f"/ads/{scene.first.reference}", f"/networks/{scene.network.reference}", "/watchlist"):
        assert _get(client, path).status_code == 200
    for url in [found.json()["next_offset"], *(row["reference"] for row in found.json()["items"])]:
        assert PHONE not in str(url)
    logged = json.dumps([(e.object_type, e.detail) for e in AuditEvent.objects.all()], default=str)
    assert PHONE not in logged and "shree_jobs" not in logged
    assert AuditEvent.objects.filter(action="search", object_type="monitoring.ad").exists()
    assert AuditEvent.objects.filter(action="view_identity", object_type="monitoring.ad").exists()


def test_list_endpoints_do_not_query_per_row(world, scene, django_assert_max_num_queries):
    actor = analyst(world)
    for n in range(5):
        ingest(actor, scene.source, f"Girls {14 + n} yrs wanted for spa work, no documents, call 90000{n}2222")
        watchlist_add(actor=actor, kind="handle", value=f"@agent{n}", district=world.district_a)
    client = _api(world.user(Role.MONITORING_ANALYST, inside=True))
    for path in ("/ads", "/alerts", "/watchlist", "/networks", "/establishments", "/sources"):
        with django_assert_max_num_queries(12):
            assert _get(client, path).status_code == 200


def test_watching_an_establishment_and_filtering_alerts_by_status(world, scene):
    client = _api(world.user(Role.MONITORING_ANALYST, inside=True))
    watched = _send(
        client, "post", "/watchlist", {"kind": "establishment", "establishment_reference": scene.agency.reference}
    )
    assert watched.status_code == 201, watched.content
    body = watched.json()
    assert body["establishment_reference"] == scene.agency.reference and body["value"] is None
    assert body["district_code"] == world.district_a.lgd_code
    assert scene.alert.reference in _references(_get(client, "/alerts", status="open"))
    assert _send(client, "post", f"/alerts/{scene.alert.reference}/dismiss", {"reason": "duplicate"}).status_code == 200
    assert scene.alert.reference not in _references(_get(client, "/alerts", status="open"))
    assert scene.alert.reference in _references(_get(client, "/alerts", status="dismissed"))
    agency = _get(client, f"/establishments/{scene.agency.reference}").json()
    assert agency["registration_status"] == "unregistered" and agency["inspections"] == []
