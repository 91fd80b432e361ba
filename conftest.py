"""Shared pytest fixtures. Tests live next to the code they test, in each app's tests/ package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import LazySettings

from picket.testing.rolematrix import World

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: LazySettings, tmp_path: Path) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.UPLOAD_DIR = tmp_path / "uploads"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.LANGUAGE_CODE = "en"
    yield


@pytest.fixture
def world(db: None) -> World:
    return World()


@pytest.fixture
def lgd_dir() -> Path:
    directory = SHARED_DATA / "lgd"
    if not directory.is_dir():
        pytest.skip("../shared/data/lgd is absent (it is beside the project on developer machines and in CI)")
    return directory
