"""Reads for monitoring pages and reports."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from itertools import pairwise

from django.db.models import Count, Max, Q, QuerySet

from commitments.models import (
    ActionPlan,
    Commitment,
    Evidence,
    Meeting,
    Milestone,
    ProgressUpdate,
)

from .models import (
    CoCreationCheck,
    CommitmentAssessment,
    MonitoringReport,
    Recommendation,
    ReportSource,
)

# Bump when the PDF template changes, so unchanged data still gets a fresh render.
REPORT_LAYOUT_VERSION = 2


def data_fingerprint() -> str:
    """A digest that changes whenever anything a report shows changes.

    History tables only grow, so their highest ids (with row counts, which catch deletions) move on
    every write; evidence has no history, so its highest id and count stand in for it.
    """
    parts = [REPORT_LAYOUT_VERSION]
    tracked = (Commitment, Milestone, ProgressUpdate, MonitoringReport, CommitmentAssessment)
    for model in (*tracked, Recommendation, CoCreationCheck, ReportSource):
        parts.append(
            tuple(model.history.aggregate(Max("history_id"), Count("history_id")).values())
        )
    for model in (Evidence, Meeting):
        parts.append(tuple(model.objects.aggregate(Max("pk"), Count("pk")).values()))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _newest_first():
    # A design review judges no completion: the latest verdict is the latest that does.
    return (
        CommitmentAssessment.objects.published()
        .exclude(completion="")
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
    return final.filter(kind=MonitoringReport.Kind.RESULTS).first()


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


@dataclass
class ReportContents:
    """Everything a monitoring report's page and its PDF show, read once."""

    report: MonitoringReport
    assessments: list[CommitmentAssessment]
    recommendations: list[Recommendation]
    checks: list[CoCreationCheck]
    sources: list[ReportSource]
    revisions: list[Revision]

    @property
    def general_recommendations(self) -> list[Recommendation]:
        return [r for r in self.recommendations if r.commitment_id is None]

    @property
    def general_sources(self) -> list[ReportSource]:
        return [s for s in self.sources if s.commitment_id is None]


def report_contents(report: MonitoringReport) -> ReportContents:
    """A report with its assessments (each with its recommendations and sources attached), its
    co-creation checklist and its revisions."""
    assessments = list(
        report.assessments.filter(commitment__in=Commitment.objects.published())
        .select_related("commitment")
        .order_by("commitment__code")
    )
    recommendations = list(
        report.recommendations.select_related("commitment", "follows_up__report")
    )
    sources = list(report.sources.all())
    for assessment in assessments:
        assessment.report = report
        assessment.recommendation_rows = [
            r for r in recommendations if r.commitment_id == assessment.commitment_id
        ]
        assessment.source_rows = [s for s in sources if s.commitment_id == assessment.commitment_id]
    checks = sorted(
        report.cocreation_checks.all(),
        key=lambda check: list(CoCreationCheck.Standard).index(check.standard),
    )
    return ReportContents(report, assessments, recommendations, checks, sources, revisions(report))


@dataclass
class FileGroup:
    """The PDFs of one subject: the newest file in each language, and the older versions."""

    job: object  # the newest, which names the subject
    newest: list
    older: list


def file_groups(jobs) -> list[FileGroup]:
    """Ready PDFs grouped by subject, the most recently rendered subject first."""
    groups: dict[tuple, FileGroup] = {}
    for job in sorted(jobs, key=lambda j: j.finished_at or j.created_at, reverse=True):
        key = (job.kind, job.plan_id, job.commitment_id, job.monitoring_report_id)
        group = groups.setdefault(key, FileGroup(job, [], []))
        languages = {shown.language for shown in group.newest}
        (group.older if job.language in languages else group.newest).append(job)
    return list(groups.values())


@dataclass
class ReportInProgress:
    report: MonitoringReport
    to_assess: list[Commitment]  # the plan's commitments the report has no assessment of yet


def reports_in_progress() -> list[ReportInProgress]:
    """The monitor's start page: draft reports, each with the assessments still to write."""
    drafts = (
        MonitoringReport.objects.filter(status=MonitoringReport.Status.DRAFT)
        .select_related("plan")
        .prefetch_related("plan__commitments", "assessments")
        .order_by("plan__starts_on", "kind")
    )
    work = []
    for report in drafts:
        assessed = {assessment.commitment_id for assessment in report.assessments.all()}
        commitments = sorted(report.plan.commitments.all(), key=lambda c: c.code)
        work.append(ReportInProgress(report, [c for c in commitments if c.pk not in assessed]))
    return work


def recommendations_to_answer(commitments) -> QuerySet[Recommendation]:
    """A published report's recommendations still without the city's response: on the
    `commitments` given, and those on the plan as a whole."""
    return (
        Recommendation.objects.filter(report__in=MonitoringReport.objects.published(), response="")
        .filter(Q(commitment__in=commitments) | Q(commitment__isnull=True))
        .select_related("commitment", "report")
        .order_by("report__published_on", "order")
    )
