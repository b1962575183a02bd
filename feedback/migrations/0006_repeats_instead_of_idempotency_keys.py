"""Forget the plain idempotency keys: a repeat is recognised by a short-lived digest instead
(feedback/repeats.py), so that nothing stored leads to a citizen's tracking link."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("feedback", "0005_open311_key_hourly_limit")]

    operations = [
        migrations.RemoveField(model_name="feedback", name="idempotency_key"),
        migrations.AddField(
            model_name="feedback",
            name="repeat_digest",
            field=models.CharField(
                blank=True, editable=False, max_length=64, null=True, unique=True
            ),
        ),
        migrations.AddField(
            model_name="feedback",
            name="masked_token",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
    ]
