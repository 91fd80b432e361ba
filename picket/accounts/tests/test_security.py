"""Sign-in hardening: second factor, lockout and unlock, idle expiry, headers, CSRF, rate limits."""

import time

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from picket.accounts.middleware import LAST_SEEN_KEY
from picket.accounts.roles import Role
from picket.testing.auth import login_verified
from picket.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEEDS_SECOND_FACTOR = [
    Role.FIELD_WORKER,
    Role.CASE_WORKER,
    Role.LEGAL_OFFICER,
    Role.DISTRICT_COORDINATOR,
    Role.STATE_PROGRAMME_MANAGER,
    Role.PARTNER_OFFICER,
    Role.ADMINISTRATOR,
]


def _password_login(user):
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def _current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.parametrize("role", NEEDS_SECOND_FACTOR, ids=lambda r: r.value)
def test_roles_that_see_identities_get_nothing_before_the_second_factor(world, role):
    client = _password_login(world.user(role, inside=True))
    for path in ("/", "/children/", "/organisations/", "/users/", "/account/tokens/", "/geography/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/"), path
    api = client.get("/api/v1/me")
    assert api.status_code == 401 and api.json()["error"]["code"] == "second_factor_required"


def test_an_analyst_signs_in_with_a_password_alone(world):
    client = _password_login(world.user(Role.ANALYST, inside=True))
    assert client.get("/").status_code == 200


def test_enrolment_confirms_the_app_gives_recovery_codes_and_opens_the_session(world):
    user = world.user(Role.CASE_WORKER, inside=True)
    client = _password_login(user)
    page = client.get("/account/two-factor/")
    assert page.context["enrolling"] and page.context["secret"]
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post("/account/two-factor/", {"code": "000000" if _current_code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert client.get("/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows down guessing after a wrong code
    device.throttle_reset()  # as if the throttling delay (1 s) had passed

    done = client.post("/account/two-factor/", {"code": _current_code(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_recovery_code_works_once(world):
    user = world.user(Role.CASE_WORKER, inside=True)
    client = _password_login(user)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    from picket.accounts.second_factor import new_recovery_codes

    code = new_recovery_codes(user)[0]
    assert client.post("/account/two-factor/", {"code": code}).status_code == 302
    assert client.get("/").status_code == 200

    again = _password_login(user)
    response = again.post("/account/two-factor/", {"code": code})
    assert response.status_code == 200 and response.context["form"].errors
    assert again.get("/").status_code == 302
    assert device.pk  # the authenticator itself is untouched


def test_repeated_wrong_passwords_lock_the_account_until_a_coordinator_unlocks_it(world, settings):
    user = world.user(Role.CASE_WORKER, inside=True)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": user.username, "password": "wrong password"})
    locked = client.post("/login/", {"username": user.username, "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert "Account locked" in locked.content.decode()

    outsider = login_verified(Client(), world.user(Role.DISTRICT_COORDINATOR, inside=False))
    assert outsider.post(f"/users/{user.pk}/unlock/").status_code == 404
    assert Client().post("/login/", {"username": user.username, "password": TEST_PASSWORD}).status_code == 429

    coordinator = login_verified(Client(), world.user(Role.DISTRICT_COORDINATOR, inside=True))
    detail = coordinator.get(f"/users/{user.pk}/")
    assert detail.context["is_locked"]
    assert coordinator.post(f"/users/{user.pk}/unlock/").status_code == 302
    response = Client().post("/login/", {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_a_coordinator_resets_a_lost_second_factor(world):
    user = world.user(Role.FIELD_WORKER, inside=True)
    TOTPDevice.objects.create(user=user, name="lost phone", confirmed=True)
    coordinator = login_verified(Client(), world.user(Role.DISTRICT_COORDINATOR, inside=True))
    assert coordinator.post(f"/users/{user.pk}/reset-second-factor/").status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    client = _password_login(user)
    assert client.get("/account/two-factor/").context["enrolling"]


def test_an_idle_session_is_signed_out(world, settings):
    client = login_verified(Client(), world.user(Role.CASE_WORKER, inside=True))
    assert client.get("/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.IDLE_SESSION_SECONDS - 5
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/").status_code == 302


def test_security_headers(world):
    client = login_verified(Client(), world.user(Role.CASE_WORKER, inside=True))
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response
    assert "max-age=" in client.get("/", secure=True)["Strict-Transport-Security"]


def test_forms_need_the_csrf_token(world):
    user = world.user(Role.ANALYST, inside=True)
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 403


def test_sign_in_attempts_from_one_address_are_rate_limited(world):
    client = Client()
    statuses = [client.post("/login/", {"username": f"nobody{i}", "password": "x"}).status_code for i in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    other_address = Client(REMOTE_ADDR="10.9.8.7")
    assert other_address.post("/login/", {"username": "nobody", "password": "x"}).status_code == 200


def test_old_rate_counters_are_pruned_when_a_new_window_begins(world):
    from picket.web.models import RateCounter
    from picket.web.ratelimit import hit

    RateCounter.objects.create(key="x" * 32, window_start=int(time.time()) - 3 * 24 * 3600, count=3)
    assert hit(scope="test", subject="127.0.0.1", limit=5, window_seconds=60)
    assert not RateCounter.objects.filter(key="x" * 32).exists()
    assert RateCounter.objects.count() == 1
    assert "127.0.0.1" not in RateCounter.objects.get().key


def test_behind_a_trusted_proxy_clients_are_told_apart_by_forwarded_address(world, settings):
    settings.PICKET_TRUSTED_PROXY_COUNT = 1
    first = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    statuses = [first.post("/login/", {"username": f"someone{i}", "password": "x"}).status_code for i in range(31)]
    assert statuses[-1] == 429
    second = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert second.post("/login/", {"username": "someone-else", "password": "x"}).status_code == 200
