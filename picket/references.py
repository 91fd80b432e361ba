"""References for records: say nothing about anyone (no name, place or date) and cannot be guessed.

``C-7K3M9Q2X``: a one-letter kind, then 8 characters of Crockford's base32 (no I, L, O, U to misread) — 40 bits.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(prefix: str) -> str:
    return f"{prefix}-" + "".join(secrets.choice(ALPHABET) for _ in range(8))
