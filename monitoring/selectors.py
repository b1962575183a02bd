"""Reads for monitoring pages and reports."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from itertools import pairwise

from django.db.models import Count, Max

from commitments.models import (
    ActionPlan,
    Commitment,
    Evidence,
    Meeting,
    Milestone,
    ProgressUpdate,
)

from .models import CommitmentAssessment, MonitoringReport

# Bump when the PDF template changes, so unchanged data still gets a fresh render.
REPORT_LAYOUT_VERSION = 1


def data_fingerprint() -> str:
    """A digest that changes whenever anything a report shows changes.

    History tables only grow, so their highest ids (with row counts, which catch deletions) move on
    every write; evidence has no history, so its highest id and count stand in for it.
    """
    parts = [REPORT_LAYOUT_VERSION]
    for model in (Commitment, Milestone, ProgressUpdate, MonitoringReport, CommitmentAssessment):
        parts.append(
            tuple(model.history.aggregate(Max("history_id"), Count("history_id")).values())
        )
    for model in (Evidence, Meeting):
        parts.append(tuple(model.objects.aggregate(Max("pk"), Count("pk")).values()))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _newest_first():
    return (
        CommitmentAssessment.objects.published()
        .select_related("report")
        .order_by("commitment_id", "-report__published_on", "-report_id")
    )


def latest_assessment(commitment: Commitment) -> CommitmentAssessment | None:
    """The most recent published assessment of one commitment (one row, however many reports)."""
    return _newest_first().filter(commitment=commitment).first()


def latest_assessments() -> dict[int, CommitmentAssessment]:
    """The most recent published assessment of each commitment, by commitment id."""
    assessments = _newest_first()
    latest: dict[int, CommitmentAssessment] = {}
    for assessment in assessments:
        latest.setdefault(assessment.commitment_id, assessment)
    return latest


def latest_verdict(plan: ActionPlan) -> MonitoringReport | None:
    """The monitoring body's most recent published report on a plan, for its home page."""
    return MonitoringReport.objects.published().filter(plan=plan).first()


def final_verdict(plan: ActionPlan) -> MonitoringReport | None:
    """The monitoring body's published end-of-term report on a plan, if it is out."""
    final = MonitoringReport.objects.published().filter(plan=plan)
    return final.filter(period=MonitoringReport.Period.FINAL).first()


@dataclass(frozen=True)
class Revision:
    """A change to a published statement: when, why, and the version it replaced."""

    revised_at: datetime.datetime
    reason: str
    earlier: object  # the historical record of the version before the revision


def revisions(statement: CommitmentAssessment | MonitoringReport) -> list[Revision]:
    """The revisions of a report or an assessment (changes made with a reason), newest first."""
    return revisions_of(type(statement), [statement.pk])[statement.pk]


def revisions_of(model, ids: list[int]) -> dict[int, list[Revision]]:
    """The revisions of several reports or assessments, by id, in one query."""
    found: dict[int, list[Revision]] = {pk: [] for pk in ids}
    for pk, history in _histories(model, ids).items():
        found[pk] = [
            Revision(after.history_date, after.history_change_reason, before)
            for before, after in pairwise(history)
            if after.history_change_reason
        ][::-1]
    return found


def withdrawn_reports(plan: ActionPlan) -> list[Revision]:
    """Reports of a plan once published and since withdrawn, with when and why (the version
    shown is the last one published)."""
    unpublished = MonitoringReport.objects.filter(plan=plan).exclude(
        status=MonitoringReport.Status.PUBLISHED
    )
    notices = []
    for history in _histories(MonitoringReport, unpublished.values("pk")).values():
        shown = [r for r in history if r.status == MonitoringReport.Status.PUBLISHED]
        if shown:
            last = history[-1]
            notices.append(Revision(last.history_date, last.history_change_reason or "", shown[-1]))
    return notices


def _histories(model, ids) -> dict[int, list]:
    """The historical records of several rows, oldest first, by row id, in one query."""
    records = model.history.filter(id__in=ids).order_by("id", "history_date", "history_id")
    by_id: dict[int, list] = {}
    for record in records:
        by_id.setdefault(record.id, []).append(record)
    return by_id
