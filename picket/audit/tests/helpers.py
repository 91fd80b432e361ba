"""Test helpers for the audit app."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.test import Client

from picket.audit.models import AuditEvent


def signed_in(user: Any) -> Client:
    """A client signed in as ``user``, with the second factor completed where the project requires one."""
    client = Client()
    client.force_login(user)
    if apps.is_installed("django_otp.plugins.otp_static"):
        models = importlib.import_module("django_otp.plugins.otp_static.models")
        device = models.StaticDevice.objects.create(user=user, name="test device")
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def verify() -> str:
    """Run ``picket audit verify``; returns its output (raises CommandError when the log is broken)."""
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def every_column_text() -> list[str]:
    """Every stored value of every audit event, as text, to search for personal data that must not be there."""
    texts: list[str] = []
    for row in AuditEvent.objects.values():
        texts.extend(str(value) for value in row.values())
    return texts
