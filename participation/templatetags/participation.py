"""What the participation app adds to the plan's pages: where a commitment or a milestone came
from, a commitment's questions and consultations, and the committee's list of late answers."""

from django import template

from bishkek_ogp.lib.pagination import shortlist
from commitments.responsibility import editable_commitments
from participation.models import Consultation, Contribution, Question
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


@register.inclusion_tag("admin/includes/questions_work.html", takes_context=True)
def questions_panel(context) -> dict:
    """The questions a committee member is to answer: published, unanswered, on the
    commitments in their care; the oldest first, those past their date marked."""
    mine = editable_commitments(context["request"].user)
    unanswered = Question.objects.published().filter(answer="", commitment__in=mine)
    return {
        "questions": shortlist(unanswered.select_related("commitment").order_by("created_at")),
        "late": unanswered.past_their_answer_date().count(),
    }


@register.inclusion_tag("admin/includes/participation_queue.html")
def participation_queue() -> dict:
    """What citizens sent to consultations and the committee, waiting for a moderator."""
    return {
        "questions": Question.objects.awaiting_moderation().count(),
        "contributions": Contribution.objects.awaiting_moderation().count(),
    }
