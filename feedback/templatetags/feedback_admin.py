"""The moderators' panel on the back office's start page."""

from django import template

from feedback.models import Feedback

# How many overdue answers the start page lists; a link leads to them all.
SHOWN = 10

register = template.Library()


@register.inclusion_tag("admin/includes/moderation_work.html")
def moderation_panel() -> dict:
    """A moderator's start page: the feedback waiting for moderation and the answers overdue."""
    overdue = Feedback.objects.overdue().for_listing().order_by("answer_due_at")
    return {
        "pending": Feedback.objects.filter(moderation=Feedback.Moderation.PENDING).count(),
        "overdue": list(overdue[:SHOWN]),
        "overdue_count": overdue.count(),
    }
