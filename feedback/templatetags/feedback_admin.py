"""The moderators' panel on the back office's start page."""

from django import template

from bishkek_ogp.lib.pagination import shortlist
from feedback.models import Feedback

register = template.Library()


@register.inclusion_tag("admin/includes/moderation_work.html")
def moderation_panel() -> dict:
    """A moderator's start page: the feedback waiting for moderation and the answers overdue."""
    overdue = Feedback.objects.overdue().for_listing().order_by("answer_due_at")
    return {
        "pending": Feedback.objects.filter(moderation=Feedback.Moderation.PENDING).count(),
        "overdue": shortlist(overdue),
    }
