"""Identity documents and photos of children: validation, hashing, and image cleaning (location data removed)."""

from __future__ import annotations

import datetime
import io
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from stdnum.in_ import aadhaar

from picket.accounts.access import Actor
from picket.audit.models import AuditAction
from picket.audit.services import audit_record
from picket.people.models import Child, ChildPhoto, DocumentKind, IdentityDocument
from picket.people.selectors import child_manageable
from picket.privacy.crypto import blind_index

DOCUMENT_INDEX_PURPOSE = "people.document"
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_PIXELS = 2000
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def identity_document_add(*, actor: Actor, child: Child, kind: str, number: str) -> IdentityDocument:
    if not child_manageable(actor=actor).filter(pk=child.pk).exists():
        raise PermissionDenied("child outside jurisdiction")
    assert actor.user is not None
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown kind of document.")})
    compact = re.sub(r"[\s\-./]", "", number).upper()
    if not compact or len(compact) > 40:
        raise ValidationError({"number": _("Enter the document number (at most 40 characters).")})
    if kind == DocumentKind.AADHAAR and not aadhaar.is_valid(compact):
        raise ValidationError({"number": _("This is not a valid Aadhaar number (12 digits with a valid checksum).")})
    with transaction.atomic():
        document = IdentityDocument.objects.create(
            child=child,
            kind=kind,
            # The Aadhaar Act (s.29) and UIDAI rules: keep no full Aadhaar number. Last 4 digits and a keyed hash
            # are enough to recognise the same card again.
            number="" if kind == DocumentKind.AADHAAR else compact,
            number_last4=compact[-4:],
            number_index=blind_index(f"{kind}:{compact}", purpose=DOCUMENT_INDEX_PURPOSE),
            added_by=actor.user,
        )
        audit_record(action=AuditAction.UPDATE, object_type="people.child", object_id=child.pk,
                     detail={"fields": ["documents"], "kind": kind})  # fmt: skip
    return document


def children_with_document(*, children: object, kind: str, number: str) -> object:
    compact = re.sub(r"[\s\-./]", "", number).upper()
    digest = blind_index(f"{kind}:{compact}", purpose=DOCUMENT_INDEX_PURPOSE)
    return children.filter(documents__number_index=digest).distinct()  # type: ignore[attr-defined]


def clean_image(data: bytes) -> tuple[bytes, str]:
    """Check that ``data`` is a JPEG, PNG or WebP image; return it re-encoded without metadata (EXIF, GPS)."""
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError({"image": _("The photo is larger than 10 MB.")})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image: Image.Image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError({"image": _("The file is not a JPEG, PNG or WebP photo.")}) from None
    kind = image.format or ""
    if kind not in FORMATS:
        raise ValidationError({"image": _("The file is not a JPEG, PNG or WebP photo.")})
    image.thumbnail((MAX_PHOTO_PIXELS, MAX_PHOTO_PIXELS))
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    output = io.BytesIO()
    image.save(output, format=kind)  # saved without the original's EXIF: no camera location
    return output.getvalue(), FORMATS[kind]


def child_photo_add(*, actor: Actor, child: Child, data: bytes, taken_on: datetime.date | None = None) -> ChildPhoto:
    if not child_manageable(actor=actor).filter(pk=child.pk).exists():
        raise PermissionDenied("child outside jurisdiction")
    assert actor.user is not None
    cleaned, content_type = clean_image(data)
    with transaction.atomic():
        photo = ChildPhoto(child=child, content_type=content_type, taken_on=taken_on, uploaded_by=actor.user)
        photo.image.save("photo", ContentFile(cleaned), save=False)
        photo.save()
        audit_record(action=AuditAction.UPDATE, object_type="people.child", object_id=child.pk,
                     detail={"fields": ["photos"]})  # fmt: skip
    return photo
