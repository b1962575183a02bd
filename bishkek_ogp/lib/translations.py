"""Which rows of a translated model lack a text in a language (django-modeltranslation's)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from modeltranslation.translator import translator


def missing_translations(model, languages=("ky", "ru")) -> Q:
    """Rows with a translated text that has an official version but none in one of `languages`."""
    condition = Q()
    official = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    for field in translator.get_options_for_model(model).fields:
        written = ~Q(**{f"{field}_{official}": ""}) & Q(**{f"{field}_{official}__isnull": False})
        for language in languages:
            empty = Q(**{f"{field}_{language}": ""}) | Q(**{f"{field}_{language}__isnull": True})
            condition |= written & empty
    return condition
