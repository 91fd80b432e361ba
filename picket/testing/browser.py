"""Browser steps shared by Playwright tests."""

from __future__ import annotations

import base64
from typing import Any

from django_otp.oath import totp

from picket.accounts.models import User
from picket.testing.factories import TEST_PASSWORD


def sign_in_with_new_authenticator(page: Any, user: User) -> list[str]:
    """Sign in as ``user`` through the real pages, enrolling an authenticator; returns the recovery codes."""
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/account/two-factor/**")
    secret = page.locator("[data-testid=totp-secret]").inner_text()
    page.fill("#id_code", f"{totp(base64.b32decode(secret + '=' * (-len(secret) % 8))):06d}")
    page.click("main form button[type=submit]")
    codes: list[str] = page.locator("[data-testid=recovery-codes] li").all_inner_texts()
    page.click("text=I have kept them")
    page.wait_for_load_state()
    return codes
