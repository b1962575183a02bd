"""Writes on citizens' feedback; one path for the web form and, later, Open311."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bishkek_ogp.lib import images, repeats
from bishkek_ogp.lib.repeats import token_digest

from .models import (
    OPEN311_HOURLY_LIMIT,
    District,
    Feedback,
    Open311Key,
    Service,
    key_digest,
)
from .tasks import send_acknowledgement

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 2000


def clean_photo(upload) -> ContentFile:
    """A JPEG or PNG photo, re-encoded as JPEG without its metadata (location, device)."""
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            {"photo": _("The photo is too large; the limit is 5 MB.")}, code="photo_too_large"
        )
    try:
        return images.reencode(
            upload, formats=("JPEG", "PNG"), max_side=PHOTO_MAX_SIDE, as_jpeg=True
        )
    except ValidationError as error:
        if error.code == "image_too_large":
            raise ValidationError({"photo": error.messages}) from error
        raise ValidationError({"photo": _("Only JPEG and PNG photos are accepted.")}) from error


def content_fingerprint(*values, photo=None) -> str:
    """What a repeat of a submission must carry again: the same values and the same photo."""
    parts = [str(value) for value in values]
    if photo:
        photo.seek(0)
        parts.append(hashlib.sha256(photo.read()).hexdigest())
        photo.seek(0)
    return "\x1e".join(parts)


@transaction.atomic
def submit_feedback(
    *,
    service: Service,
    district: District,
    rating: int,
    description: str = "",
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    email: str = "",
    language: str,
    source: str = Feedback.Source.WEB,
    submitted_via: Open311Key | None = None,
    photo=None,
    repeat_key: str | None = None,
    ip: str | None = None,
) -> Feedback:
    """Store a citizen's feedback (validated, photo cleaned) and return it.

    The row carries `tracking_token`, the secret of the citizen's tracking link; only its digest
    is stored. `repeat_key` is what the same sender sends again when it repeats itself (the form's
    hidden key with the sender's address, an Open311 client's api_key): a repeat of the same
    content within a few minutes returns the first record, with its link
    (bishkek_ogp/lib/repeats.py).
    """
    forget_repeats()
    content = content_fingerprint(
        service.pk, district.pk, rating, description, address, latitude, longitude, email,
        photo=photo,
    )  # fmt: skip
    digest = repeats.repeat_digest(repeat_key, content) if repeat_key else None
    if digest and (earlier := _earlier(digest, repeat_key, content)) is not None:
        return earlier
    token = secrets.token_hex(32)
    feedback = Feedback(
        service=service,
        district=district,
        rating=rating,
        description=description,
        address=address,
        latitude=latitude,
        longitude=longitude,
        email=email,
        language=language,
        source=source,
        submitted_via=submitted_via,
        provider_id=service.provider_id,
        tracking_digest=token_digest(token),
        repeat_digest=digest,
        masked_token=repeats.mask_token(token, repeat_key, content) if digest else "",
        submitter_ip=ip,
    )
    if photo:
        feedback.photo = clean_photo(photo)
    feedback.full_clean()
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        # The same submission, sent twice at once, raced past the check above: the other won.
        return _earlier(digest, repeat_key, content)
    feedback.tracking_token = token
    if feedback.email:
        # The private link travels in the task's message: only its digest is stored.
        transaction.on_commit(lambda: send_acknowledgement.delay(feedback.pk, token), robust=True)
    return feedback


def _earlier(digest: str, repeat_key: str, content: str) -> Feedback | None:
    earlier = Feedback.objects.filter(repeat_digest=digest).first()
    if earlier is not None:
        earlier.tracking_token = repeats.mask_token(earlier.masked_token, repeat_key, content)
    return earlier


def forget_repeats() -> int:
    """Forget how to recognise repeats of submissions older than the repeat window."""
    return Feedback.objects.filter(
        repeat_digest__isnull=False, created_at__lt=repeats.window_start()
    ).update(repeat_digest=None, masked_token="")


CONFIRMATION_WINDOW = datetime.timedelta(days=30)


@transaction.atomic
def answer_feedback(
    *,
    feedback: Feedback,
    status: str,
    answer: str = "",
    rejection_reason: str = "",
    duplicate_of: Feedback | None = None,
) -> Feedback:
    """The city answers: a public answer and a new status; the clocks for statistics start here."""
    feedback.status = status
    feedback.public_answer = answer or feedback.public_answer
    feedback.rejection_reason = rejection_reason
    feedback.duplicate_of = duplicate_of
    stamp_answer(feedback)
    feedback.full_clean()
    feedback.save()
    return feedback


def stamp_answer(feedback: Feedback) -> None:
    """Start the clocks the statistics read: first answer and resolution."""
    now = timezone.now()
    if feedback.public_answer and feedback.first_answered_at is None:
        feedback.first_answered_at = now
    if feedback.status != Feedback.Status.RESOLVED:
        feedback.resolved_at = None
    elif feedback.resolved_at is None:
        feedback.resolved_at = now


@transaction.atomic
def confirm_resolution(
    *, feedback: Feedback, resolved: bool, answer_rating: int | None
) -> Feedback:
    """The citizen says whether it was really resolved; "no" reopens it within 30 days."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.status != Feedback.Status.RESOLVED or feedback.resolved_at is None:
        raise ValidationError(_("Only feedback the city marked as resolved can be confirmed."))
    if feedback.citizen_confirmed is not None:
        raise ValidationError(_("You have already said whether it was resolved."))
    if timezone.now() - feedback.resolved_at > CONFIRMATION_WINDOW:
        raise ValidationError(_("More than 30 days have passed since it was resolved."))
    if answer_rating is not None and not 1 <= answer_rating <= 5:
        raise ValidationError({"answer_rating": _("Rate the answer from 1 to 5.")})
    feedback.citizen_confirmed = resolved
    feedback.answer_rating = answer_rating
    if not resolved:
        feedback.status = Feedback.Status.IN_PROGRESS
        feedback.resolved_at = None
    feedback.save()
    return feedback


@transaction.atomic
def create_open311_key(*, name: str, hourly_limit: int = OPEN311_HOURLY_LIMIT) -> Open311Key:
    """Create an Open311 API key. The row carries `secret` this once; only its digest is kept."""
    secret = secrets.token_urlsafe(24)
    key = Open311Key(
        name=name, prefix=secret[:8], digest=key_digest(secret), hourly_limit=hourly_limit
    )
    key.full_clean()
    key.save()
    key.secret = secret
    return key
