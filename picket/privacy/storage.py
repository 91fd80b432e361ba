"""File storage that encrypts every file at rest (photos, scanned documents, statements).

Files are sealed with ``crypto.encrypt_bytes`` (AES-GCM, key id in the header) bound to their storage name,
so a file renamed or swapped on disk fails to open. Reading returns the plaintext bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage

from picket.privacy.crypto import decrypt_bytes, encrypt_bytes

MAX_FILE_BYTES = 25 * 1024 * 1024


class EncryptedFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: File[Any]) -> str:
        data = content.read()
        if len(data) > MAX_FILE_BYTES:
            raise ValueError(f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        sealed = ContentFile(encrypt_bytes(data, context=f"file:{name}"))
        return super()._save(name, sealed)  # type: ignore[misc]  # django-stubs omits FileSystemStorage._save

    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        if "w" in mode or "a" in mode:
            raise ValueError("encrypted files are written through save(), not opened for writing")
        with super()._open(name, "rb") as handle:  # type: ignore[misc]
            sealed = handle.read()
        return ContentFile(decrypt_bytes(sealed, context=f"file:{name}"), name=name)

    def read_sealed(self, name: str) -> bytes:
        with super()._open(name, "rb") as handle:  # type: ignore[misc]
            return bytes(handle.read())

    def replace_sealed(self, name: str, sealed: bytes) -> None:
        """Write re-encrypted bytes in place (key rotation), atomically."""
        path = Path(self.path(name))
        temporary = path.with_name(path.name + ".rotating")
        temporary.write_bytes(sealed)
        temporary.replace(path)
