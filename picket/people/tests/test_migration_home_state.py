"""Migration people 0006: children whose home district is known get its state."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("people", "0005_accusedperson_father_name")]
AFTER = [("people", "0006_child_home_state")]


def test_existing_children_get_their_home_districts_state(world):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Child = apps.get_model("people", "Child")
    User = apps.get_model("accounts", "User")
    creator = User.objects.create(username="migration-test", organisation_id=world.organisation_a.pk)
    common = {"district_id": world.district_a.pk, "organisation_id": world.organisation_a.pk, "created_by": creator}
    with_home = Child.objects.create(reference="C-MIG-1", name="x", home_district_id=world.district_b.pk, **common)
    without = Child.objects.create(reference="C-MIG-2", name="y", **common)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    Child = executor.loader.project_state(AFTER).apps.get_model("people", "Child")
    assert Child.objects.get(pk=with_home.pk).home_state_id == world.state_b.pk
    assert Child.objects.get(pk=without.pk).home_state_id is None
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # leave the database as the other tests expect it
