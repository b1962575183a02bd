"""The roles (groups) of the back office, across the apps, created idempotently.

They are refreshed after every `migrate` and `flush` (the project app's post_migrate, sent after
every app's permissions exist), so a fresh or emptied database has them.
"""

from django.apps import apps as global_apps

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
        # They read the monitor's verdicts and may ask for PDF reports, but cannot change either;
        # they answer the monitor's recommendations for the city.
        "monitoring": {
            "monitoringreport": VIEW,
            "commitmentassessment": VIEW,
            "recommendation": ["view", "answer"],
            "cocreationcheck": VIEW,
            "reportsource": VIEW,
            "reportjob": ["add", "view"],
        },
        # They open consultations and answer the public's contributions and questions.
        "participation": {
            "consultation": EDIT,
            "contribution": ["change", "view", "answer"],
            "question": ["change", "view", "answer"],
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
            "recommendation": [*EDIT, "delete"],
            "cocreationcheck": [*EDIT, "delete"],
            "reportsource": [*EDIT, "delete"],
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
        # The same queue and rules for what citizens send to consultations and the committee.
        "participation": {
            "consultation": VIEW,
            "contribution": ["change", "view", "moderate"],
            "question": ["change", "view", "moderate"],
        },
    },
}


def ensure_roles(apps) -> None:
    """Create the groups with their permissions; existing grants are kept."""
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


def refresh_roles(sender, apps=global_apps, **kwargs) -> None:
    """post_migrate receiver; `flush` sends the signal too, without `apps`."""
    ensure_roles(apps)
