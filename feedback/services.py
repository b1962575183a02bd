"""Writes on citizens' feedback; one path for the web form and, later, Open311."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import io
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import (
    OPEN311_HOURLY_LIMIT,
    District,
    Feedback,
    Open311Key,
    Service,
    key_digest,
    token_digest,
)

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 2000


def tracking_token(idempotency_key: str | None) -> str:
    """Unguessable; for a keyed submission it is the same on a repeat, so a double submit
    shows the citizen the same tracking link."""
    if not idempotency_key:
        return secrets.token_urlsafe(32)
    mac = hmac.new(settings.SECRET_KEY.encode(), idempotency_key.encode(), hashlib.sha256)
    return mac.hexdigest()


def clean_photo(upload) -> ContentFile:
    """Re-encode a JPEG or PNG: drops EXIF (location, device) and anything smuggled inside."""
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            {"photo": _("The photo is too large; the limit is 5 MB.")}, code="photo_too_large"
        )
    try:
        with Image.open(upload) as image:
            if image.format not in ("JPEG", "PNG"):
                raise ValidationError({"photo": _("Only JPEG and PNG photos are accepted.")})
            image.load()
            image = ImageOps.exif_transpose(image)
            image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, "JPEG", quality=85)
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError({"photo": _("Only JPEG and PNG photos are accepted.")}) from error
    return ContentFile(buffer.getvalue(), name=f"{secrets.token_hex(8)}.jpg")


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
    idempotency_key: str | None = None,
    ip: str | None = None,
) -> Feedback:
    """Store a citizen's feedback (validated, photo cleaned) and return it.

    The row carries `tracking_token`, the secret of the citizen's tracking link, which is not
    stored (only its digest is). A repeat with the same idempotency key returns the first record
    instead of a second one.
    """
    if idempotency_key:
        existing = Feedback.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            existing.tracking_token = tracking_token(idempotency_key)
            return existing
    token = tracking_token(idempotency_key)
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
        idempotency_key=idempotency_key or None,
        submitter_ip=ip,
    )
    if photo:
        feedback.photo = clean_photo(photo)
    feedback.full_clean()
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        # Two identical submits raced past the check above: the other one won.
        feedback = Feedback.objects.get(idempotency_key=idempotency_key)
    feedback.tracking_token = token
    return feedback


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
