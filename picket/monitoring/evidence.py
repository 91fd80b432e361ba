"""Evidence packets for police and courts (issue #7, item 6): an ad's or a network's captures as a ZIP.

The packet holds each capture's bytes exactly as captured (``captures/<reference>-<sha256>.<ext>``), a
``manifest.json`` (per capture: address, source, fetch time in IST and UTC, SHA-256, size, content type, the
ads seen in it, who captured it, and its whole chain of custody including this export) and ``certificate.txt``,
a pre-filled certificate for electronic records under section 63 of the Bharatiya Sakshya Adhiniyam, 2023, with
blanks for the responsible person to complete and sign.

Only a holder of ``evidence.preserve`` (the monitoring analyst, ADR 17) exports, and only ads within their
districts. A capture that also holds an ad outside them is withheld (its bytes cannot be cut without breaking
the digest); the manifest names it by reference so a colleague covering both can export it. Every capture's
digest is checked before export; one mismatch refuses the whole packet. Each capture exported gets a custody
event "exported" (with the digest verified then) and the export is audited (the number of captures and the
packet's own SHA-256, so a court can match a packet to the log) — all in one transaction.
``picket monitor verify-packet`` (:mod:`picket.monitoring.evidence_verify`) checks a packet with no database.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import mimetypes
import zipfile
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

import picket
from picket.accounts.access import Actor, scope_by_district
from picket.accounts.permissions import Permission
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.monitoring.evidence_verify import FORMAT, MANIFEST
from picket.monitoring.models import Ad, AdSighting, Capture, CustodyEvent, CustodyKind, Network

IST = ZoneInfo("Asia/Kolkata")
CERTIFICATE = "certificate.txt"
PRESERVE = Permission.EVIDENCE_PRESERVE
_EXTENSIONS = {"text/html": ".html", "text/plain": ".txt", "application/json": ".json", "text/csv": ".csv",
               "application/rss+xml": ".xml", "application/atom+xml": ".xml", "application/xml": ".xml",
               "text/xml": ".xml", "image/jpeg": ".jpg", "image/png": ".png"}  # fmt: skip


@dataclass(frozen=True)
class EvidencePacket:
    filename: str
    content: bytes
    sha256: str
    captures: int
    withheld: int

    def __repr__(self) -> str:  # never print the content
        return f"EvidencePacket({self.filename!r}, {len(self.content)} bytes, {self.captures} captures)"


def exportable_ads(*, actor: Actor) -> QuerySet[Ad]:
    """Ads whose captures the actor may export: holders of ``evidence.preserve``, within their districts."""
    return scope_by_district(actor, Ad.objects.all(), path="district", permission=PRESERVE)


def packet_for_ad(*, actor: Actor, ad: Ad) -> EvidencePacket:
    ads = list(exportable_ads(actor=actor).filter(pk=ad.pk))
    if not ads:
        raise ValidationError(_("You may not export evidence for this ad."))
    return _packet(actor, "ad", ad.pk, ad.reference, ads)


def packet_for_network(*, actor: Actor, network: Network) -> EvidencePacket:
    ads = list(exportable_ads(actor=actor).filter(network=network).order_by("first_seen_at", "pk"))
    if not ads:
        raise ValidationError(_("You may not export evidence for this network."))
    return _packet(actor, "network", network.pk, network.reference, ads)


def _times(moment: datetime.datetime) -> dict[str, str]:
    return {"ist": moment.astimezone(IST).isoformat(), "utc": moment.astimezone(datetime.UTC).isoformat()}


def _person(user: Any) -> dict[str, str] | None:
    return None if user is None else {"username": user.username, "name": str(user)}


def _file_name(capture: Capture) -> str:
    kind = capture.content_type.split(";")[0].strip().lower()
    extension = _EXTENSIONS.get(kind) or mimetypes.guess_extension(kind) or ".bin"
    return f"captures/{capture.reference}-{capture.sha256}{extension}"


def _packet(actor: Actor, subject: str, pk: int, reference: str, ads: list[Ad]) -> EvidencePacket:
    allowed = exportable_ads(actor=actor).values("pk")
    ad_ids = [ad.pk for ad in ads]
    capture_ids = set(AdSighting.objects.filter(ad__in=ad_ids).values_list("capture", flat=True))
    mixed = set(
        AdSighting.objects.filter(capture__in=capture_ids).exclude(ad__in=allowed).values_list("capture", flat=True)
    )
    captures = list(
        Capture.objects.filter(pk__in=capture_ids - mixed)
        .select_related("source", "captured_by")
        .order_by("fetched_at", "pk")
    )
    withheld = sorted(Capture.objects.filter(pk__in=mixed).values_list("reference", flat=True))
    if not captures:
        raise ValidationError(_("There is no capture you may export for this record."))
    now = timezone.now()
    with transaction.atomic():
        contents: list[tuple[Capture, bytes]] = []
        for capture in captures:
            with capture.content.open("rb") as handle:
                data = bytes(handle.read())
            if hashlib.sha256(data).hexdigest() != capture.sha256:
                raise ValidationError(
                    _("Capture %(reference)s no longer matches its digest; nothing was exported.")
                    % {"reference": capture.reference}
                )
            contents.append((capture, data))
        CustodyEvent.objects.bulk_create(
            CustodyEvent(capture=capture, kind=CustodyKind.EXPORTED, actor=actor.user, at=now, sha256=capture.sha256)
            for capture in captures
        )
        manifest = _manifest(actor, subject, reference, ads, captures, withheld, now)
        certificate = _certificate(actor, subject, reference, captures, now)
        content = _zip(contents, manifest, certificate, now)
        digest = hashlib.sha256(content).hexdigest()
        audit_record(action=AuditAction.EXPORT, object_type=f"monitoring.{subject}", object_id=pk, user=actor.user,
                     detail={"kind": "evidence_packet", "count": len(captures), "format": "zip",
                             "sha256": digest})  # fmt: skip
    stamp = now.astimezone(IST).strftime("%Y%m%d-%H%M%S")
    return EvidencePacket(filename=f"evidence-{reference}-{stamp}.zip", content=content, sha256=digest,
                          captures=len(captures), withheld=len(withheld))  # fmt: skip


def _manifest(actor: Actor, subject: str, reference: str, ads: list[Ad], captures: list[Capture],
              withheld: list[str], now: datetime.datetime) -> dict[str, Any]:  # fmt: skip
    ad_ids = {ad.pk for ad in ads}
    seen_in: dict[int, list[dict[str, Any]]] = {}
    sightings = AdSighting.objects.filter(capture__in=captures, ad__in=ad_ids).select_related("ad")
    for sighting in sightings.order_by("seen_at", "pk"):
        seen_in.setdefault(sighting.capture_id, []).append(
            {"id": sighting.ad_id, "reference": sighting.ad.reference, "seen_at": _times(sighting.seen_at)}
        )
    custody: dict[int, list[dict[str, Any]]] = {}
    events = CustodyEvent.objects.filter(capture__in=captures).select_related("actor").order_by("at", "pk")
    for event in events:
        custody.setdefault(event.capture_id, []).append(
            {"event": event.kind, "by": _person(event.actor), "at": _times(event.at), "sha256": event.sha256}
        )
    return {
        "format": FORMAT,
        "system": {"name": "Picket", "version": picket.__version__},
        "subject": {"kind": subject, "reference": reference},
        "exported_at": _times(now),
        "exported_by": _person(actor.user),
        "hash_algorithm": "SHA-256",
        "ads": [
            {
                "id": ad.pk,
                "reference": ad.reference,
                "first_seen": _times(ad.first_seen_at),
                "last_seen": _times(ad.last_seen_at),
            }
            for ad in ads
        ],
        "captures": [
            {
                "reference": capture.reference,
                "file": _file_name(capture),
                "url": capture.url,
                "source": None
                if capture.source is None
                else {
                    "reference": capture.source.reference,
                    "name": capture.source.name,
                    "kind": capture.source.kind,
                    "address": capture.source.url,
                },
                "method": capture.method,
                "fetched_at": _times(capture.fetched_at),
                "sha256": capture.sha256,
                "size": capture.size,
                "content_type": capture.content_type,
                "ads": seen_in.get(capture.pk, []),
                "captured_by": _person(capture.captured_by) or {"collector": "automatic collection"},
                "custody": custody.get(capture.pk, []),
            }
            for capture in captures
        ],
        "withheld_captures": withheld,
    }


def _certificate(actor: Actor, subject: str, reference: str, captures: list[Capture],
                 now: datetime.datetime) -> str:  # fmt: skip
    blank = "_" * 40
    what = _("the ad %(reference)s") if subject == "ad" else _("the network of ads %(reference)s")
    lines = [
        _("CERTIFICATE UNDER SECTION 63(4)(c) OF THE BHARATIYA SAKSHYA ADHINIYAM, 2023"),
        _("(formerly section 65B(4) of the Indian Evidence Act, 1872)"),
        "",
        _("DRAFT PREPARED BY PICKET — TO BE CHECKED, COMPLETED AND SIGNED BY THE RESPONSIBLE PERSON."),
        _(
            "It is not a certificate until the person in charge of the system or of the relevant activities, and "
            "the expert where the Schedule to the Adhiniyam requires one, have completed and signed it in the "
            "prescribed form. Nothing below is to be signed unless it is true to the signatory's knowledge."
        ),
        "",
        _("1. The electronic records"),
        _(
            "The records are %(count)d capture(s) of online content concerning %(what)s, produced from the "
            "system described below and contained in this packet, each identified by its reference and its "
            "SHA-256 hash value:"
        )
        % {"count": len(captures), "what": what % {"reference": reference}},
        "",
    ]
    for capture in captures:
        lines += [
            f"  - {capture.reference}  {_file_name(capture)}",
            "    " + _("address: %(url)s") % {"url": capture.url or "—"},
            "    " + _("captured at: %(ist)s (IST), %(utc)s (UTC)") % _times(capture.fetched_at),
            "    "
            + _("size: %(size)d bytes; content type: %(type)s")
            % {"size": capture.size, "type": capture.content_type or "—"},
            "    SHA-256: " + capture.sha256,
        ]
    lines += [
        "",
        _("2. The computer system and how the records were produced"),
        _(
            "The records were produced by Picket, version %(version)s, a case-management and monitoring system "
            "operated by %(organisation)s."
        )
        % {"version": picket.__version__, "organisation": _organisation(actor) or blank},
        _(
            "Online pages and feeds are fetched by Picket's collectors over HTTP(S), obeying the site's robots.txt "
            "and rate limits, or submitted by an authorised staff member. At the moment of capture the system "
            "computes the SHA-256 hash of the bytes exactly as received, and stores the bytes unaltered, encrypted "
            "(AES-256-GCM) on the server, with the address, the time of fetching and the user (if any) who "
            "captured them. Every later reading of a capture recomputes its hash and records who read it and when "
            "(the chain of custody, listed in manifest.json); every access is also written to a tamper-evident "
            "(HMAC-chained) audit log."
        ),
        _(
            "This packet was exported on %(ist)s (IST) by %(user)s; before export the hash of every record was "
            "recomputed and found equal to the hash taken at capture. The files in the folder captures/ are "
            "byte-for-byte the content as captured. Anyone can recompute their SHA-256 hash values (for example "
            "with 'sha256sum' or 'picket monitor verify-packet') and compare them with those above."
        )
        % {"ist": now.astimezone(IST).strftime("%Y-%m-%d %H:%M:%S"), "user": str(actor.user)},
        "",
        _("3. Statements to be confirmed by the signatory"),
        _(
            "To the best of my knowledge and belief: the computer system was operating properly throughout the "
            "period in which the records were produced, or, if not, any fault did not affect the records or their "
            "accuracy; the records were produced in the ordinary course of the activities for which the system is "
            "regularly used; and the information in them is derived from information fed into the system in the "
            "ordinary course of those activities."
        ),
        "",
        _("4. To be completed by the person in charge of the system or of the relevant activities (Part A)"),
        _("Name: %(blank)s") % {"blank": blank},
        _("Designation: %(blank)s") % {"blank": blank},
        _("Organisation and address: %(blank)s") % {"blank": blank},
        _("Signature: %(blank)s") % {"blank": blank},
        _("Date: %(blank)s") % {"blank": blank},
        _("Place: %(blank)s") % {"blank": blank},
        "",
        _("5. To be completed by the expert, where required (Part B)"),
        _("Name: %(blank)s") % {"blank": blank},
        _("Designation: %(blank)s") % {"blank": blank},
        _("Signature: %(blank)s") % {"blank": blank},
        _("Date: %(blank)s") % {"blank": blank},
        _("Place: %(blank)s") % {"blank": blank},
        "",
    ]
    return "\n".join(lines)


def _organisation(actor: Actor) -> str:
    organisation = getattr(actor.user, "organisation", None)
    return str(organisation) if organisation is not None else ""


def _zip(contents: list[tuple[Capture, bytes]], manifest: dict[str, Any], certificate: str,
         now: datetime.datetime) -> bytes:  # fmt: skip
    stamp = now.astimezone(IST).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def put(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)

        for capture, data in contents:
            put(_file_name(capture), data)
        put(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
        put(CERTIFICATE, certificate.encode("utf-8"))
    return buffer.getvalue()
