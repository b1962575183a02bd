from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter as linebreaks
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from commitments.models import provenance_notice

register = template.Library()

# The mark on a text that is not the official one, or not in the page's language (site.css).
MARK = "badge badge-translation"


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


@register.simple_tag(takes_context=True)
def text(context, obj, field: str, block: bool = False, link: bool = True) -> str:
    """A translated text of `obj` in the page's language, marked for what it is.

    The official text is shown as it is. A translation carries a small "unofficial translation"
    mark whose official text is a click away: in a block, in a <details> below it; inline, by a
    link to the same page in the official language (`link=False` inside another link: the mark
    alone). Printed, without a request, the mark stands alone. A text missing in this language
    is shown in the language it exists in, with its `lang` and a mark that says so. Every mark
    is the site's translation badge.
    """
    current = get_language()
    shown = lang_of(obj, field)
    value = getattr(obj, f"{field}_{shown}", None) or ""
    if not value:
        return ""
    tag = "div" if block else "span"
    body = linebreaks(value) if block else conditional_escape(value)
    html = format_html('<{} lang="{}">{}</{}>', tag, shown, body, tag)
    if shown != current:
        notice = provenance_notice({"status": "fallback", "language": shown})
        return format_html('{} <small class="{}">{}</small>', html, MARK, notice)
    if not hasattr(obj, "text_provenance"):
        return html  # not a row of the plan's record (an OGP value's name)
    note = provenance_notice(obj.text_provenance(field, current))
    if not note:
        return html
    official_language = obj.original_language
    if block and "request" not in context:
        # Printed (a PDF): nothing to click, the mark alone says whose words these are.
        return format_html('{}<p class="{}">{}</p>', html, MARK, note)
    if block:
        official = getattr(obj, f"{field}_{official_language}", None) or ""
        return format_html(
            '{}<details class="translation"><summary><span class="{}">{}</span> {}</summary>'
            '<div lang="{}">{}</div></details>',
            html, MARK, note, _("Show the official text."), official_language, linebreaks(official),
        )  # fmt: skip
    label = _("unofficial translation")
    if not link or "request" not in context:
        return format_html('{} <small class="{}" title="{}">{}</small>', html, MARK, note, label)
    official_page = translate_url(context["request"].get_full_path(), official_language)
    return format_html(
        '{} <small class="{}"><a href="{}" hreflang="{}" title="{}">{}</a></small>',
        html, MARK, official_page, official_language, note, label,
    )  # fmt: skip


@register.simple_tag
def written_in(value: str, language: str) -> str:
    """A text written in one language only (a reason for a change), with its `lang`, and marked
    when that is not the page's language."""
    if not value:
        return ""
    language = language or get_language()
    html = format_html('<span lang="{}">{}</span>', language, value)
    if language == get_language():
        return html
    notice = provenance_notice({"status": "fallback", "language": language})
    return format_html('{} <small class="{}">{}</small>', html, MARK, notice)
