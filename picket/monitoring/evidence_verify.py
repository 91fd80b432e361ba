"""Checking an evidence packet against its own manifest, with no database and no key: ``picket monitor
verify-packet PACKET.zip``.

Every capture file listed in ``manifest.json`` must be present, carry its digest in its name, and hash (SHA-256)
to the digest and size the manifest gives; a file the manifest does not list is also a failure (something was
added). ``manifest.json`` and the certificate are not hashed by the manifest (it cannot hash itself, and the
certificate is completed by hand); each capture's chain of custody in Picket records the digest verified at
export.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
CERTIFICATES = ("certificate.txt", "certificate.html")
FORMAT = "picket-evidence-packet/1"


class PacketError(Exception):
    """The file is not a packet that can be checked (not a ZIP, no manifest, a manifest of another shape)."""


@dataclass
class VerifyReport:
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _entries(manifest: Any) -> list[dict[str, Any]]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PacketError(f"{MANIFEST} is not a Picket evidence manifest ({FORMAT})")
    captures = manifest.get("captures")
    if not isinstance(captures, list) or not all(isinstance(entry, dict) for entry in captures):
        raise PacketError(f"{MANIFEST} has no list of captures")
    for entry in captures:
        if not isinstance(entry.get("file"), str) or not isinstance(entry.get("sha256"), str):
            raise PacketError(f"{MANIFEST}: a capture lacks its file or its SHA-256")
    return captures


def verify_packet(path: Path) -> VerifyReport:
    """Recompute every listed file's SHA-256 and size; name each mismatch, missing file and unlisted file."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise PacketError(f"{path} cannot be read as a ZIP file ({error})") from None
    report = VerifyReport()
    with archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        if MANIFEST not in names:
            raise PacketError(f"{path} holds no {MANIFEST}")
        try:
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise PacketError(f"{MANIFEST} is not valid JSON ({error})") from None
        listed: set[str] = set()
        for entry in _entries(manifest):
            name, expected = entry["file"], entry["sha256"].lower()
            listed.add(name)
            if name not in names:
                report.problems.append(f"{name}: missing from the packet")
                continue
            data = archive.read(name)
            actual = hashlib.sha256(data).hexdigest()
            if actual != expected:
                report.problems.append(f"{name}: SHA-256 is {actual}, the manifest says {expected}")
            elif expected not in Path(name).name:
                report.problems.append(f"{name}: the file name does not carry the manifest's digest {expected}")
            elif entry.get("size") is not None and entry["size"] != len(data):
                report.problems.append(f"{name}: {len(data)} bytes, the manifest says {entry['size']}")
            else:
                report.checked.append(name)
        for name in names:
            if name != MANIFEST and name not in CERTIFICATES and name not in listed:
                report.problems.append(f"{name}: not listed in the manifest")
    return report
