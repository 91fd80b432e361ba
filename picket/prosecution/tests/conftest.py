import pytest

from picket.prosecution.tests import factories


@pytest.fixture
def officer(world):
    return factories.legal_officer(world)


@pytest.fixture
def case(world, officer):
    return factories.police_case(world, officer)
