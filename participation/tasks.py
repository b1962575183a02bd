"""Telling a citizen that their contribution or question was answered."""

from __future__ import annotations

from celery import shared_task
from django.apps import apps

from commitments.emails import absolute, build


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_answer(model_name: str, pk: int) -> bool:
    """Email the answer to the address the citizen left (in the language they wrote in)."""
    row = apps.get_model("participation", model_name).objects.filter(pk=pk).first()
    if row is None or not row.email:
        return False
    context = {"row": row, "page_url": absolute(row.get_absolute_url())}
    build(
        to=row.email, template="participation_answer", context=context, language=row.language
    ).send()
    return True
