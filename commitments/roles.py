"""The roles (groups) and the OGP values every database needs, created idempotently.

A data migration creates them on a fresh database. They are also refreshed after every `migrate`
and `flush` (post_migrate), so a database emptied by a test or an operator gets them back.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

OGP_VALUES = [
    ("access_to_information", "Access to information", "Доступ к информации", "Маалыматка жетүү"),
    ("civic_participation", "Civic participation", "Гражданское участие", "Жарандык катышуу"),
    (
        "public_accountability",
        "Public accountability",
        "Публичная подотчётность",
        "Коомдук отчеттуулук",
    ),
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
            "evidence": [*EDIT, "delete"],
            "meeting": EDIT,
            "commitment": VIEW,
            "commitmentinstitution": VIEW,
            "actionplan": VIEW,
            "organization": VIEW,
            "committeemember": VIEW,
            "ogpvalue": VIEW,
        },
        # They read the monitor's verdicts and may ask for PDF reports, but cannot change either.
        "monitoring": {
            "monitoringreport": VIEW,
            "commitmentassessment": VIEW,
            "reportjob": ["add", "view"],
        },
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
        },
        "monitoring": {
            "monitoringreport": EDIT,
            "commitmentassessment": [*EDIT, "delete"],
            "reportjob": ["add", "view"],
        },
    },
    # Moderators read and answer citizens' feedback and keep their answer templates; the
    # catalogue and the Open311 keys are the administrators' job.
    "Feedback moderators": {
        "feedback": {
            "feedback": ["change", "view"],
            "responsetemplate": ["add", "change", "delete", "view"],
            "service": VIEW,
            "district": VIEW,
        },
        "commitments": {"organization": VIEW},
    },
}


def ensure_roles(apps) -> None:
    """Create the groups with their permissions; existing grants are kept."""
    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = had_models or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models
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


def ensure_ogp_values(apps) -> None:
    OgpValue = apps.get_model("commitments", "OgpValue")
    for order, (code, en, ru, ky) in enumerate(OGP_VALUES):
        OgpValue.objects.get_or_create(
            code=code,
            defaults={"order": order, "name": en, "name_en": en, "name_ru": ru, "name_ky": ky},
        )


def refresh_after_migrate(sender, apps=global_apps, **kwargs) -> None:
    """post_migrate receiver; `flush` sends the signal too, without `apps`."""
    if apps.is_installed("commitments"):
        ensure_roles(apps)
        ensure_ogp_values(apps)
