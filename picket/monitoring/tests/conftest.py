from __future__ import annotations

from collections.abc import Iterator

import pytest

from picket.monitoring import stored_index


@pytest.fixture(autouse=True)
def _fresh_network_index() -> Iterator[None]:
    """Each test starts with the in-memory network index rebuilt from its own database."""
    stored_index.reset()
    yield
    stored_index.reset()
