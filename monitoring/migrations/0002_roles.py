"""Give the roles their monitoring permissions on existing databases."""

from django.db import migrations

from commitments.roles import ensure_roles


def grant(apps, schema_editor):
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial"), ("commitments", "0002_roles_and_ogp_values")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
