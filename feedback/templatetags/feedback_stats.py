"""Formatting of the feedback statistics: percentages, days and the interval bars."""

from django import template
from django.template.defaultfilters import floatformat

from feedback import selectors

register = template.Library()


@register.filter
def percent(value: float) -> str:
    return f"{floatformat(value * 100, 0)} %"


@register.filter
def days(value: float) -> str:
    return floatformat(value, 1)


@register.inclusion_tag("feedback/includes/share.html")
def share(value, with_interval: bool = False) -> dict:
    return {"share": value, "with_interval": with_interval}


@register.inclusion_tag("feedback/includes/interval_bar.html")
def interval_bar(value) -> dict:
    """A bar for the share and a whisker for its 95 % interval, on a 0-100 scale."""
    low, high = value.interval
    return {
        "share": value,
        "width": round(value.value * 100, 1),
        "low": round(low * 100, 1),
        "high": round(high * 100, 1),
    }


@register.inclusion_tag("feedback/includes/headline.html")
def feedback_headline() -> dict:
    """KGBSK0003's own evidence: the tool's figures, on the commitment's page."""
    return {"headline": selectors.feedback_headline()}
