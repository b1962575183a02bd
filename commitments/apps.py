from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Action plan")

    def ready(self) -> None:
        from bishkek_ogp.lib.public_cache import bump_content_version

        from .roles import refresh_after_migrate

        post_migrate.connect(refresh_after_migrate, sender=self, dispatch_uid="commitments-roles")

        # Any change to the plan's data may show on a public page.
        for model in self.get_models():
            uid = f"public-cache-{model._meta.label}"
            post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-del")
        m2m_changed.connect(bump_content_version, dispatch_uid="public-cache-m2m")
