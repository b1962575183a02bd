"""Helpers shared by the action-plan models."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import (
    MaxValueValidator,
    ProhibitNullCharactersValidator,
    RegexValidator,
)
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERCENTAGE = MaxValueValidator(100, _("Progress is a percentage between 0 and 100."))

COMMITMENT_CODE = RegexValidator(
    r"^[A-Z]{5}\d{4}\Z",
    _("A commitment code is five capital letters and four digits, for example KGBSK0001."),
    code="invalid_code",
)


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


def today() -> datetime.date:
    return timezone.localdate()


def missing_translation_errors(instance: models.Model, field: str) -> dict[str, str]:
    """A text may be written in any one language (the others fall back to it), but not in none."""
    if any(getattr(instance, f"{field}_{code}", None) for code, _name in settings.LANGUAGES):
        return {}
    key = f"{field}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
    return {key: _("Write this text in at least one language.")}


def nul_character_errors(instance: models.Model, field: str) -> dict[str, str]:
    """NUL in a translated text, which PostgreSQL cannot store: forms and serializers refuse it,
    and so, with the same message, does full_clean() for writes that come from code."""
    return {
        f"{field}_{code}": ProhibitNullCharactersValidator.message
        for code, _name in settings.LANGUAGES
        if "\x00" in (getattr(instance, f"{field}_{code}", None) or "")
    }
