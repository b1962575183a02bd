from django import template

from bishkek_ogp.lib.pagination import shortlist
from commitments.responsibility import editable_commitments
from monitoring.models import MonitoringReport
from monitoring.selectors import final_verdict, recommendations_to_answer, reports_in_progress

register = template.Library()


@register.simple_tag
def results_report(plan) -> MonitoringReport | None:
    """The monitoring body's published results report on `plan` (for the ended plan's banner)."""
    return final_verdict(plan) if plan else None


@register.inclusion_tag("admin/includes/monitoring_work.html")
def monitoring_panel() -> dict:
    return {"reports": reports_in_progress()}


@register.inclusion_tag("admin/includes/recommendations_work.html", takes_context=True)
def recommendations_panel(context) -> dict:
    waiting = recommendations_to_answer(editable_commitments(context["request"].user))
    return {"recommendations": shortlist(waiting)}
