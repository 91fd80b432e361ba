"""Secrets generated on first run into ``var/`` when the environment does not provide them.

Generated files are created with mode 0600 and never committed (``var/`` is git-ignored).
"""

from __future__ import annotations

import os
import secrets as _random
from pathlib import Path


def _write_private(path: Path, content: str) -> None:
    # O_EXCL: two processes starting at once must not overwrite each other's freshly written secret.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(content)


def secret_from_env_or_file(*, env_name: str, path: Path, nbytes: int = 50) -> str:
    """Return the secret from ``env_name`` if set, else from ``path``, generating the file if absent."""
    value = os.environ.get(env_name)
    if value:
        return value
    if not path.exists():
        _write_private(path, _random.token_urlsafe(nbytes))
    return path.read_text(encoding="utf-8").strip()
