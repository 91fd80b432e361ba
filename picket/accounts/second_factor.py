"""The second factor: TOTP devices (authenticator apps) and single-use recovery codes (django-otp)."""

from __future__ import annotations

import secrets

import segno
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from picket.accounts.models import User

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def confirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp(user: User) -> TOTPDevice:
    """The device being enrolled: created once, so reloading the page keeps the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG (no image request, no script: fits the CSP)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=True))


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones; returned once, stored by django-otp."""
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def verify(user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts ``code`` (authenticator first, then a recovery code, which is then used up)."""
    code = "".join(code.split())
    if not code.isdigit():
        return None
    totp = confirmed_totp(user)
    if totp is not None and totp.verify_is_allowed()[0] and totp.verify_token(code):
        return totp
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def reset_second_factor(user: User) -> int:
    """Remove every device of ``user`` (lost phone); they enrol again at next sign-in."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    return removed
