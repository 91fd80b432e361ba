import pytest

from picket.prosecution.tests import factories


@pytest.fixture
def officer(world):
    return factories.legal_officer(world)


@pytest.fixture
def case(world, officer):
    return factories.police_case(world, officer)


@pytest.fixture(autouse=True)
def _offences_catalogue(request):
    """The catalogue comes from a data migration; a transactional test elsewhere flushes it, so load it again."""
    if request.node.get_closest_marker("django_db") is None:
        return
    from picket.prosecution.models import Offence
    from picket.prosecution.services_catalogue import catalogue_load

    if not Offence.objects.exists():
        catalogue_load()
