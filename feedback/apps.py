from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .catalogue import ensure_catalogue, ensure_response_templates


def refresh_catalogue(sender, apps=global_apps, **kwargs) -> None:
    """post_migrate receiver; `flush` sends it too, so an emptied database regains the catalogue."""
    ensure_catalogue(apps)
    ensure_response_templates(apps)


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Citizen feedback")

    def ready(self) -> None:
        post_migrate.connect(refresh_catalogue, sender=self, dispatch_uid="feedback-catalogue")
