"""Key rotation: add a new data key, make it active, re-encrypt everything under older keys in batches.

Safe while Picket keeps running: processes re-read the keyring file when it changes, so new writes use the
new key at once, and every process can still read the old keys until they are retired. Each batch is its own
short transaction, so the web app never waits long on a lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from picket.privacy.crypto import PREFIX, decrypt_bytes, encrypt_bytes, file_key_id
from picket.privacy.fields import EncryptedTextField
from picket.privacy.keyring import (
    Keyring,
    KeyringError,
    forget_cached_keyring,
    keyring_file,
    load_keyring,
    next_key_id,
    write_keyring_file,
)


@dataclass
class RotationReport:
    new_key_id: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted columns, and those columns' names."""
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names and not model._meta.proxy:
            yield model, names


def _raw(name: str) -> str:
    return f"_raw_{name}"


def rows_not_under(model: type[models.Model], names: list[str], key_id: str) -> models.QuerySet[models.Model]:
    """Rows with at least one non-empty ciphertext under a key other than ``key_id``."""
    annotated = model._default_manager.annotate(**{_raw(n): Cast(n, models.TextField()) for n in names})
    outdated = models.Q()
    for name in names:
        outdated |= models.Q(**{f"{_raw(name)}__startswith": f"{PREFIX}:"}) & ~models.Q(
            **{f"{_raw(name)}__startswith": f"{PREFIX}:{key_id}:"}
        )
    return annotated.filter(outdated)


def key_usage() -> dict[str, dict[str, int]]:
    """Per model and field: how many values each key id encrypts."""
    usage: dict[str, dict[str, int]] = {}
    for model, names in encrypted_fields():
        for name in names:
            values = model._default_manager.annotate(raw=Cast(name, models.TextField())).values_list("raw", flat=True)
            for raw in values.iterator(chunk_size=2000):
                if raw and raw.startswith(f"{PREFIX}:"):
                    key_id = raw.split(":", 2)[1]
                    usage.setdefault(key_id, {}).setdefault(f"{model._meta.label}.{name}", 0)
                    usage[key_id][f"{model._meta.label}.{name}"] += 1
    return usage


def reencrypt_rows(
    *, key_id: str, batch_size: int = 500, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for model, names in encrypted_fields():
        label = model._meta.label
        counts[label] = 0
        while True:
            with transaction.atomic():
                pks = list(rows_not_under(model, names, key_id).values_list("pk", flat=True)[:batch_size])
                if not pks:
                    break
                rows = list(model._default_manager.select_for_update().filter(pk__in=pks).only("pk", *names))
                # Loading decrypted them (under whichever key); saving encrypts under the active key.
                model._default_manager.bulk_update(rows, names)
            counts[label] += len(pks)
            if progress:
                progress(f"{label}: {counts[label]} rows re-encrypted")
    return counts


def reencrypt_files(*, key_id: str) -> int:
    from picket.privacy.storage import EncryptedFileSystemStorage

    storage = EncryptedFileSystemStorage()
    count = 0
    for name in _walk(storage, ""):
        sealed = storage.read_sealed(name)
        found = file_key_id(sealed)
        if found is None or found == key_id:
            continue
        plaintext = decrypt_bytes(sealed, context=f"file:{name}")
        storage.replace_sealed(name, encrypt_bytes(plaintext, context=f"file:{name}"))
        count += 1
    return count


def files_under(key_id: str) -> int:
    """How many stored files are sealed under ``key_id``."""
    from picket.privacy.storage import EncryptedFileSystemStorage

    storage = EncryptedFileSystemStorage()
    return sum(1 for name in _walk(storage, "") if file_key_id(storage.read_sealed(name)) == key_id)


def _walk(storage: object, directory: str) -> Iterator[str]:
    from picket.privacy.storage import EncryptedFileSystemStorage

    assert isinstance(storage, EncryptedFileSystemStorage)
    if not storage.exists(directory or "."):
        return
    directories, files = storage.listdir(directory or ".")
    for name in files:
        if not name.endswith(".rotating"):
            yield f"{directory}/{name}" if directory else name
    for sub in directories:
        yield from _walk(storage, f"{directory}/{sub}" if directory else sub)


def add_active_key() -> Keyring:
    """Add a fresh data key to the keyring file and make it the active one."""
    import os
    import secrets

    if os.environ.get("PICKET_KEYRING"):
        raise KeyringError(
            "the keyring comes from PICKET_KEYRING: add a new data key there, make it active, restart, "
            "then run `picket keys reencrypt`"
        )
    current = load_keyring()
    key_id = next_key_id(current)
    rotated = Keyring(
        active_id=key_id,
        data_keys={**current.data_keys, key_id: secrets.token_bytes(32)},
        index_key=current.index_key,
        audit_key=current.audit_key,
    )
    write_keyring_file(keyring_file(), rotated)
    forget_cached_keyring()
    return rotated


def retire_key(key_id: str) -> Keyring:
    """Remove a data key that no value or file uses any more."""
    current = load_keyring()
    if key_id == current.active_id:
        raise KeyringError(f"key '{key_id}' is the active key; rotate first")
    current.data_key(key_id)
    usage = key_usage().get(key_id)
    if usage:
        total = sum(usage.values())
        raise KeyringError(f"key '{key_id}' still encrypts {total} values; run `picket keys reencrypt` first")
    files = files_under(key_id)
    if files:
        raise KeyringError(f"key '{key_id}' still seals {files} files; run `picket keys reencrypt` first")
    remaining = {k: v for k, v in current.data_keys.items() if k != key_id}
    retired = Keyring(
        active_id=current.active_id, data_keys=remaining, index_key=current.index_key, audit_key=current.audit_key
    )
    write_keyring_file(keyring_file(), retired)
    forget_cached_keyring()
    return retired
