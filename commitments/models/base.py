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


def noon_on(day: datetime.date) -> datetime.datetime:
    """Noon of `day` in the site's time zone: the moment a dated event stands for."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


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


class ChangeContext(models.Model):
    """What the audit trail keeps of a change beside who made it, when and why.

    The historical models of milestones and progress updates carry these fields (registered in
    translation.py); services set them on the instance they save (`_change_effective_on`,
    `_change_reason_language`) with the reason (`_change_reason`).
    """

    effective_on = models.DateField(
        _("effective on"),
        null=True,
        blank=True,
        help_text=_("When the change happened, when that is not when it was recorded."),
    )
    reason_language = models.CharField(_("language of the reason"), max_length=5, blank=True)

    class Meta:
        abstract = True


class TranslationSource(models.TextChoices):
    """Who wrote a text's translation: readers see it is not the official text, and whose it is."""

    EDITORS = "editors", _("the portal's editors")
    CITY = "city", _("the city")
    MONITOR = "monitor", _("the monitoring body")


# What a reader is told of a text that is not the official one.
TRANSLATED_BY = {
    TranslationSource.EDITORS: _("Unofficial translation by the portal's editors."),
    TranslationSource.CITY: _("Unofficial translation by the city."),
    TranslationSource.MONITOR: _("Unofficial translation by the monitoring body."),
}
ONLY_IN = {
    "en": _("available only in English"),
    "ru": _("available only in Russian"),
    "ky": _("available only in Kyrgyz"),
}


def provenance_notice(provenance: dict[str, str]) -> str:
    """The notice for a text (TranslatedTexts.text_provenance); "" for the official text."""
    if provenance["status"] == "translation":
        return str(TRANSLATED_BY.get(provenance["by"], TRANSLATED_BY[TranslationSource.EDITORS]))
    if provenance["status"] == "fallback":
        return str(ONLY_IN.get(provenance["language"], provenance["language"]))
    return ""


class TranslatedTexts(models.Model):
    """Whose words each language of a row's translated texts are.

    The texts in `original_language` are the official ones (English for the 2025 plan's record,
    the author's language for a progress update); a text in another language is a translation by
    `translated_by[language]`; an empty text is missing, and pages show the official one marked
    with its language.
    """

    original_language = models.CharField(
        _("language of the official text"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
    )
    translated_by = models.JSONField(
        _("translations by"),
        default=dict,
        blank=True,
        help_text=_(
            'Who translated the texts into each other language, e.g. {"ru": "editors", "ky": '
            '"city"}: editors, city or monitor.'
        ),
    )

    class Meta:
        abstract = True

    def text_provenance(self, field: str, language: str) -> dict[str, str]:
        """What a reader in `language` gets for `field`: the language of the text shown, and
        whether it is the official text, a translation (and whose) or a fallback to another
        language because none exists in theirs."""
        for shown in (language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES):
            if getattr(self, f"{field}_{shown}", None):
                break
        else:
            return {"language": language, "status": "missing"}
        if shown != language:
            return {"language": shown, "status": "fallback"}
        source = self.text_source(language)
        if source == "official":
            return {"language": shown, "status": "official"}
        return {"language": shown, "status": "translation", "by": source}

    def text_source(self, language: str) -> str:
        """'official', or who translated this row's texts in `language`: editors, city, monitor."""
        if language == self.original_language:
            return "official"
        return (self.translated_by or {}).get(language, TranslationSource.EDITORS)
