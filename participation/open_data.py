"""The participation datasets of the open data page: public rows only, and nothing personal (no
email address, no network address, no private link)."""

from django.utils.translation import gettext_lazy

from commitments.models import ActionPlan

from .models import Consultation, Contribution, Question


def consultation_rows(plan: ActionPlan):
    for c in Consultation.objects.published().filter(plan=plan).select_related("commitment"):
        yield {
            "id": c.pk,
            "title": c.title,
            "commitment": c.commitment.code if c.commitment else "",
            "opens_on": c.opens_on.isoformat(),
            "closes_on": c.closes_on.isoformat(),
            "answering_body": c.answering_body.name,
            "what_we_heard": c.summary,
            "url": c.get_absolute_url(),
        }


def contribution_rows(plan: ActionPlan):
    contributions = Contribution.objects.published().filter(consultation__plan=plan)
    for c in contributions.select_related("became_milestone__commitment", "became_commitment"):
        yield {
            "id": c.pk,
            "consultation": c.consultation_id,
            "kind": c.kind,
            "sent_on": c.created_at.date().isoformat(),
            "language": c.language,
            "text": c.text,
            "response": c.response,
            "response_reason": c.response_reason,
            "answered_on": c.responded_at.date().isoformat() if c.responded_at else "",
            "became": c.became_milestone.code
            if c.became_milestone
            else (c.became_commitment.code if c.became_commitment else ""),
        }


def question_rows(plan: ActionPlan):
    for q in (
        Question.objects.published().filter(commitment__plan=plan).select_related("commitment")
    ):
        yield {
            "id": q.pk,
            "commitment": q.commitment.code,
            "asked_on": q.created_at.date().isoformat(),
            "language": q.language,
            "question": q.text,
            "answer": q.answer,
            "answered_on": q.answered_at.date().isoformat() if q.answered_at else "",
            "answer_due_on": q.answer_due_on.isoformat(),
        }


DATASETS = [
    ("consultations", gettext_lazy("consultations"), consultation_rows),
    ("contributions", gettext_lazy("contributions to consultations"), contribution_rows),
    ("questions", gettext_lazy("questions to the committee"), question_rows),
]
