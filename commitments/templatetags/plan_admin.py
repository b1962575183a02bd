from django import template

from ..selectors import milestones_needing_attention

register = template.Library()


@register.inclusion_tag("admin/includes/attention.html")
def attention_panel() -> dict:
    return milestones_needing_attention()
