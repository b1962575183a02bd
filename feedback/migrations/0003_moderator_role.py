"""Give the Feedback moderators their permissions."""

from django.db import migrations

from commitments.roles import ensure_roles


def grant(apps, schema_editor):
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_catalogue"), ("commitments", "0002_roles_and_ogp_values")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
