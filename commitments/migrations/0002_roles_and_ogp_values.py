"""Create the roles and the OGP values, so that a fresh database is ready to use."""

from django.db import migrations

from commitments.roles import ensure_ogp_values, ensure_roles


def create_roles(apps, schema_editor):
    ensure_roles(apps)


def create_ogp_values(apps, schema_editor):
    ensure_ogp_values(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(create_ogp_values, migrations.RunPython.noop),
    ]
