"""What an audit event's ``detail`` may hold: an allow-list of non-personal facts.

Whether a value is personal data cannot be decided by looking at it, so the audit log does not try. Instead,
``detail`` accepts only the keys below, each meant for facts *about* an action (which fields changed, how many
rows, which filters were used — never their values), and only small scalar values. Anything else raises
``ValueError`` at once, so a mistake shows up in development and tests, not in a court-ordered audit.

To record a new kind of fact, add its key here with a comment saying what it holds, and have it reviewed:
a key is a promise that no caller will ever put a name, phone number, address or free text under it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DetailValue = str | int | bool | list[str] | None

ALLOWED_DETAIL_KEYS: dict[str, str] = {
    "fields": "names of the fields written or changed (never their values)",
    "count": "a number of records involved",
    "rows": "a number of rows read, imported or exported",
    "added": "a number of rows added (imports)",
    "updated": "a number of rows updated (imports)",
    "unchanged": "a number of rows left unchanged (imports)",
    "days": "a number of days, e.g. an API token's lifetime",
    "filters": "names of the search filters used (never the values searched for)",
    "format": "an export or file format, e.g. csv",
    "reason": "a fixed reason code or permission name, e.g. 'user.manage' (never free text)",
    "path": "the URL path of the request (paths carry ids only, never names)",
    "method": "the HTTP method",
    "key_id": "the id of an encryption key (never the key)",
    "kind": "what sort of action within the event's action, e.g. 'user_create', 'withdrawn'",
    "purpose": "a consent or processing purpose code",
    "organisation_id": "the id of an organisation involved (e.g. a partner a record was shared with)",
    "role": "a role code, e.g. the role given to a user",
    "level": "a geography level: state, district or subdistrict",
    "succession": "a district succession kind: rename, split or merge",
    "successor_ids": "ids of districts succeeding a retired one",
    # Reviewed: a SHA-256 digest identifies a file (e.g. an exported evidence packet) so a court can match the
    # file to the log; it is not personal data — it reveals nothing of the content and cannot be reversed.
    "sha256": "the SHA-256 hex digest of a file produced by the action, e.g. an evidence packet (never its content)",
}

MAX_TEXT = 200
MAX_ITEMS = 100


def _clean_text(key: str, value: str) -> str:
    if len(value) > MAX_TEXT:
        raise ValueError(f"audit detail '{key}' is longer than {MAX_TEXT} characters; record codes, not text")
    return str.__str__(value)  # a plain str, also for TextChoices and StrEnum members


def _clean_value(key: str, value: object) -> DetailValue:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return _clean_text(key, value)
    if isinstance(value, list | tuple):
        if len(value) > MAX_ITEMS:
            raise ValueError(f"audit detail '{key}' has more than {MAX_ITEMS} items")
        if not all(isinstance(item, str) for item in value):
            raise ValueError(f"audit detail '{key}' must be a list of strings")
        return [_clean_text(key, item) for item in value]
    raise ValueError(f"audit detail '{key}' has a value of type {type(value).__name__}; use str, int, bool or list")


def clean_detail(detail: Mapping[str, Any] | None) -> dict[str, DetailValue]:
    """``detail`` as plain JSON values, or ``ValueError`` naming the offending key (never its value)."""
    if not detail:
        return {}
    cleaned: dict[str, DetailValue] = {}
    for key, value in detail.items():
        if key not in ALLOWED_DETAIL_KEYS:
            raise ValueError(f"audit detail key '{key}' is not in the allow-list (picket/audit/detail.py)")
        cleaned[key] = _clean_value(key, value)
    return cleaned


def displayable_detail(detail: object) -> list[tuple[str, str]]:
    """Allow-listed keys of a stored detail, as (key, text) pairs for pages; anything else is not shown."""
    if not isinstance(detail, dict):
        return []
    items = []
    for key in sorted(detail):
        if key not in ALLOWED_DETAIL_KEYS:
            continue
        value = detail[key]
        if isinstance(value, list):
            text = ", ".join(str(item) for item in value if isinstance(item, str | int))
        elif value is None or isinstance(value, str | int):
            text = "" if value is None else str(value)
        else:
            continue
        items.append((key, text))
    return items
