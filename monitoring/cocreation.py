"""What the portal's own records say about a plan's co-creation: the monitoring body's starting
point for its checklist, to confirm or correct."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from commitments.models import ActionPlan, CommitteeMember, Meeting
from participation.models import Consultation, Contribution, Question

from .models import CoCreationCheck


def portal_records(plan: ActionPlan) -> dict[str, str]:
    """What the portal's own records say about each co-creation standard, in the current
    language: the monitor's starting point, to confirm or correct."""
    today = timezone.localdate()
    seats = Counter(
        member.side for member in CommitteeMember.objects.filter(plan=plan) if member.is_active()
    )
    meetings = list(Meeting.objects.published().filter(plan=plan, held_on__lte=today))
    with_minutes = sum(1 for meeting in meetings if meeting.minutes or meeting.source_url)
    Side = CommitteeMember.Side
    input_ = public_input(plan)
    records = {
        CoCreationCheck.Standard.FORUM_PARITY: _(
            "The portal lists %(government)d active committee members from the Mayor's Office "
            "and %(civil)d from civil society."
        )
        % {"government": seats[Side.MAYORS_OFFICE], "civil": seats[Side.CIVIL_SOCIETY]},
        CoCreationCheck.Standard.MEETINGS: _(
            "The portal records %(held)d meetings held; %(minutes)d of them have minutes or a "
            "public record."
        )
        % {"held": len(meetings), "minutes": with_minutes},
        CoCreationCheck.Standard.PUBLIC_INPUT: " ".join(
            [
                _(
                    "The plan reports %(meetings)s public co-creation meetings and %(groups)s "
                    "working groups."
                )
                % {
                    "meetings": _count_or_unknown(plan.cocreation_public_meetings),
                    "groups": _count_or_unknown(plan.cocreation_groups),
                },
                _(
                    "The portal records %(consultations)d consultations on the plan, with "
                    "%(sent)d published contributions, and %(questions)d published questions to "
                    "the committee."
                )
                % {
                    "consultations": input_.consultations,
                    "sent": input_.contributions,
                    "questions": input_.questions,
                },
            ]
        ),
        CoCreationCheck.Standard.REASONED_RESPONSE: _(
            "%(answered)d of %(sent)d published contributions have a response with its reason; "
            "%(answered_questions)d of %(questions)d published questions are answered."
        )
        % {
            "answered": input_.answered,
            "sent": input_.contributions,
            "answered_questions": input_.answered_questions,
            "questions": input_.questions,
        },
        CoCreationCheck.Standard.PLAN_PUBLISHED: (
            _("The plan is published on the portal and at its official source: %(url)s")
            % {"url": plan.source_url}
            if plan.published and plan.source_url
            else _("The plan is published on the portal.")
            if plan.published
            else _("The plan is not published on the portal.")
        ),
    }
    note = _("(Pre-filled from the portal's records, %(date)s)") % {
        "date": date_format(today, "DATE_FORMAT")
    }
    return {standard: f"{text} {note}" for standard, text in records.items()}


@dataclass(frozen=True)
class PublicInput:
    consultations: int
    contributions: int
    answered: int
    questions: int
    answered_questions: int


def public_input(plan: ActionPlan) -> PublicInput:
    """What the public sent on a plan through the portal, and how much of it was answered."""
    contributions = Contribution.objects.published().filter(consultation__plan=plan)
    questions = Question.objects.published().filter(commitment__plan=plan)
    return PublicInput(
        Consultation.objects.published().filter(plan=plan).count(),
        contributions.count(),
        contributions.exclude(response="").count(),
        questions.count(),
        questions.exclude(answer="").count(),
    )


def _count_or_unknown(value: int | None) -> str:
    return str(value) if value is not None else str(_("an unknown number of"))
