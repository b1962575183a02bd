from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Independent monitoring")

    def ready(self) -> None:
        from bishkek_ogp.lib.public_cache import drop_cached_pages_on_change

        drop_cached_pages_on_change(self)
