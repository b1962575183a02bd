"""Periodic privacy housekeeping for citizens' feedback."""

import datetime

from celery import shared_task
from django.utils import timezone

from .models import Feedback

IP_RETENTION = datetime.timedelta(days=30)


@shared_task
def forget_submitter_ips() -> int:
    """Submitters' IP addresses serve only rate limiting; drop them after 30 days."""
    cutoff = timezone.now() - IP_RETENTION
    return Feedback.objects.filter(created_at__lt=cutoff, submitter_ip__isnull=False).update(
        submitter_ip=None
    )
