"""The hash chain: each event's HMAC covers every stored field and the previous event's hash.

The HMAC key is the keyring's ``audit_key``, kept outside the database, so that someone who can write to the
database but does not hold the keyring cannot recompute the chain after altering or deleting a row.

The canonical form is a compact JSON document with sorted keys and a format version, built from values as
they read back from the database (UTC timestamps with microseconds, the normalised IP address text), so that
the hash computed on writing is the one recomputed by ``picket audit verify`` on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Mapping
from typing import Any

from django.utils.ipv6 import clean_ipv6_address

CHAIN_FORMAT = 1
GENESIS_HASH = "0" * 64

HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "ip_address",
    "outcome",
    "detail",
    "previous_hash",
)


def normalise_ip(value: str | None) -> str | None:
    """An IP address in the text form ``GenericIPAddressField`` stores, or None if it is not an address."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if address.version == 6:
        return clean_ipv6_address(str(address))
    return str(address)


def _timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(values: Mapping[str, Any]) -> bytes:
    """The bytes an event's HMAC is computed over. ``values`` maps every name in HASHED_FIELDS."""
    document = {
        "v": CHAIN_FORMAT,
        "sequence": int(values["sequence"]),
        "occurred_at": _timestamp(values["occurred_at"]),
        "actor_id": values["actor_id"],
        "actor_username": values["actor_username"],
        "actor_role": values["actor_role"],
        "action": str(values["action"]),
        "object_type": values["object_type"],
        "object_id": values["object_id"],
        "ip_address": normalise_ip(values["ip_address"]),
        "outcome": str(values["outcome"]),
        "detail": values["detail"] or {},
        "previous_hash": values["previous_hash"],
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def event_hash(key: bytes, values: Mapping[str, Any]) -> str:
    return hmac.new(key, canonical(values), hashlib.sha256).hexdigest()
