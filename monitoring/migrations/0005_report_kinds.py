"""Reports get the IRM's kinds: the old "period" values map onto them."""

from django.db import migrations, models

KINDS = {
    "inception": "design_review",
    "mid_term": "interim",
    "final": "results",
    "other": "interim",
}


def to_kinds(apps, schema_editor):
    for name in ("MonitoringReport", "HistoricalMonitoringReport"):
        model = apps.get_model("monitoring", name)
        for old, new in KINDS.items():
            model.objects.filter(kind=old).update(kind=new)


def to_periods(apps, schema_editor):
    back = {"design_review": "inception", "interim": "mid_term", "results": "final"}
    for name in ("MonitoringReport", "HistoricalMonitoringReport"):
        model = apps.get_model("monitoring", name)
        for new, old in back.items():
            model.objects.filter(kind=new).update(kind=old)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_change_reasons")]

    operations = [
        migrations.RenameField("monitoringreport", "period", "kind"),
        migrations.RenameField("historicalmonitoringreport", "period", "kind"),
        migrations.RunPython(to_kinds, to_periods),
    ]
