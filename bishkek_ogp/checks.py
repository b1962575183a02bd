"""Deployment checks of the project's own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def limits_are_shared(app_configs=None, **kwargs) -> list[Warning]:
    """Without Redis the hourly limits are counted in each process's memory."""
    if settings.REDIS_URL:
        return []
    return [
        Warning(
            "Without REDIS_URL the hourly limits (feedback, follow requests, Open311 keys, API "
            "requests, admin logins) are counted separately by each web process, so a site run "
            "by several processes allows that many times the limits.",
            hint="Set REDIS_URL in production; the embedded default is meant for one process "
            "(make run).",
            id="bishkek_ogp.W001",
        )
    ]
