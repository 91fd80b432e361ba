"""Where Picket keeps its mutable state (database file, generated keys, uploads).

Kept apart from settings so that command-line helpers can find ``var/`` without loading Django.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent


def var_dir() -> Path:
    """The state directory: ``PICKET_VAR_DIR``, else ``var/`` of a source checkout, else ``./var``."""
    configured = os.environ.get("PICKET_VAR_DIR")
    if configured:
        path = Path(configured).expanduser().resolve()
    elif (SOURCE_ROOT / "pyproject.toml").exists():
        path = SOURCE_ROOT / "var"
    else:
        path = Path.cwd() / "var"
    path.mkdir(parents=True, exist_ok=True)
    return path
