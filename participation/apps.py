from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from commitments.open_data import register_dataset

        from .open_data import DATASETS

        for key, name, rows in DATASETS:
            register_dataset(key, name, rows)
