"""Writes of the participation app: what citizens send, and the bodies' moderation and answers."""

from __future__ import annotations

import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bishkek_ogp.lib import repeats
from commitments.models import Commitment
from commitments.responsibility import ensure_may_edit

from .models import Consultation, Contribution, Question
from .tasks import send_answer


def _submit(row, repeat_key: str, content: str, ip: str | None):
    """Store a citizen's text with its private link; a repeat within minutes returns the first.

    The returned row carries `tracking_token`, the secret of the private link (only its digest is
    stored)."""
    model = type(row)
    model.objects.filter(repeat_digest__isnull=False, created_at__lt=repeats.window_start()).update(
        repeat_digest=None, masked_token=""
    )
    digest = repeats.repeat_digest(repeat_key, content)
    earlier = model.objects.filter(repeat_digest=digest).first()
    if earlier is not None:
        earlier.tracking_token = repeats.mask_token(earlier.masked_token, repeat_key, content)
        return earlier
    token = secrets.token_hex(32)
    row.tracking_digest = repeats.token_digest(token)
    row.repeat_digest = digest
    row.masked_token = repeats.mask_token(token, repeat_key, content)
    row.submitter_ip = ip
    row.full_clean()
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # the same submission, sent twice at once: the other one won
        return _submit(row, repeat_key, content, ip)
    row.tracking_token = token
    return row


@transaction.atomic
def submit_contribution(
    *,
    consultation: Consultation,
    kind: str,
    text: str,
    email: str = "",
    language: str,
    repeat_key: str,
    ip: str | None = None,
) -> Contribution:
    """A proposal or comment sent to an open consultation, waiting for moderation."""
    if not consultation.published or not consultation.is_open():
        raise ValidationError(_("This consultation is not open for contributions."))
    row = Contribution(
        consultation=consultation, kind=kind, text=text, email=email, language=language
    )
    content = "\x1e".join([str(consultation.pk), kind, text, email])
    return _submit(row, repeat_key, content, ip)


@transaction.atomic
def submit_question(
    *,
    commitment: Commitment,
    text: str,
    email: str = "",
    language: str,
    repeat_key: str,
    ip: str | None = None,
) -> Question:
    """A question to the committee on a published commitment, waiting for moderation."""
    row = Question(commitment=commitment, text=text, email=email, language=language)
    content = "\x1e".join([commitment.code, text, email])
    return _submit(row, repeat_key, content, ip)


# Who may change what: moderators publish or hide; the answering body answers.
MODERATION_FIELDS = {"moderation"}
ANSWER_FIELDS = {
    Contribution: {"response", "response_reason", "became_commitment_id", "became_milestone_id"},
    Question: {"answer"},
}


@transaction.atomic
def review(*, row: Contribution | Question, by: AbstractBaseUser) -> Contribution | Question:
    """Save a moderator's decision or the body's answer on a contribution or a question.

    Moderators change only the moderation, the answering body only the answer; the citizen's
    words never change. An answer is dated, kept in the history, and emailed to the citizen who
    left an address."""
    model = type(row)
    stored = model.objects.get(pk=row.pk)
    changed = {
        f.attname
        for f in model._meta.concrete_fields
        if getattr(stored, f.attname) != getattr(row, f.attname)
    }
    label = model._meta.model_name
    allowed = set()
    if by.has_perm(f"participation.moderate_{label}"):
        allowed |= MODERATION_FIELDS
    if by.has_perm(f"participation.answer_{label}"):
        allowed |= ANSWER_FIELDS[model]
    if not changed:
        return row  # saved as it was: nothing to record
    if changed - allowed:
        raise PermissionDenied(
            _("Moderators publish or hide; the answering body answers; the citizen's words stay.")
        )
    if model is Question and changed & ANSWER_FIELDS[model]:
        ensure_may_edit(by, row.commitment)  # a question is answered by its commitment's members
    answered = _answered(row) and not _answered(stored)
    if answered:
        setattr(row, "responded_at" if model is Contribution else "answered_at", timezone.now())
        if model is Question:
            row.answered_by = by
    row.full_clean()
    row._history_user = by
    row.save()
    if answered and row.email:
        transaction.on_commit(lambda: send_answer.delay(label, row.pk), robust=True)
    return row


def _answered(row) -> bool:
    return bool(row.response if isinstance(row, Contribution) else row.answer.strip())
