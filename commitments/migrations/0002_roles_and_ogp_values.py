"""Create the roles and the OGP values, so that a fresh database is ready to use."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OGP_VALUES = [
    ("access_to_information", "Access to information", "Доступ к информации", "Маалыматка жетүү"),
    ("civic_participation", "Civic participation", "Гражданское участие", "Жарандык катышуу"),
    ("public_accountability", "Public accountability", "Публичная подотчётность", "Коомдук отчеттуулук"),
    (
        "technology_innovation",
        "Technology and innovation for transparency and accountability",
        "Технологии и инновации для прозрачности и подотчётности",
        "Ачыктык жана отчеттуулук үчүн технологиялар жана инновациялар",
    ),
]

VIEW = ["view"]
EDIT = ["add", "change", "view"]

ROLES = {
    # Committee members keep the plan's progress up to date but cannot remove the plan itself.
    "Committee members": {
        "commitments": {
            "milestone": EDIT,
            "progressupdate": EDIT,
            "evidence": EDIT + ["delete"],
            "meeting": EDIT,
            "commitment": VIEW,
            "commitmentinstitution": VIEW,
            "actionplan": VIEW,
            "organization": VIEW,
            "committeemember": VIEW,
            "ogpvalue": VIEW,
        }
    },
    "Monitors": {
        "commitments": {
            "actionplan": VIEW,
            "commitment": VIEW,
            "milestone": VIEW,
            "progressupdate": VIEW,
            "evidence": VIEW,
            "organization": VIEW,
            "meeting": VIEW,
        }
    },
    "Feedback moderators": {},
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, models in grants.items():
            for model, actions in models.items():
                codenames = [f"{action}_{model}" for action in actions]
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label, codename__in=codenames
                    )
                )


def create_ogp_values(apps, schema_editor):
    OgpValue = apps.get_model("commitments", "OgpValue")
    for order, (code, en, ru, ky) in enumerate(OGP_VALUES):
        OgpValue.objects.update_or_create(
            code=code,
            defaults={"order": order, "name": en, "name_en": en, "name_ru": ru, "name_ky": ky},
        )


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
