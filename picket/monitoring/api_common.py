"""What the monitoring API's routers share: permissions, the detail wrapper, field renaming, references."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError

from picket.accounts.permissions import Permission

VIEW, MANAGE = Permission.MONITORING_VIEW, Permission.MONITORING_MANAGE


class Detail:
    """A record with extra attributes for a detail schema: the record's own fields (and the summary schema's
    resolvers) read through; the extras shadow them (an ad's ``reasons`` as rows, not its stored text)."""

    def __init__(self, record: Any, **extras: Any) -> None:
        self._record = record
        self.__dict__.update(extras)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._record, name)


@contextmanager
def fields_named(**renamed: str) -> Iterator[None]:
    """Report a service's field errors under the API's field names (``district`` → ``district_code``)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError({renamed.get(f, f): errors for f, errors in error.error_dict.items()}) from None


def reference_of(value: str) -> str:
    return value.strip().upper()
