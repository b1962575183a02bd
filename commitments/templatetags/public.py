from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def same_page_in(context, language: str) -> str:
    """This page's URL in another language (query string kept), for the language switcher."""
    return translate_url(context["request"].get_full_path(), language)
