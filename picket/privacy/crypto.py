"""Authenticated encryption of personal data (AES-256-GCM) and keyed digests for lookups.

A ciphertext is text: ``pk1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>``. The associated data binds it
to its place (e.g. ``"people.Child.name"``), so a ciphertext copied into another column does not decrypt.
Errors name the key id or the place, never the plaintext.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from picket.privacy.keyring import Keyring, load_keyring

PREFIX = "pk1"
NONCE_BYTES = 12


class DecryptionError(ValueError):
    """A ciphertext that cannot be decrypted: unknown key, wrong key, or altered data."""


def encrypt_text(plaintext: str, *, context: str, keyring: Keyring | None = None) -> str:
    keyring = keyring or load_keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keyring.active_key).encrypt(nonce, plaintext.encode("utf-8"), context.encode())
    return f"{PREFIX}:{keyring.active_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"


def key_id_of(ciphertext: str) -> str | None:
    parts = ciphertext.split(":", 2)
    return parts[1] if len(parts) == 3 and parts[0] == PREFIX else None


def decrypt_text(ciphertext: str, *, context: str, keyring: Keyring | None = None) -> str:
    parts = ciphertext.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionError(f"{context}: stored value is not a Picket ciphertext")
    keyring = keyring or load_keyring()
    key = keyring.data_key(parts[1])
    try:
        raw = base64.b64decode(parts[2], validate=True)
        plaintext = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except (ValueError, InvalidTag):
        raise DecryptionError(
            f"{context}: ciphertext under key '{parts[1]}' failed authentication (altered, or a wrong key)"
        ) from None
    return plaintext.decode("utf-8")


def encrypt_bytes(data: bytes, *, context: str, keyring: Keyring | None = None) -> bytes:
    """Encrypt a file's bytes: ``PKF1`` ‖ key id length ‖ key id ‖ nonce ‖ ciphertext ‖ tag."""
    keyring = keyring or load_keyring()
    nonce = os.urandom(NONCE_BYTES)
    key_id = keyring.active_id.encode("ascii")
    sealed = AESGCM(keyring.active_key).encrypt(nonce, data, context.encode())
    return b"PKF1" + bytes([len(key_id)]) + key_id + nonce + sealed


def file_key_id(blob: bytes) -> str | None:
    if not blob.startswith(b"PKF1") or len(blob) < 5:
        return None
    length = blob[4]
    return blob[5 : 5 + length].decode("ascii", "replace")


def decrypt_bytes(blob: bytes, *, context: str, keyring: Keyring | None = None) -> bytes:
    key_id = file_key_id(blob)
    if key_id is None:
        raise DecryptionError(f"{context}: not an encrypted Picket file")
    keyring = keyring or load_keyring()
    start = 5 + len(key_id)
    nonce, sealed = blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :]
    try:
        return AESGCM(keyring.data_key(key_id)).decrypt(nonce, sealed, context.encode())
    except (ValueError, InvalidTag):
        raise DecryptionError(f"{context}: file under key '{key_id}' failed authentication") from None


def normalise_for_index(value: str) -> str:
    """Case-, width- and spacing-insensitive form used before hashing for exact lookups."""
    text = unicodedata.normalize("NFKC", value).casefold()
    return " ".join(text.split())


def blind_index(value: str, *, purpose: str, keyring: Keyring | None = None) -> str:
    """A keyed digest for exact lookups (HMAC-SHA256, 32 hex characters). Empty input gives ``""``."""
    normalised = normalise_for_index(value)
    if not normalised:
        return ""
    keyring = keyring or load_keyring()
    digest = hmac.new(keyring.derived_key(f"blind-index:{purpose}"), normalised.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:32]
