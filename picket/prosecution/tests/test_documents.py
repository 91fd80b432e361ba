"""Case documents are encrypted at rest and their SHA-256 proves they were not altered."""

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from picket.prosecution.documents import document_read, document_upload, document_verify
from picket.prosecution.models import CaseDocument
from picket.prosecution.tests.factories import actor

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\nFIR of Guddi Kumari at PS District A\n%%EOF\n"


def test_upload_encrypts_and_the_digest_verifies(world, officer, case):
    document = document_upload(actor=actor(officer), police_case=case, kind="fir_copy", data=PDF)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest() and document.content_type == "application/pdf"
    stored = Path(document.file.path).read_bytes()
    assert b"Guddi" not in stored and b"%PDF" not in stored
    assert str(document.file.name).startswith("prosecution/") and case.reference not in str(document.file.name)
    assert document_read(document) == PDF
    assert document_verify(document)


def test_a_tampered_or_replaced_file_does_not_verify(world, officer, case):
    document = document_upload(actor=actor(officer), police_case=case, kind="judgment", data=PDF)
    path = Path(document.file.path)
    sealed = bytearray(path.read_bytes())
    sealed[-1] ^= 0x01
    path.write_bytes(bytes(sealed))
    assert not document_verify(document)
    other = document_upload(actor=actor(officer), police_case=case, kind="judgment", data=PDF + b"x")
    document.sha256 = other.sha256
    path.write_bytes(Path(other.file.path).read_bytes())  # bound to its own name: fails authentication
    assert not document_verify(document)


def test_only_pdf_or_images_are_accepted_and_nothing_is_saved(world, officer, case):
    with pytest.raises(ValidationError) as error:
        document_upload(actor=actor(officer), police_case=case, kind="fir_copy", data=b"MZ\x90\x00")
    assert "file" in error.value.message_dict
    assert not CaseDocument.objects.exists()
