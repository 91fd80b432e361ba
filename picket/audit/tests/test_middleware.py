"""The request context: client address (proxies only when configured) and the user known when writing."""

import pytest
from django.test import RequestFactory

from picket.accounts.roles import Role
from picket.audit.context import current_context
from picket.audit.middleware import AuditContextMiddleware, client_ip
from picket.audit.models import AuditAction, AuditEvent
from picket.audit.services import audit_record
from picket.audit.tests.helpers import signed_in

factory = RequestFactory()


def _request(remote="203.0.113.5", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/somewhere/", **extra)


def test_the_address_is_remote_addr_and_forwarded_for_is_ignored_by_default():
    assert client_ip(_request(forwarded="198.51.100.1")) == "203.0.113.5"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # what the client wrote itself is ignored
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "198.51.100.1", "203.0.113.5"),  # fewer hops than proxies: the direct peer
        (1, "not-an-address", None),
        (1, "2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
    ],
)
def test_forwarded_for_is_honoured_behind_trusted_proxies(settings, count, forwarded, expected):
    settings.PICKET_TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(forwarded=forwarded)) == expected


def test_the_context_lasts_for_the_request_only():
    seen = {}

    def view(request):
        seen["context"] = current_context()
        return None

    AuditContextMiddleware(view)(_request())
    assert seen["context"].ip_address == "203.0.113.5"
    assert seen["context"].path == "/somewhere/"
    assert current_context().ip_address is None


@pytest.mark.django_db
def test_the_user_is_the_one_signed_in_when_the_event_is_written(world):
    user = world.user(Role.CASE_WORKER, inside=True)
    request = _request()

    written = []

    def view(request):
        request.user = user  # e.g. signed in during this request, or by an API token
        written.append(audit_record(action=AuditAction.SEARCH))

    AuditContextMiddleware(view)(request)
    [event] = written
    assert (event.actor_id, event.ip_address) == (user.pk, "203.0.113.5")


@pytest.mark.django_db
def test_the_middleware_is_installed(world):
    supervisor = world.user(Role.DISTRICT_COORDINATOR, inside=True)
    client = signed_in(supervisor)
    client.post(
        "/organisations/new/",
        {"name": "Audited CWC", "kind": "cwc", "districts": [world.district_a.pk]},
        REMOTE_ADDR="192.0.2.44",
    )
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="accounts.organisation")
    assert (event.actor_id, event.ip_address) == (supervisor.pk, "192.0.2.44")
