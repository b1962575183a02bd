from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Action plan")

    def ready(self) -> None:
        from bishkek_ogp.lib.public_cache import drop_cached_pages_on_change

        from .roles import refresh_after_migrate

        post_migrate.connect(refresh_after_migrate, sender=self, dispatch_uid="commitments-roles")
        drop_cached_pages_on_change(self)
