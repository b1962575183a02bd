"""The REST API (/api/v1/, token authentication): its writes, and the rows it never serves."""

from __future__ import annotations

from bishkek_ogp.api_urls import router
from commitments.models import Milestone, ProgressUpdate
from monitoring.models import CommitmentAssessment
from participation.models import Contribution, Question

from .matrix import API, Request, Row, fill, page
from .world import COMMITTEE, MEMBER, MONITOR, NOBODY, OTHER, ROLES, SUPERUSER

V1 = "/api/v1"
MONITORS = frozenset({MONITOR, SUPERUSER})
NOT_FOUND = dict.fromkeys(ROLES, 404)
NOT_ALLOWED = dict.fromkeys(ROLES, 405)

PROGRESS = {"status": "in_progress", "progress": 70, "note": "Map published for comment."}
SCHEDULE = {"ends_on": "2025-09-30", "reason": "The survey took longer."}
ASSESSMENT = {
    "report": "{w.draft_report.pk}",
    "commitment": "{w.commitment_b.code}",
    "verifiability": "verifiable",
    "potential_for_results": "modest",
    "completion": "limited",
    "narrative": "Started late.",
}


def call(method: str, path: str, body: dict | None = None):
    return lambda actor, world: Request(method, fill(path, world), fill(body, world), api=True)


def milestone_action(which: str, allowed: str, action: str, body: dict, ok: int, done) -> Row:
    """A write on milestone A or B (`done(world, milestone)` says it was made)."""
    name = f"milestone_{which.lower()}"
    return Row(
        f"api:milestone-{which}:{action}",
        frozenset({allowed, SUPERUSER}),
        call("post", V1 + f"/milestones/{{w.{name}.pk}}/{action}/", body),
        API,
        ok=ok,
        done=lambda w: done(getattr(w, name)),
    )


def record_progress(which: str, allowed: str) -> Row:
    def recorded(milestone) -> bool:
        return ProgressUpdate.objects.filter(milestone=milestone, progress=70).exists()

    return milestone_action(which, allowed, "progress", PROGRESS, 201, recorded)


def schedule(which: str, allowed: str) -> Row:
    def moved(milestone) -> bool:
        return Milestone.objects.filter(pk=milestone.pk, ends_on=SCHEDULE["ends_on"]).exists()

    return milestone_action(which, allowed, "schedule", SCHEDULE, 200, moved)


def assessment(**lookup) -> bool:
    return CommitmentAssessment.objects.filter(**lookup).exists()


def read_only_collections() -> list[Row]:
    """Every collection without a create: a POST is refused whoever sends it."""
    return [
        Row(
            f"api:{prefix}:create",
            NOBODY,
            call("post", f"{V1}/{prefix}/", {}),
            API,
            refused=NOT_ALLOWED,
        )
        for prefix, viewset, _basename in router.registry
        if not hasattr(viewset, "create")
    ]


ROWS = [
    record_progress("A", MEMBER),
    record_progress("B", OTHER),
    schedule("A", MEMBER),
    schedule("B", OTHER),
    Row(
        "api:draft-assessment:create",
        MONITORS,
        call("post", V1 + "/assessments/", ASSESSMENT),
        API,
        ok=201,
        done=lambda w: assessment(commitment=w.commitment_b),
    ),
    Row(
        "api:draft-assessment:change",
        MONITORS,
        call("patch", V1 + "/assessments/{w.assessment.pk}/", {"completion": "substantial"}),
        API,
        done=lambda w: assessment(pk=w.assessment.pk, completion="substantial"),
    ),
    Row(
        "api:draft-assessment:delete",
        NOBODY,
        call("delete", V1 + "/assessments/{w.assessment.pk}/"),
        API,
        done=lambda w: not assessment(pk=w.assessment.pk),
        refused=NOT_ALLOWED,
    ),
    # The answering body answers what citizens sent (a moderator does not).
    Row(
        "api:contribution:answer",
        COMMITTEE | {SUPERUSER},
        call(
            "post",
            V1 + "/contributions/{w.published_contribution.pk}/answer/",
            {"response": "accepted", "response_reason": "Taken up in the next plan."},
        ),
        API,
        ok=200,
        done=lambda w: Contribution.objects.filter(
            pk=w.published_contribution.pk, response="accepted"
        ).exists(),
    ),
    Row(
        "api:question:answer",
        frozenset({MEMBER, SUPERUSER}),  # the members responsible for the question's commitment
        call("post", V1 + "/questions/{w.published_question.pk}/answer/", {"answer": "In March."}),
        API,
        ok=200,
        done=lambda w: Question.objects.filter(
            pk=w.published_question.pk, answer="In March."
        ).exists(),
    ),
    *read_only_collections(),
    # Rows that are not public are in the API for nobody, the superuser included.
    page(
        "api:draft-assessment:read",
        NOBODY,
        V1 + "/assessments/{w.assessment.pk}/",
        API,
        refused=NOT_FOUND,
    ),
    page("api:draft-update:read", NOBODY, V1 + "/updates/{w.draft_a.pk}/", API, refused=NOT_FOUND),
    page(
        "api:unpublished-commitment:read",
        NOBODY,
        V1 + "/commitments/{w.unpublished.code}/",
        API,
        refused=NOT_FOUND,
    ),
    page(
        "api:draft-report:read",
        NOBODY,
        V1 + "/monitoring-reports/{w.draft_report.pk}/",
        API,
        refused=NOT_FOUND,
    ),
    page("api:queued-pdf:read", NOBODY, V1 + "/reports/{w.job.public_id}/", API, refused=NOT_FOUND),
]
