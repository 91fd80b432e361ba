from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from picket.monitoring import stored_index


@pytest.fixture(autouse=True)
def _fresh_network_index() -> Iterator[None]:
    """Each test starts with the in-memory network index rebuilt from its own database."""
    stored_index.reset()
    yield
    stored_index.reset()


@pytest.fixture(autouse=True)
def _local_servers_allowed(settings: Any) -> None:
    """Monitoring tests fetch from servers on this machine; the tests of the refusal turn this off again."""
    settings.PICKET_MONITORING_ALLOW_PRIVATE_ADDRESSES = True
