from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def same_page_in(context, language: str) -> str:
    """This page's URL in another language (query string kept), for the language switcher."""
    return translate_url(context["request"].get_full_path(), language)


@register.simple_tag
def lang_of(obj, field: str) -> str:
    """The language of the text shown for obj.field: the active one or the fallback that filled in.

    Pages mark fallback text with it (lang="en" in a Kyrgyz page), so screen readers switch voice.
    """
    current = get_language()
    for code in (current, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES):
        if getattr(obj, f"{field}_{code}", None):
            return code
    return current
