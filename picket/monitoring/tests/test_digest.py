"""The daily monitoring digest (issue #7, item 5): counts within each reader's districts, references only (no
phone, handle, name or ad text in the notification or its e-mail), nothing when nothing is new, once a day."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from picket.accounts.roles import Role
from picket.monitoring.digest import digests_send
from picket.monitoring.models import Alert, AlertKind, AlertStatus
from picket.monitoring.tests.storage_helpers import RISKY, analyst, ingest, local_source
from picket.notify.daily import next_daily_run
from picket.notify.models import Notification

pytestmark = pytest.mark.django_db
PHONE = "9000012345"
HANDLE = "@fastjobs_agent"
NETWORKED = "Maids wanted, girls 15 yrs, no documents, call 9000012345 today, whatsapp @fastjobs_agent"


class Scene:
    """District A: two high-risk ads of one network and an alert; district B: one high-risk ad and its alert."""

    def __init__(self, world):
        self.analyst_a = world.user(Role.MONITORING_ANALYST, inside=True)
        self.analyst_b = world.user(Role.MONITORING_ANALYST, inside=False)
        self.coordinator = world.user(Role.DISTRICT_COORDINATOR, inside=True)
        self.legal = world.user(Role.LEGAL_OFFICER, inside=True)
        actor = analyst(world)
        source = local_source(world)
        self.ad = ingest(actor, source, RISKY).ad
        self.other = ingest(actor, source, NETWORKED).ad
        outside = ingest(analyst(world, inside=False), local_source(world, inside=False), "Spa girls 24x7 new girls").ad
        self.alert = Alert.objects.create(kind=AlertKind.WATCHLIST, matched_kind="phone", ad=self.ad,
                                          district=world.district_a)  # fmt: skip
        self.outside_alert = Alert.objects.create(kind=AlertKind.WATCHLIST, matched_kind="phone", ad=outside,
                                                  district=world.district_b)  # fmt: skip


@pytest.fixture
def scene(world):
    return Scene(world)


def _digest(user) -> Notification:
    return Notification.objects.get(recipient=user)


def test_each_reader_gets_the_counts_of_their_own_districts(world, scene):
    Alert.objects.filter(pk=scene.alert.pk).update(assignee=scene.coordinator, status=AlertStatus.ASSIGNED)
    assert digests_send() > 0
    subject = _digest(scene.analyst_a).subject
    assert "1 new open alert;" in subject and "2 new high-risk ads" in subject and "1 network grew" in subject
    assert "0 alerts assigned to you open" in subject and scene.outside_alert.reference not in subject
    subject_b = _digest(scene.analyst_b).subject
    assert "1 new open alert;" in subject_b and "1 new high-risk ad;" in subject_b and "0 networks grew" in subject_b
    coordinator = _digest(scene.coordinator).subject
    assert "1 alert assigned to you open" in coordinator and f"newly assigned: {scene.alert.reference}" in coordinator
    assert _digest(scene.analyst_a).url.startswith("/monitoring/?digest=")
    assert not Notification.objects.filter(recipient=scene.legal).exists()  # nothing assigned: not a reader


def test_no_phone_handle_name_or_ad_text_reaches_the_notification_or_its_email(
    world, scene, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    texts = [(str(subject), str(url)) for subject, url in Notification.objects.values_list("subject", "url")]
    texts += [(str(message.subject), str(message.body)) for message in mail.outbox]
    assert mail.outbox
    for subject, body in texts:
        for secret in (PHONE, "9000054321", HANDLE, "fastjobs", "Maids", "girls", "documents"):
            assert secret not in subject and secret not in body


def test_nothing_is_sent_when_nothing_is_new_and_never_twice_a_day(world, scene):
    now = next_daily_run(at=datetime.time(6, 30))  # the coming 06:30 IST, within a day of the records
    assert digests_send(now=now) > 0
    sent = Notification.objects.count()
    Alert.objects.create(kind=AlertKind.WATCHLIST, matched_kind="phone", ad=scene.other, district=world.district_a)
    assert digests_send(now=now + datetime.timedelta(hours=2)) == 0  # the same day in India: not again
    assert Notification.objects.count() == sent
    next_day = now + datetime.timedelta(days=1)
    assert digests_send(now=next_day) > 0  # the new alert, for district A's analysts only
    assert Notification.objects.filter(recipient=scene.analyst_a).count() == 2
    assert "1 new open alert;" in Notification.objects.filter(recipient=scene.analyst_a).order_by("-pk")[0].subject
    assert digests_send(now=next_day + datetime.timedelta(days=1)) == 0  # nothing new since
    assert Notification.objects.filter(recipient=scene.analyst_b).count() == 1


def test_the_daily_job_sends_the_digests(world, scene):
    from picket.monitoring.tasks_digest import digest_schedule_ensure, monitoring_digest_daily

    assert monitoring_digest_daily.call().startswith("monitoring digests sent: ")
    assert Notification.objects.filter(recipient=scene.analyst_a).exists()
    assert digest_schedule_ensure() is False  # the immediate backend of the tests keeps no chain
