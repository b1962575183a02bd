"""Kept for the migration graph; the catalogue is seeded after every migrate (feedback/apps.py)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = []
