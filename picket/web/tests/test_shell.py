import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from picket.accounts.models import User
from picket.accounts.roles import Role
from picket.testing.auth import login_verified
from picket.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if "api" in str(entry.pattern):
                continue  # API operations are checked in accounts/tests/test_api.py
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_page_declares_its_permission_or_is_explicitly_public():
    undeclared = [route for route, view in _patterns(get_resolver()) if not hasattr(view, "required_permission")]
    assert undeclared == []


def test_pages_redirect_anonymous_visitors_to_sign_in(client):
    for path in ("/", "/organisations/", "/users/", "/geography/", "/roles/", "/account/tokens/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), path


def test_sign_in_and_out(world):
    user = world.user(Role.ANALYST, inside=True)  # a role without identities needs no second factor
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_wrong_password_shows_an_error_and_signs_nobody_in(world):
    user = world.user(Role.CASE_WORKER, inside=True)
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get("/").status_code == 302


def test_navigation_shows_only_modules_the_role_may_use(world):
    client = Client()
    login_verified(client, world.user(Role.PARTNER_OFFICER, inside=True))
    labels = [str(item["label"]) for item in client.get("/").context["navigation"]]
    assert "Organisations" not in labels and "Users" not in labels
    login_verified(client, world.user(Role.DISTRICT_COORDINATOR, inside=True))
    labels = [str(item["label"]) for item in client.get("/").context["navigation"]]
    assert {"Organisations", "Users", "Geography"} <= set(labels)


def test_choosing_hindi_is_remembered_on_the_profile(world):
    user = world.user(Role.FIELD_WORKER, inside=True)
    client = Client()
    login_verified(client, user)
    response = client.post("/language/", {"language": "hi", "next": "/roles/"})
    assert response.status_code == 302 and response["Location"] == "/roles/"
    assert User.objects.get(pk=user.pk).preferred_language == "hi"
    fresh = Client()
    login_verified(fresh, user)
    page = fresh.get("/").content.decode()
    assert 'lang="hi"' in page


def test_language_switch_ignores_foreign_redirects_and_unknown_languages(world):
    user = world.user(Role.FIELD_WORKER, inside=True)
    client = Client()
    login_verified(client, user)
    response = client.post("/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert User.objects.get(pk=user.pk).preferred_language == ""


def test_unknown_pages_answer_404_with_the_shell(world, settings):
    settings.DEBUG = False
    client = Client()
    login_verified(client, world.user(Role.FIELD_WORKER, inside=True))
    response = client.get("/organisations/999999/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()


def test_health_needs_no_sign_in(client):
    assert client.get("/health/").content == b"ok"


def test_roles_page_shows_what_each_role_may_do(world):
    client = Client()
    login_verified(client, world.user(Role.ANALYST, inside=True))
    page = client.get("/roles/").content.decode()
    assert "Analyst" in page and "Sees de-identified statistics only" in page
