"""Kept for the migration graph. The roles and OGP values it once created are seeded after every
migrate and flush (post_migrate: bishkek_ogp/roles.py, commitments/ogp_values.py)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
