"""Bishkek's four districts and the starting catalogue of municipal services."""

from django.db import migrations

from feedback.catalogue import ensure_catalogue


def create_catalogue(apps, schema_editor):
    ensure_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(create_catalogue, migrations.RunPython.noop)]
