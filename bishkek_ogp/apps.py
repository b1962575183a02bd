"""The project as an app: the roles that span the apps, and the page cache's list of models."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The models whose rows the public pages show: a committed save or delete of one of them moves the
# page cache's version (bishkek_ogp/lib/page_cache.py). A model is added here on purpose; back
# office rows (followers, notifications, report jobs, accounts) and citizens' feedback, whose
# pages keep their own short timeout, are left out.
PUBLIC_MODELS = [
    "commitments.Organization",
    "commitments.ActionPlan",
    "commitments.CommitteeMember",
    "commitments.OgpValue",
    "commitments.Meeting",
    "commitments.Commitment",
    "commitments.CommitmentInstitution",
    "commitments.Milestone",
    "commitments.ProgressUpdate",
    "commitments.Evidence",
    "monitoring.MonitoringReport",
    "monitoring.CommitmentAssessment",
    "monitoring.Recommendation",
    "monitoring.CoCreationCheck",
    "monitoring.ReportSource",
    # A citizen's contribution or question is public once moderated: its moderation and answer
    # move the version (as its arrival does; they are far rarer than feedback).
    "participation.Consultation",
    "participation.Contribution",
    "participation.Question",
]


class ProjectConfig(AppConfig):
    name = "bishkek_ogp"
    verbose_name = _("Open Bishkek")

    def ready(self) -> None:
        from bishkek_ogp import checks  # noqa: F401  registers the deployment checks
        from bishkek_ogp.lib.page_cache import version_moves_with

        from .roles import refresh_roles

        version_moves_with(self.apps.get_model(label) for label in PUBLIC_MODELS)
        # Listed after the apps in INSTALLED_APPS, so every permission exists by the time this
        # app's post_migrate (and flush's) is sent.
        post_migrate.connect(refresh_roles, sender=self, dispatch_uid="project-roles")
