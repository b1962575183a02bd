"""Kept for the migration graph; the roles are seeded after every migrate (bishkek_ogp/roles.py)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial"), ("commitments", "0002_roles_and_ogp_values")]

    operations = []
