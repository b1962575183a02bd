"""What the participation app adds to the plan's pages: where a commitment or a milestone came
from, a commitment's questions and consultations, and the committee's list of late answers."""

from django import template

from participation.models import Consultation, Question
from participation.selectors import origins

register = template.Library()


@register.inclusion_tag("participation/includes/origins.html")
def origins_of(commitment=None, milestone=None) -> dict:
    return {"origins": origins(commitment=commitment, milestone=milestone)}


@register.inclusion_tag("participation/includes/commitment_participation.html")
def participation_on(commitment) -> dict:
    return {
        "commitment": commitment,
        "questions": Question.objects.published().filter(commitment=commitment),
        "consultations": Consultation.objects.published().filter(commitment=commitment),
    }


@register.inclusion_tag("admin/includes/questions_attention.html")
def questions_panel() -> dict:
    return {
        "late": Question.objects.past_their_answer_date().select_related("commitment"),
        "waiting": Question.objects.awaiting_moderation().count(),
    }
