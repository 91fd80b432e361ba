"""Backup and restore: one encrypted, self-checking archive of the database and the media files.

An archive (``.pkbk``, docs/adr/0009-backup-and-restore.md) is a plaintext header followed by one stream
encrypted in chunks::

    "PKBK1" ‖ format (1 byte) ‖ header length (4 bytes) ‖ header JSON       key id, salt, checks, migrations
    chunk 0, 1, …: sealed length (4 bytes) ‖ AES-256-GCM(chunk of ≤ 1 MiB)  the last one flagged final

Each chunk's associated data is SHA-256(header) ‖ chunk index ‖ final flag, so an altered header, a chunk
reordered, dropped or altered, and a truncated archive all fail authentication. The key is derived (HKDF,
per-archive salt) from the keyring's data key named in the header: the archive holds key ids, never keys.

Decrypted, the stream is a tar: the database as Django JSON Lines, one table after another in dependency
order (``db/NNNN-app.model-PPPP.jsonl``, parts of ≤ 4 MiB), the files under MEDIA_ROOT as their raw sealed
bytes (``media/…``, still under their own key ids), and ``manifest.json`` last (rows per table, SHA-256 and
size of every member, the audit chain's head). Encrypted fields are plaintext inside the encrypted stream and
are encrypted again, under the restoring installation's active key, as they are loaded.

Restoring reads the archive twice: once to verify everything (every chunk, every digest, the keys of every
file) without writing, then again to load it in one transaction; files are staged beside MEDIA_ROOT and moved
in only after the commit. Nothing is kept in memory beyond one chunk, one part and one file.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import io
import json
import os
import re
import secrets
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JsonlSerializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from picket import __version__
from picket.audit.integrity import verify_chain
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.privacy.crypto import DecryptionError, decrypt_bytes, file_key_id
from picket.privacy.keyring import Keyring, KeyringError, load_keyring

MAGIC = b"PKBK1"
FORMAT = 1
CHUNK_BYTES = 1 << 20  # plaintext per chunk; recorded in the header, so changing it keeps old archives readable
PART_BYTES = 4 << 20  # JSON Lines per tar member, at most (plus one row)
ROW_BATCH = 2000  # rows fetched per query while backing up
INSERT_BATCH = 500  # rows per INSERT while restoring
TAG_BYTES = 16
MAX_HEADER_BYTES = 1 << 20
MAX_CHUNK_BYTES = 64 << 20
MANIFEST = "manifest.json"

# Not backed up: transient state whose loss costs nothing but a new sign-in or a re-run.
EXCLUDED = {
    "sessions.session": "sign-in sessions: everyone signs in again after a restore",
    "web.ratecounter": "rate-limit counters: transient, rebuilt by traffic",
    "django_tasks_database.dbtaskresult": "background task queue and results: transient (pending tasks are lost)",
}
# Rows that `picket migrate` itself creates; a restore replaces them with the archive's, ids included.
SEEDED = ("contenttypes.contenttype", "auth.permission")

_PART_NAME = re.compile(r"^db/(\d{4})-(\w+\.\w+)-(\d{4,})\.jsonl$")


class BackupError(Exception):
    """A backup or restore that cannot go on. The message names what failed, never personal data."""


# --- keys -------------------------------------------------------------------------------------------------


def _derive(key: bytes, salt: bytes, purpose: str, length: int = 32) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=f"picket-backup-v1 {purpose}".encode())
    return hkdf.derive(key)


def _checks(keyring: Keyring, key_id: str, salt: bytes) -> dict[str, str]:
    """Check values that tell a wrong key from a corrupted archive; they reveal nothing about the keys."""
    return {
        "key_check": _derive(keyring.data_key(key_id), salt, "key check", 16).hex(),
        "index_key_check": _derive(keyring.index_key, salt, "index key check", 16).hex(),
        "audit_key_check": _derive(keyring.audit_key, salt, "audit key check", 16).hex(),
    }


# --- header -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    raw: bytes  # as on disk, magic included; authenticated through every chunk's associated data
    fields: dict[str, Any]

    @property
    def key_id(self) -> str:
        return str(self.fields["key_id"])

    @property
    def digest(self) -> bytes:
        return hashlib.sha256(self.raw).digest()

    @property
    def migrations(self) -> dict[str, list[str]]:
        return cast(dict[str, list[str]], self.fields["migrations"])


def _new_header(keyring: Keyring, connection: BaseDatabaseWrapper) -> Header:
    salt = secrets.token_bytes(16)
    fields = {
        "key_id": keyring.active_id,
        "salt": salt.hex(),
        "nonce_prefix": secrets.token_bytes(8).hex(),
        "chunk_bytes": CHUNK_BYTES,
        **_checks(keyring, keyring.active_id, salt),
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "picket_version": __version__,
        "database": connection.vendor,
        "migrations": applied_migrations(connection),
    }
    document = json.dumps(fields, sort_keys=True).encode("utf-8")
    return Header(MAGIC + bytes([FORMAT]) + len(document).to_bytes(4, "big") + document, fields)


def _read_header(source: BinaryIO) -> Header:
    start = source.read(len(MAGIC) + 5)
    if len(start) < len(MAGIC) + 5 or not start.startswith(MAGIC):
        raise BackupError("not a Picket backup (it does not start with PKBK1)")
    if start[len(MAGIC)] == 0:
        raise BackupError("not a Picket backup (unknown format 0)")
    if start[len(MAGIC)] > FORMAT:
        raise BackupError(
            f"the archive has backup format {start[len(MAGIC)]}, newer than this Picket reads (format {FORMAT}): "
            "restore it with the Picket version that made it, or a newer one"
        )
    length = int.from_bytes(start[len(MAGIC) + 1 :], "big")
    document = source.read(length) if length <= MAX_HEADER_BYTES else b""
    try:
        fields = json.loads(document)
        assert isinstance(fields, dict) and isinstance(fields["key_id"], str)
        assert len(bytes.fromhex(fields["salt"])) == 16 and len(bytes.fromhex(fields["nonce_prefix"])) == 8
        assert isinstance(fields["chunk_bytes"], int) and 0 < fields["chunk_bytes"] <= MAX_CHUNK_BYTES
        assert all(isinstance(fields[k], str) for k in ("key_check", "index_key_check", "audit_key_check"))
        assert isinstance(fields["migrations"], dict)
    except (ValueError, TypeError, KeyError, AssertionError):
        raise BackupError("not a Picket backup (its header is damaged or incomplete)") from None
    return Header(start + document, fields)


# --- the encrypted stream ---------------------------------------------------------------------------------


def _nonce_and_data(header: Header, index: int, final: bool) -> tuple[bytes, bytes]:
    counter = index.to_bytes(4, "big")
    return bytes.fromhex(header.fields["nonce_prefix"]) + counter, header.digest + counter + bytes([final])


class _Sealer:
    """A write-only stream that seals what tar writes into chunks; ``finish`` writes the final chunk."""

    def __init__(self, sink: BinaryIO, header: Header, key: bytes) -> None:
        self._sink, self._header, self._aead = sink, header, AESGCM(key)
        self._size = int(header.fields["chunk_bytes"])
        self._buffer = bytearray()
        self._index = self._written = 0

    def write(self, data: bytes) -> int:
        self._buffer += data
        self._written += len(data)
        while len(self._buffer) > self._size:  # more follows, so this chunk is not the final one
            self._seal(bytes(self._buffer[: self._size]), final=False)
            del self._buffer[: self._size]
        return len(data)

    def finish(self) -> int:
        self._seal(bytes(self._buffer), final=True)
        return self._index

    def _seal(self, plaintext: bytes, *, final: bool) -> None:
        nonce, associated = _nonce_and_data(self._header, self._index, final)
        sealed = self._aead.encrypt(nonce, plaintext, associated)
        self._sink.write(len(sealed).to_bytes(4, "big") + sealed)
        self._index += 1

    def tell(self) -> int:
        return self._written

    def read(self, size: int) -> bytes:
        raise io.UnsupportedOperation("write-only")

    def seek(self, pos: int) -> int:
        raise io.UnsupportedOperation("not seekable")

    def close(self) -> None:
        pass


class _Opener:
    """A read-only stream of the decrypted archive; every failure raises ``BackupError`` naming the chunk."""

    def __init__(self, source: BinaryIO, header: Header, key: bytes) -> None:
        self._source, self._header, self._aead = source, header, AESGCM(key)
        self._limit = int(header.fields["chunk_bytes"]) + TAG_BYTES
        self._chunk, self._offset, self._index, self._done, self._read = b"", 0, 0, False, 0

    def _truncated(self) -> BackupError:
        after = f"after chunk {self._index - 1}" if self._index else "before its first chunk"
        return BackupError(f"the archive is truncated: it ends {after} without its final chunk")

    def _load(self) -> None:
        prefix = self._source.read(4)
        if len(prefix) < 4:
            raise self._truncated()
        length = int.from_bytes(prefix, "big")
        if not TAG_BYTES <= length <= self._limit:
            raise BackupError(f"the archive is corrupted: chunk {self._index} has an impossible length")
        sealed = self._source.read(length)
        if len(sealed) < length:
            raise self._truncated()
        for final in (False, True):
            nonce, associated = _nonce_and_data(self._header, self._index, final)
            try:
                self._chunk = self._aead.decrypt(nonce, sealed, associated)
            except InvalidTag:
                continue
            self._offset, self._index, self._done = 0, self._index + 1, final
            if final and self._source.read(1):
                raise BackupError(f"the archive has unexpected data after its final chunk ({self._index - 1})")
            return
        hint = " (or its header was altered)" if self._index == 0 else ""
        raise BackupError(f"the archive is corrupted: chunk {self._index} fails authentication{hint}")

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(1 << 20), b""))
        while self._offset >= len(self._chunk):
            if self._done:
                return b""
            self._load()
        part = self._chunk[self._offset : self._offset + size]
        self._offset += len(part)
        self._read += len(part)
        return part

    def authenticate_first_chunk(self) -> None:
        if self._index == 0:
            self._load()

    def drain(self) -> None:
        """Read to the final chunk: tar stops at its end marker, but only the final chunk proves completeness."""
        while self.read(1 << 20):
            pass

    def tell(self) -> int:
        return self._read

    def write(self, b: bytes) -> int:
        raise io.UnsupportedOperation("read-only")

    def seek(self, pos: int) -> int:
        raise io.UnsupportedOperation("not seekable")

    def close(self) -> None:
        pass


class _HashingSink:
    def __init__(self, target: BinaryIO) -> None:
        self.target, self.sha256 = target, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        return self.target.write(data)


def _open_archive(source: BinaryIO, keyring: Keyring) -> tuple[Header, _Opener]:
    """Read the header, find and check the key, authenticate chunk 0: the wrong-keyring errors, named."""
    header = _read_header(source)
    key_id = header.key_id
    if key_id not in keyring.data_keys:
        raise BackupError(
            f"the archive is encrypted with key '{key_id}', which is not in this keyring "
            "(was it retired, or is this the wrong keyring?)"
        )
    salt = bytes.fromhex(header.fields["salt"])
    expected = _checks(keyring, key_id, salt)
    if not hmac.compare_digest(expected["key_check"], header.fields["key_check"]):
        raise BackupError(f"the archive does not decrypt with key '{key_id}' of this keyring: wrong keyring?")
    opener = _Opener(source, header, _derive(keyring.data_key(key_id), salt, "archive"))
    opener.authenticate_first_chunk()  # from here on the header is authentic
    for name, consequence in (
        ("index", "exact search would find nothing"),
        ("audit", "the audit log would not verify"),
    ):
        if not hmac.compare_digest(expected[f"{name}_key_check"], header.fields[f"{name}_key_check"]):
            raise BackupError(
                f"this keyring's {name} key is not the one the backup was made with ({consequence}): "
                "restore with the keyring of the installation that made the backup"
            )
    return header, opener


# --- what is backed up, in which order --------------------------------------------------------------------


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def backed_up_models() -> list[type[models.Model]]:
    """Every table Picket owns (many-to-many tables included) but the excluded ones, referenced before referring."""
    pending = {
        label(m): m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and label(m) not in EXCLUDED
    }
    needs = {
        name: {label(f.related_model) for f in m._meta.local_concrete_fields if f.related_model is not None}
        for name, m in pending.items()
    }
    ordered: list[type[models.Model]] = []
    while pending:
        ready = sorted(name for name in pending if not (needs[name] - {name}) & pending.keys())
        # A cycle (rare) is fine: foreign keys are deferred to the commit on SQLite and PostgreSQL alike.
        for name in ready or [min(pending)]:
            ordered.append(pending.pop(name))
    return ordered


def _insert_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]


def _rows(model: type[models.Model], alias: str) -> Iterator[models.Model]:
    """All rows in pages by primary key: memory stays flat without relying on server-side cursors."""
    ordered = model._base_manager.using(alias).order_by("pk")
    page = list(ordered[:ROW_BATCH])
    while page:
        yield from page
        page = list(ordered.filter(pk__gt=page[-1].pk)[:ROW_BATCH])


def applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    recorder = MigrationRecorder(connection)
    applied: dict[str, list[str]] = {}
    if recorder.has_table():
        for app_label, name in sorted(recorder.applied_migrations()):
            applied.setdefault(app_label, []).append(name)
    return applied


@contextmanager
def _read_snapshot(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Every read inside sees the database as of one moment, without stopping writers where possible."""
    if connection.in_atomic_block:  # a caller's transaction (tests): already one snapshot, as it stands
        yield
    elif connection.vendor == "sqlite":
        # Django's atomic() would BEGIN IMMEDIATE (settings) and hold the write lock for the whole backup.
        # A deferred read transaction in WAL mode sees one snapshot and lets the application keep writing.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            if connection.connection is not None and connection.connection.in_transaction:
                with connection.cursor() as cursor:
                    cursor.execute("ROLLBACK")  # read only: nothing to keep
    else:
        with transaction.atomic(using=connection.alias):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield


# --- backing up -------------------------------------------------------------------------------------------


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds; the audit chain's HMACs cover microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Parts:
    """Collects one table's JSON Lines and adds them to the tar in parts of about PART_BYTES."""

    def __init__(self, tar: tarfile.TarFile, order: int, table: str, mtime: int) -> None:
        self.tar, self.order, self.table, self.mtime = tar, order, table, mtime
        self.buffer, self.rows, self.total, self.entries = bytearray(), 0, 0, cast(list[dict[str, Any]], [])

    def write(self, text: str) -> int:
        self.buffer += text.encode("utf-8")
        return len(text)

    def row_done(self) -> None:
        self.rows += 1
        if len(self.buffer) >= PART_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            name = f"db/{self.order:04d}-{self.table}-{len(self.entries):04d}.jsonl"
            entry = _add_member(self.tar, name, bytes(self.buffer), self.mtime)
            self.entries.append({**entry, "model": self.table, "rows": self.rows})
            self.total += self.rows
            self.buffer, self.rows = bytearray(), 0


class _RowSerializer(JsonlSerializer):
    def end_object(self, obj: Any) -> None:
        super().end_object(obj)
        cast(_Parts, self.stream).row_done()


def _forget_members(tar: tarfile.TarFile) -> None:
    # TarFile lists every member it wrote or read, for getmembers(); a stream needs no such list, and kept
    # it would grow with every file of the installation.
    cast(Any, tar).members.clear()


def _add_member(tar: tarfile.TarFile, name: str, data: bytes, mtime: int) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), mtime, 0o600
    tar.addfile(info, io.BytesIO(data))
    _forget_members(tar)
    return {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Regular files under ``root`` as (storage name, path), in a stable order; rotation's temporaries skipped."""
    if not root.is_dir():
        return
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory, name)
            if not name.endswith(".rotating") and path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def _file_status(data: bytes, name: str, keyring: Keyring) -> tuple[str | None, bool]:
    """A file's key id, and whether it decrypts with this keyring (plain files count as fine)."""
    key_id = file_key_id(data)
    if key_id is None:
        return None, True
    try:
        decrypt_bytes(data, context=f"file:{name}", keyring=keyring)
    except (DecryptionError, KeyringError):
        return key_id, False
    return key_id, True


def _describe_file(number: int, digest: str) -> str:
    return f"media file {number} (sha256 {digest[:16]}…)"  # not its name: names may have been typed by people


@dataclass
class BackupResult:
    path: Path
    sha256: str
    key_id: str
    rows: dict[str, int]
    files: int
    media_bytes: int
    chunks: int
    audit: str
    warnings: list[str] = field(default_factory=list)


def default_backup_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"picket-{stamp}.pkbk"


def create_backup(*, output: Path, keyring: Keyring | None = None, alias: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write an archive to ``output`` (never overwritten; mode 0600), then record a BACKUP audit event."""
    keyring = keyring or load_keyring()
    if output.exists():
        raise BackupError(f"{output} already exists; choose another path")
    output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    connection = connections[alias]
    header = _new_header(keyring, connection)
    descriptor, temporary_name = tempfile.mkstemp(prefix=".picket-backup-", suffix=".partial", dir=output.parent)
    temporary = Path(temporary_name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            sink = _HashingSink(handle)
            sink.write(header.raw)
            key = _derive(keyring.active_key, bytes.fromhex(header.fields["salt"]), "archive")
            sealer = _Sealer(cast(BinaryIO, sink), header, key)
            result = _write_contents(sealer, keyring, connection)
            result.chunks = sealer.finish()
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, output)  # refuses to replace a file that appeared meanwhile
        except FileExistsError:
            raise BackupError(f"{output} already exists; choose another path") from None
    except (KeyringError, DecryptionError) as error:
        raise BackupError(f"a stored value cannot be decrypted, so the backup stopped: {error}") from error
    except OSError as error:
        # The file named is the archive or a media file; media names may have been typed by people.
        where = output if error.filename in (str(output), temporary_name) else "a file"
        raise BackupError(f"the backup failed reading or writing {where}: {error.strerror or error}") from error
    finally:
        temporary.unlink(missing_ok=True)
    result.path, result.sha256, result.key_id = output, sink.sha256.hexdigest(), header.key_id
    audit_record(
        action=AuditAction.BACKUP,
        detail={"rows": sum(result.rows.values()), "count": result.files, "key_id": header.key_id, "format": "pkbk1"},
    )
    return result


def _write_contents(sealer: _Sealer, keyring: Keyring, connection: BaseDatabaseWrapper) -> BackupResult:
    mtime = int(timezone.now().timestamp())
    members: list[dict[str, Any]] = []
    rows: dict[str, int] = {}
    result = BackupResult(Path(), "", "", rows, 0, 0, 0, "")
    with tarfile.open(fileobj=sealer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        with _read_snapshot(connection):
            for order, model in enumerate(backed_up_models()):
                parts = _Parts(tar, order, label(model), mtime)
                names = [f.name for f in _insert_fields(model) if getattr(f, "serialize", True)]
                stream = cast(IO[str], parts)
                _RowSerializer().serialize(
                    _rows(model, connection.alias), stream=stream, fields=names, cls=_ExactEncoder
                )
                parts.flush()
                members += parts.entries
                rows[label(model)] = parts.total
            verdict = verify_chain(key=keyring.audit_key)
        result.audit = verdict.message
        if not verdict.intact:
            result.warnings.append(f"{verdict.message}; it is backed up as it is")
        # Files after the database: one written meanwhile is an orphan, harmless; see the ADR on deletions.
        for name, path in media_files(Path(settings.MEDIA_ROOT)):
            data = path.read_bytes()
            entry = _add_member(tar, f"media/{name}", data, mtime)
            key_id, intact = _file_status(data, name, keyring)
            members.append({**entry, "key_id": key_id, "authenticates": intact})
            result.files, result.media_bytes = result.files + 1, result.media_bytes + len(data)
            if not intact:
                result.warnings.append(
                    f"{_describe_file(result.files, entry['sha256'])} does not decrypt on this installation "
                    f"(key '{key_id}'); it is backed up as it is"
                )
        manifest = {
            "format": FORMAT,
            "members": members,
            "models": rows,
            "excluded": {name: why for name, why in EXCLUDED.items() if _installed(name)},
            "audit": {
                "intact": verdict.intact,
                "message": verdict.message,
                "head_sequence": verdict.head_sequence,
                "head_hash": verdict.head_hash,
            },
        }
        _add_member(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"), mtime)
    return result


def _installed(name: str) -> bool:
    try:
        apps.get_model(name)
    except LookupError:
        return False
    return True


# --- reading an archive (both passes) ---------------------------------------------------------------------

RowLoader = Callable[[str, Iterator[bytes]], None]
FileSink = Callable[[str, bytes], None]


def _media_name(member: str) -> str:
    name = member.removeprefix("media/")
    parts = name.split("/")
    if not name or PurePosixPath(name).is_absolute() or "\x00" in name or any(p in ("", ".", "..") for p in parts):
        raise BackupError("the archive names a media file outside the media directory; refusing it")
    return name


def _counted_lines(handle: BinaryIO, entry: dict[str, Any]) -> Iterator[bytes]:
    digest = hashlib.sha256()
    for line in handle:
        digest.update(line)
        entry["size"] += len(line)
        entry["rows"] += 1
        yield line
    entry["sha256"] = digest.hexdigest()


def _read_members(
    opener: _Opener, *, on_rows: RowLoader | None, on_file: FileSink | None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Walk the tar; returns what was found (names, sizes, digests, rows, file keys) and the manifest."""
    found: list[dict[str, Any]] = []
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(fileobj=opener, mode="r|") as tar:
            for info in tar:
                _forget_members(tar)
                handle = tar.extractfile(info) if info.isfile() else None
                if manifest is not None or handle is None:
                    raise BackupError(f"the archive holds an unexpected member ({len(found) + 1})")
                if info.name == MANIFEST:
                    manifest = json.loads(handle.read())
                    if not isinstance(manifest, dict):
                        raise BackupError("the archive's manifest is not a JSON object")
                elif match := _PART_NAME.match(info.name):
                    table = match.group(2)
                    if not _installed(table) or table in EXCLUDED:
                        raise BackupError(f"the archive holds rows of '{table}', which this installation lacks")
                    entry: dict[str, Any] = {"name": info.name, "size": 0, "rows": 0, "model": table}
                    lines = _counted_lines(cast(BinaryIO, handle), entry)
                    if on_rows is not None:
                        on_rows(table, lines)
                    for _ in lines:  # whatever the loader left
                        pass
                    found.append(entry)
                elif info.name.startswith("media/"):
                    name, data = _media_name(info.name), handle.read()
                    if on_file is not None:
                        on_file(name, data)
                    digest = hashlib.sha256(data).hexdigest()
                    found.append({"name": info.name, "size": len(data), "sha256": digest})
                else:
                    raise BackupError(f"the archive holds an unexpected member ({len(found) + 1})")
        opener.drain()
    except (tarfile.TarError, ValueError) as error:  # JSON and UTF-8 errors included
        raise BackupError(f"the archive's contents are unreadable ({type(error).__name__})") from error
    if manifest is None:
        raise BackupError("the archive has no manifest")
    return found, manifest


def _compare(found: list[dict[str, Any]], manifest: dict[str, Any]) -> None:
    listed = manifest.get("members")
    if manifest.get("format") != FORMAT or not isinstance(listed, list) or len(listed) != len(found):
        raise BackupError("the archive's manifest does not match its contents (member count)")
    for number, (entry, expected) in enumerate(zip(found, listed, strict=True), start=1):
        keys = ("name", "size", "sha256", "rows", "model") if "rows" in entry else ("name", "size", "sha256")
        if any(entry.get(key) != expected.get(key) for key in keys):
            raise BackupError(f"the archive's manifest does not match member {number} (its size or SHA-256)")
    counted: dict[str, int] = {}
    for entry in found:
        if "rows" in entry:
            counted[entry["model"]] = counted.get(entry["model"], 0) + entry["rows"]
    if {k: v for k, v in manifest.get("models", {}).items() if v} != counted:
        raise BackupError("the archive's manifest does not match its row counts")


# --- verifying (pass 1: writes nothing) -------------------------------------------------------------------


@dataclass
class ArchiveReport:
    header: Header
    manifest: dict[str, Any]
    warnings: list[str]

    @property
    def rows(self) -> dict[str, int]:
        return cast(dict[str, int], self.manifest["models"])

    @property
    def files(self) -> list[dict[str, Any]]:
        return [m for m in self.manifest["members"] if m["name"].startswith("media/")]


def verify_archive(path: Path, *, keyring: Keyring | None = None) -> ArchiveReport:
    """Decrypt every chunk, check every digest and count, and check every file's key. Writes nothing."""
    keyring = keyring or load_keyring()
    statuses: list[tuple[str | None, bool]] = []
    with _open_file(path) as source:
        header, opener = _open_archive(source, keyring)
        found, manifest = _read_members(
            opener, on_rows=None, on_file=lambda name, data: statuses.append(_file_status(data, name, keyring))
        )
    _compare(found, manifest)
    warnings: list[str] = []
    missing: dict[str, int] = {}
    failing: list[str] = []
    listed = [m for m in manifest["members"] if m["name"].startswith("media/")]
    for number, ((key_id, intact), entry) in enumerate(zip(statuses, listed, strict=True), start=1):
        described = _describe_file(number, entry["sha256"])
        if key_id != entry.get("key_id"):
            raise BackupError(f"the archive's manifest does not match {described}")
        if not entry.get("authenticates"):
            warnings.append(f"{described} did not decrypt when it was backed up; it is restored as it is")
        elif not intact and key_id not in keyring.data_keys:
            missing[str(key_id)] = missing.get(str(key_id), 0) + 1
        elif not intact:
            failing.append(f"{described}, under key '{key_id}',")
    if missing:
        keys = ", ".join(f"'{k}' ({n} files)" for k, n in sorted(missing.items()))
        raise BackupError(
            f"media files in the archive are sealed with keys not in this keyring: {keys} "
            "(retired, or the wrong keyring?)"
        )
    if failing:
        more = f" (and {len(failing) - 1} more files)" if len(failing) > 1 else ""
        raise BackupError(f"{failing[0]} does not decrypt with this keyring{more}: wrong keyring?")
    if not manifest["audit"]["intact"]:
        warnings.append(f"when the backup was made, the {manifest['audit']['message']}")
    return ArchiveReport(header, manifest, warnings)


@contextmanager
def _open_file(path: Path) -> Iterator[BinaryIO]:
    try:
        handle = path.open("rb")
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror or error}") from None
    with handle:
        yield cast(BinaryIO, handle)


# --- the target -------------------------------------------------------------------------------------------


def tables_with_rows(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Tables a restore would fill that already hold rows. Empty means a new installation."""
    return [
        label(model)
        for model in backed_up_models()
        if label(model) not in SEEDED and model._base_manager.using(alias).exists()
    ]


def migration_differences(header: Header, alias: str = DEFAULT_DB_ALIAS) -> tuple[list[str], list[str]]:
    """(migrations the archive has and this database lacks, migrations this database has and the archive lacks)."""
    ours = {(a, n) for a, names in applied_migrations(connections[alias]).items() for n in names}
    theirs = {(a, n) for a, names in header.migrations.items() for n in names}
    return [f"{a}.{n}" for a, n in sorted(theirs - ours)], [f"{a}.{n}" for a, n in sorted(ours - theirs)]


def check_target(report: ArchiveReport, alias: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse unless the database is migrated exactly as the archive's was, holds no data, and media is empty."""
    connection = connections[alias]
    if not MigrationRecorder(connection).has_table():
        raise BackupError("this database is not migrated: run `picket migrate` first, then restore")
    ahead, behind = migration_differences(report.header, alias)
    made_by = f"Picket {report.header.fields.get('picket_version', '?')}"
    if ahead:
        raise BackupError(
            f"the archive's database has migrations this installation lacks ({_some(ahead)}): it was made by "
            f"{made_by}; install that version (or a newer one with the same migrations), migrate, then restore"
        )
    if behind:
        raise BackupError(
            f"this installation has migrations the archive's database lacks ({_some(behind)}): restore into an "
            f"installation of {made_by}, then upgrade it"
        )
    filled = tables_with_rows(alias)
    if filled:
        raise BackupError(
            f"the database is not empty ({_some(filled)} hold rows): restore only into a new installation, "
            "a database on which nothing but `picket migrate` has run (`picket flush` empties one)"
        )
    media_root = Path(settings.MEDIA_ROOT)
    if next(media_files(media_root), None) is not None:
        raise BackupError(f"the media directory {media_root} holds files: restore only into an empty one")


def _some(items: list[str]) -> str:
    return ", ".join(items[:5]) + (f" and {len(items) - 5} more" if len(items) > 5 else "")


# --- restoring (pass 2) -----------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    rows: dict[str, int]
    files: int
    audit: str
    warnings: list[str]


def _first_line(error: BaseException) -> str:
    # PostgreSQL adds "DETAIL: Failing row contains (…)": row values stay out of messages.
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _load_rows(table: str, lines: Iterator[bytes], *, alias: str, loaded: set[type[models.Model]]) -> None:
    model = apps.get_model(table)
    fields = _insert_fields(model)
    size = max(1, min(INSERT_BATCH, connections[alias].ops.bulk_batch_size(fields, [None] * INSERT_BATCH)))
    queryset: models.QuerySet[models.Model] = models.QuerySet(model=model, using=alias)
    batch: list[models.Model] = []

    def insert() -> None:
        # raw=True as in loaddata: values as they were (auto_now untouched), encrypted fields sealed afresh.
        queryset._insert(batch, fields=fields, raw=True, using=alias)  # type: ignore[attr-defined]
        batch.clear()

    try:
        for item in serializers.deserialize("jsonl", (line.decode("utf-8") for line in lines), using=alias):
            if type(item.object) is not model:
                raise BackupError(f"the archive's rows for {table} hold another table's rows")
            batch.append(item.object)
            if len(batch) >= size:
                insert()
        if batch:
            insert()
    except (DeserializationError, DatabaseError, UnicodeDecodeError, ValueError) as error:
        raise BackupError(f"loading {table} failed: {_first_line(error)}") from error
    loaded.add(model)


def _replace_seeded(alias: str) -> None:
    """Drop what `migrate` created (ids differ between installations) and sessions; the archive's rows follow."""
    if _installed("sessions.session"):
        apps.get_model("sessions.session")._base_manager.using(alias).all().delete()
    for table in reversed(SEEDED):
        apps.get_model(table)._base_manager.using(alias).all().delete()
    ContentType.objects.clear_cache()


def _finish_database(alias: str, loaded: set[type[models.Model]]) -> None:
    connection = connections[alias]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(loaded)):  # PostgreSQL
            cursor.execute(statement)
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():  # types of models the archive's installation lacked, if any
        create_contenttypes(app_config, verbosity=0, using=alias)
        create_permissions(app_config, verbosity=0, using=alias)
    try:
        connection.check_constraints()
    except DatabaseError as error:
        raise BackupError(f"the archive's rows do not fit together: {_first_line(error)}") from error


def _stage(staging: Path) -> FileSink:
    def write(name: str, data: bytes) -> None:
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if settings.FILE_UPLOAD_PERMISSIONS is not None:
            target.chmod(settings.FILE_UPLOAD_PERMISSIONS)

    return write


def _move_into(staging: Path, media_root: Path) -> None:
    for name, path in list(media_files(staging)):
        target = media_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)  # a rename: the staging directory sits beside MEDIA_ROOT


def restore_archive(
    path: Path, *, report: ArchiveReport, keyring: Keyring | None = None, alias: str = DEFAULT_DB_ALIAS
) -> RestoreResult:
    """Load a verified archive in one transaction, then move its files into MEDIA_ROOT; all or nothing."""
    keyring = keyring or load_keyring()
    check_target(report, alias)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}-restore-", dir=media_root.parent))
    committed = False
    try:
        loaded: set[type[models.Model]] = set()
        with _open_file(path) as source, transaction.atomic(using=alias):
            header, opener = _open_archive(source, keyring)
            if header.raw != report.header.raw:
                raise BackupError("the archive changed after it was verified; nothing was restored")
            if tables_with_rows(alias):
                raise BackupError("the database received data while the archive was being verified")
            _replace_seeded(alias)
            found, manifest = _read_members(
                opener,
                on_rows=lambda table, lines: _load_rows(table, lines, alias=alias, loaded=loaded),
                on_file=_stage(staging),
            )
            _compare(found, manifest)
            _finish_database(alias, loaded)
            verdict = verify_chain(key=keyring.audit_key)
            recorded = manifest["audit"]
            head = (verdict.head_sequence, verdict.head_hash)
            if recorded["intact"] and (
                not verdict.intact or head != (recorded["head_sequence"], recorded["head_hash"])
            ):
                raise BackupError(f"the restored audit log does not match the archive's ({verdict.message})")
        committed = True
        try:
            _move_into(staging, media_root)
        except OSError as error:
            raise BackupError(
                f"the database was restored, but moving the files into {media_root} failed ({error.strerror}): "
                f"move what is left in {staging} there by hand"
            ) from error
        shutil.rmtree(staging, ignore_errors=True)
    finally:
        if not committed:
            shutil.rmtree(staging, ignore_errors=True)
    files = len(report.files)
    audit_record(
        action=AuditAction.RESTORE,
        detail={"rows": sum(report.rows.values()), "count": files, "key_id": header.key_id, "format": "pkbk1"},
    )
    return RestoreResult(dict(report.rows), files, verdict.message, list(report.warnings))
