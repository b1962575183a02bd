"""Requesting PDF reports: one path for the button, the admin, the command and the beat job."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from commitments.models import ActionPlan, Commitment

from .cocreation import portal_records
from .models import (
    CoCreationCheck,
    CommitmentAssessment,
    MonitoringReport,
    Recommendation,
    ReportJob,
)
from .selectors import data_fingerprint
from .tasks import enqueue

ACTIVE = [ReportJob.Status.QUEUED, ReportJob.Status.RENDERING, ReportJob.Status.READY]


def _subject(kind: str, subject: str | int | None) -> dict:
    if kind == ReportJob.Kind.PLAN:
        plan = ActionPlan.objects.published().first()
        if plan is None:
            raise ValidationError(_("No action plan has been published yet."))
        return {"plan": plan}
    if kind == ReportJob.Kind.COMMITMENT:
        commitment = Commitment.objects.published().filter(code=subject).first()
        if commitment is None:
            raise ValidationError(
                _("There is no published commitment %(code)s.") % {"code": subject}
            )
        return {"plan": commitment.plan, "commitment": commitment}
    if kind == ReportJob.Kind.MONITORING:
        report = MonitoringReport.objects.published().filter(pk=_as_int(subject)).first()
        if report is None:
            raise ValidationError(
                _("There is no published monitoring report %(id)s.") % {"id": subject}
            )
        return {"plan": report.plan, "monitoring_report": report}
    raise ValidationError(_("Unknown kind of report: %(kind)s.") % {"kind": kind})


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def request_report(
    *,
    kind: str,
    subject: str | int | None = None,
    language: str,
    requested_by: AbstractBaseUser | None = None,
) -> ReportJob:
    """Create (or reuse) a report job and enqueue it once the transaction commits.

    When nothing has changed since a job of the same kind, subject and language was queued or
    rendered, that job is returned instead of rendering the same PDF again.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language: %(language)s.") % {"language": language})
    with transaction.atomic():
        target = _subject(kind, subject)
        fingerprint = data_fingerprint()
        existing = (
            ReportJob.objects.select_for_update()
            .filter(kind=kind, language=language, data_fingerprint=fingerprint, status__in=ACTIVE)
            .filter(**target)
            .first()
        )
        if existing is not None:
            return existing
        job = ReportJob.objects.create(
            kind=kind,
            language=language,
            requested_by=requested_by,
            data_fingerprint=fingerprint,
            data_as_of=timezone.now(),
            **target,
        )
        transaction.on_commit(lambda: enqueue(job))
    return job


@transaction.atomic
def save_draft_assessment(
    *, assessment: CommitmentAssessment | None = None, **fields: Any
) -> CommitmentAssessment:
    """Create an assessment in a draft report, or change `assessment`, setting `fields` (the
    model's field names). The API's write for monitors.

    A published report's assessments are public statements: they change only in the admin, where
    the monitor sees the whole report. Neither the report an assessment was in nor the one it
    moves to may be published.
    """
    was_in = assessment.report if assessment is not None else None
    assessment = assessment if assessment is not None else CommitmentAssessment()
    for name, value in fields.items():
        setattr(assessment, name, value)
    for report in (assessment.report, was_in):
        if report is not None and report.status != MonitoringReport.Status.DRAFT:
            raise ValidationError(
                {"report": _("Only assessments in a draft report can be written here.")}
            )
    assessment.full_clean()
    assessment.save()
    return assessment


REVISION_NEEDS_A_REASON = _lazy(
    "A published report is a public statement: say why it is revised. The earlier version stays "
    "readable, with your reason."
)


def published_before(report_id: int | None) -> bool:
    """Whether the stored report (as it was before this change) is published."""
    stored = MonitoringReport.objects.filter(pk=report_id).values_list("status", flat=True).first()
    return stored == MonitoringReport.Status.PUBLISHED


@transaction.atomic
def save_assessment(
    *, assessment: CommitmentAssessment, by: AbstractBaseUser | None, reason: str = ""
) -> CommitmentAssessment:
    """Save an assessment from the admin. In a published report (or moved out of one) the change
    is a revision: refused without a reason, kept with it in the history, where the earlier
    version stays readable and the public pages say "revised on <date>: <reason>"."""
    stored = CommitmentAssessment.objects.filter(pk=assessment.pk).values("report_id").first()
    touched = {assessment.report_id, stored["report_id"] if stored else None}
    return _revise(assessment, any(published_before(report) for report in touched), by, reason)


@transaction.atomic
def save_report(
    *, report: MonitoringReport, by: AbstractBaseUser | None, reason: str = ""
) -> MonitoringReport:
    """Save a monitoring report from the admin. Changing or unpublishing a published report is a
    revision: refused without a reason; unpublishing leaves a public notice with it."""
    return _revise(report, published_before(report.pk), by, reason)


def _revise(statement, published: bool, by: AbstractBaseUser | None, reason: str):
    if published and not reason.strip():
        raise ValidationError({"revision_reason": REVISION_NEEDS_A_REASON})
    statement.full_clean()
    statement._history_user = by
    statement._change_reason = reason.strip()
    statement.save()
    return statement


@transaction.atomic
def save_report_part(*, part, by: AbstractBaseUser | None, reason: str = ""):
    """Save a recommendation, a co-creation check or a source of a report (the report's inline
    rows). In a published report it is a revision, as for the assessments."""
    stored = type(part).objects.filter(pk=part.pk).values("report_id").first()
    touched = {part.report_id, stored["report_id"] if stored else None}
    return _revise(part, any(published_before(report) for report in touched), by, reason)


ANSWER_FIELDS = [
    "response",
    "response_reason",
    "planned_action",
    "implementation",
    "implementation_note",
]


@transaction.atomic
def answer_recommendation(
    *, recommendation: Recommendation, by: AbstractBaseUser | None
) -> Recommendation:
    """Record the city's response to a recommendation (and later its implementation), as set on
    `recommendation`. Only a published report's recommendations are answered, and the answer
    changes nothing of the monitor's words."""
    stored = Recommendation.objects.select_related("report").get(pk=recommendation.pk)
    if stored.report.status != MonitoringReport.Status.PUBLISHED:
        raise ValidationError(_("Only the recommendations of a published report are answered."))
    answer = {*_with_translations(ANSWER_FIELDS), "responded_on", "updated_at"}
    changed = [
        f.name
        for f in Recommendation._meta.concrete_fields
        if f.attname not in answer
        and getattr(stored, f.attname) != getattr(recommendation, f.attname)
    ]
    if changed:
        raise ValidationError(
            _("The city answers a recommendation; its words are the monitoring body's.")
        )
    if recommendation.response and not stored.response:
        recommendation.responded_on = timezone.localdate()
    if not recommendation.response:
        recommendation.responded_on = None
    recommendation.full_clean()
    recommendation._history_user = by
    recommendation.save()
    return recommendation


def _with_translations(fields: list[str]) -> list[str]:
    """The fields and their column in each language."""
    codes = [code for code, _name in settings.LANGUAGES]
    return [name for field in fields for name in (field, *(f"{field}_{c}" for c in codes))]


@transaction.atomic
def prefill_cocreation(*, report: MonitoringReport) -> list[CoCreationCheck]:
    """Add the co-creation standards the report's checklist lacks, their evidence pre-filled in
    each language from the portal's records and their rating left for the monitor to confirm."""
    present = set(report.cocreation_checks.values_list("standard", flat=True))
    missing = [s for s in CoCreationCheck.Standard if s not in present]
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = portal_records(report.plan)
    added = []
    for standard in missing:
        check = CoCreationCheck(report=report, standard=standard, original_language="en")
        for code in texts:
            setattr(check, f"evidence_{code}", texts[code][standard])
        # The sentences are the portal's own, translated with its interface by its editors.
        check.translated_by = {code: "editors" for code in texts if code != "en"}
        save_report_part(part=check, by=None, reason=str(PREFILLED))
        added.append(check)
    return added


PREFILLED = _lazy("Pre-filled from the portal's records")
