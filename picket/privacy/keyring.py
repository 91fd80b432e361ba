"""Keys kept outside the database: data-encryption keys (rotatable) and keyed-hash keys.

The keyring is a JSON document, read from ``PICKET_KEYRING`` (the JSON itself, for containers and secret
stores) or from the file ``PICKET_KEYRING_FILE`` (default ``var/keyring.json``, generated with mode 0600 on
first run). Layout::

    {"version": 1,
     "active": "k2",                                  # id of the key new ciphertexts use
     "data_keys": {"k1": "<base64 32 bytes>", "k2": "..."},   # old keys stay until retired
     "index_key": "<base64 32 bytes>",                # blind indexes and search keys (HMAC); not rotated
     "audit_key": "<base64 32 bytes>"}                # audit hash chain (HMAC)

Data keys rotate (``picket keys rotate``); the index key does not, because every blind index would have to
be recomputed from plaintext at once. Derived keys (per purpose) come from the index key through HKDF, so
that one purpose's digests cannot be correlated with another's.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32


class KeyringError(RuntimeError):
    """The keyring is missing, malformed or lacks a key that data needs. Names what, never a key."""


@dataclass(frozen=True)
class Keyring:
    active_id: str
    data_keys: dict[str, bytes]
    index_key: bytes
    audit_key: bytes
    _derived: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    def data_key(self, key_id: str) -> bytes:
        try:
            return self.data_keys[key_id]
        except KeyError:
            raise KeyringError(
                f"encryption key '{key_id}' is not in the keyring (was it retired, or is this the wrong keyring?)"
            ) from None

    @property
    def active_key(self) -> bytes:
        return self.data_key(self.active_id)

    def derived_key(self, purpose: str) -> bytes:
        """A key for one purpose (e.g. ``"blind-index:person.name"``), derived from the index key."""
        key = self._derived.get(purpose)
        if key is None:
            hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode())
            key = self._derived[purpose] = hkdf.derive(self.index_key)
        return key

    def to_json(self) -> str:
        def encode(raw: bytes) -> str:
            return base64.b64encode(raw).decode("ascii")

        return json.dumps(
            {
                "version": 1,
                "active": self.active_id,
                "data_keys": {key_id: encode(key) for key_id, key in self.data_keys.items()},
                "index_key": encode(self.index_key),
                "audit_key": encode(self.audit_key),
            },
            indent=2,
        )


def _decode_key(value: object, name: str) -> bytes:
    if not isinstance(value, str):
        raise KeyringError(f"keyring entry '{name}' is not a base64 string")
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError:
        raise KeyringError(f"keyring entry '{name}' is not valid base64") from None
    if len(raw) != KEY_BYTES:
        raise KeyringError(f"keyring entry '{name}' must be {KEY_BYTES} bytes, found {len(raw)}")
    return raw


def parse_keyring(text: str, *, source: str) -> Keyring:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise KeyringError(f"{source}: not valid JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(document, dict) or document.get("version") != 1:
        raise KeyringError(f"{source}: not a Picket keyring (version 1 expected)")
    data_keys_raw = document.get("data_keys")
    if not isinstance(data_keys_raw, dict) or not data_keys_raw:
        raise KeyringError(f"{source}: 'data_keys' must name at least one key")
    data_keys = {str(k): _decode_key(v, f"data_keys.{k}") for k, v in data_keys_raw.items()}
    active = document.get("active")
    if active not in data_keys:
        raise KeyringError(f"{source}: the active key '{active}' is not among the data keys")
    return Keyring(
        active_id=str(active),
        data_keys=data_keys,
        index_key=_decode_key(document.get("index_key"), "index_key"),
        audit_key=_decode_key(document.get("audit_key"), "audit_key"),
    )


def new_keyring() -> Keyring:
    return Keyring(
        active_id="k1",
        data_keys={"k1": secrets.token_bytes(KEY_BYTES)},
        index_key=secrets.token_bytes(KEY_BYTES),
        audit_key=secrets.token_bytes(KEY_BYTES),
    )


def next_key_id(keyring: Keyring) -> str:
    numbers = [int(k[1:]) for k in keyring.data_keys if k.startswith("k") and k[1:].isdigit()]
    return f"k{max(numbers, default=0) + 1}"


def write_keyring_file(path: Path, keyring: Keyring) -> None:
    """Replace the keyring file atomically (write a private temporary file, then rename)."""
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(keyring.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    _recheck_now()


def create_keyring_file(path: Path) -> bool:
    """Generate a keyring at ``path`` unless one exists; safe when several processes start at once."""
    temporary = path.with_name(path.name + f".{os.getpid()}.new")
    write_keyring_file(temporary, new_keyring())
    try:
        os.link(temporary, path)  # fails if another process created the keyring first: keep theirs
    except FileExistsError:
        return False
    finally:
        temporary.unlink(missing_ok=True)
    return True


_lock = threading.Lock()
_cache: tuple[str, float, Keyring] | None = None
_checked_at = 0.0  # time.monotonic() of the last look at the file
_inline: tuple[str, Keyring] | None = None

#: How long a loaded keyring is used before the file is looked at again. Every encrypted value read or written
#: needs the keyring; looking at the file each time cost a system call per value (13% of a tracing lookup that
#: decrypts hundreds of values). A rotation in this process forgets the cache at once; other processes see it
#: within this many seconds.
RECHECK_SECONDS = 2.0


def _recheck_now() -> None:
    """Make the next ``load_keyring`` look at the file (it was written by this process)."""
    global _checked_at
    _checked_at = 0.0


def keyring_file() -> Path:
    from django.conf import settings

    return Path(settings.KEYRING_FILE)


def load_keyring() -> Keyring:
    """The current keyring. A changed file is re-read (within ``RECHECK_SECONDS``), so a rotation reaches running
    processes."""
    global _cache, _checked_at, _inline
    inline = os.environ.get("PICKET_KEYRING")
    if inline:
        cached_inline = _inline
        if cached_inline is not None and cached_inline[0] == inline:
            return cached_inline[1]
        keyring = parse_keyring(inline, source="PICKET_KEYRING")
        _inline = (inline, keyring)
        return keyring
    from django.conf import settings

    # Compared as the setting's string: building a Path per encrypted value cost more than the decryption.
    name = str(settings.KEYRING_FILE)
    now = time.monotonic()
    cached = _cache
    if cached is not None and cached[0] == name and now - _checked_at < RECHECK_SECONDS:
        return cached[2]
    path = Path(name)
    with _lock:
        if not path.exists():
            create_keyring_file(path)
        try:
            mtime = path.stat().st_mtime
        except OSError as error:
            raise KeyringError(f"{path}: cannot be read ({error.strerror})") from None
        _checked_at = now
        if _cache is not None and _cache[0] == str(path) and _cache[1] == mtime:
            return _cache[2]
        keyring = parse_keyring(path.read_text(encoding="utf-8"), source=str(path))
        _cache = (str(path), mtime, keyring)
        return keyring


def forget_cached_keyring() -> None:
    global _cache, _inline
    with _lock:
        _cache = None
        _inline = None
