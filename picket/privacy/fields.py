"""Model fields that keep personal data encrypted at rest.

The model attribute holds plaintext; the column holds ``pk1:<key id>:…`` (see ``crypto``). Encrypted
columns cannot be filtered on — a lookup would silently match nothing, so it raises instead. Exact lookups
use a separate blind-index column (``crypto.blind_index``), fuzzy search uses derived search keys.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models import Lookup

from picket.privacy.crypto import decrypt_text, encrypt_text


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest (AES-GCM)"

    def context(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt_text(value, context=self.context())

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value), context=self.context())

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted and cannot be filtered with '{lookup_name}'; "
                "use its blind index or search keys"
            )
        return super().get_lookup(lookup_name)
