"""Citizens' feedback: the acknowledgement email, and periodic privacy housekeeping."""

import datetime

from celery import shared_task
from django.utils import timezone

from commitments.emails import build, link

from .models import Feedback

IP_RETENTION = datetime.timedelta(days=30)


@shared_task
def forget_submitter_ips() -> int:
    """Submitters' IP addresses serve only rate limiting; drop them after 30 days."""
    cutoff = timezone.now() - IP_RETENTION
    return Feedback.objects.filter(created_at__lt=cutoff, submitter_ip__isnull=False).update(
        submitter_ip=None
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_acknowledgement(feedback_id: int, token: str) -> bool:
    """Tell the citizen, in their language, that their feedback arrived: its reference, the date
    an answer is due, and their private link (which only this message and the thanks page hold)."""
    feedback = Feedback.objects.select_related("service").filter(pk=feedback_id).first()
    if feedback is None or not feedback.email:
        return False
    context = {
        "feedback": feedback,
        "tracking_url": link("feedback:track", feedback.language, token=token),
    }
    build(
        to=feedback.email, template="feedback_received", context=context, language=feedback.language
    ).send()
    return True
