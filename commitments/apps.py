from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Action plan")

    def ready(self) -> None:
        from .ogp_values import refresh_ogp_values

        post_migrate.connect(refresh_ogp_values, sender=self, dispatch_uid="commitments-ogp-values")
