"""Reads for monitoring pages and reports."""

from __future__ import annotations

import hashlib

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
