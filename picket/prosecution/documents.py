"""Case documents (FIR copy, chargesheet, judgment): encrypted at rest, with a SHA-256 digest of the content
taken at upload so that anyone can later prove the file is the one uploaded (``document_verify``)."""

from __future__ import annotations

import hashlib
import hmac

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from picket.accounts.access import Actor
from picket.privacy.crypto import DecryptionError
from picket.prosecution import selectors
from picket.prosecution.models import CaseDocument, CourtCase, DocumentKind, PoliceCase
from picket.prosecution.services import _audit
from picket.prosecution.validation import choice, require_in

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
CONTENT_TYPES = {b"%PDF": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG": "image/png"}


def _content_type(data: bytes) -> str:
    for magic, content_type in CONTENT_TYPES.items():
        if data.startswith(magic):
            return content_type
    raise ValidationError({"file": _("Upload a PDF, JPEG or PNG file.")})


def document_upload(
    *, actor: Actor, police_case: PoliceCase, kind: str, data: bytes, court_case: CourtCase | None = None
) -> CaseDocument:
    require_in(selectors.police_case_manageable(actor=actor), police_case, what="case")
    assert actor.user is not None
    choice(kind, DocumentKind.values, field="kind")
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    if court_case is not None and court_case.police_case_id != police_case.pk:
        raise ValidationError({"court_case": _("Choose a court case of this police case.")})
    content_type = _content_type(data)
    with transaction.atomic():
        document = CaseDocument(
            police_case=police_case, court_case=court_case, kind=kind, content_type=content_type, size=len(data),
            sha256=hashlib.sha256(data).hexdigest(), uploaded_by=actor.user,
        )  # fmt: skip
        document.file.save("document", ContentFile(data), save=False)
        document.save()
        _audit("policecase", police_case.pk, fields=["documents"], kind=kind)
    return document


def document_read(document: CaseDocument) -> bytes:
    with document.file.open("rb") as handle:
        return bytes(handle.read())


def document_verify(document: CaseDocument) -> bool:
    """True when the stored file decrypts and its SHA-256 equals the digest taken at upload."""
    try:
        data = document_read(document)
    except (DecryptionError, KeyError, OSError):  # altered, swapped or missing: not verified
        return False
    return hmac.compare_digest(hashlib.sha256(data).hexdigest(), document.sha256)
