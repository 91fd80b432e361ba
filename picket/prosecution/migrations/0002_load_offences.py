"""Load the offences catalogue (prosecution/data/*.csv) so that fresh installations and the demo have it.

Later changes to the files are loaded with ``picket prosecution load-offences`` (idempotent, reports conflicts).
"""

from django.db import migrations


def load(apps, schema_editor):
    from picket.prosecution.catalogue import load_catalogue

    load_catalogue(
        act_model=apps.get_model("prosecution", "Act"),
        offence_model=apps.get_model("prosecution", "Offence"),
        revision_model=apps.get_model("prosecution", "OffenceRevision"),
    )


class Migration(migrations.Migration):
    dependencies = [("prosecution", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
