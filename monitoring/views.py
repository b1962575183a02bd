from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bishkek_ogp.lib.downloads import file_attachment
from bishkek_ogp.lib.page_cache import is_personal, public_page
from commitments.models import Commitment
from commitments.selectors import plan_or_404

from .models import CommitmentAssessment, MonitoringReport, ReportJob, ReportSource
from .selectors import (
    file_groups,
    latest_assessments,
    report_contents,
    revisions,
    revisions_of,
    withdrawn_reports,
)
from .services import request_report


@public_page(params=["plan"])
def monitoring_index(request):
    """One plan's reports and assessments (?plan=<slug>; the current plan without it)."""
    plan = plan_or_404(request.GET.get("plan"))
    reports = list(MonitoringReport.objects.published().filter(plan=plan).select_related("plan"))
    report_revisions = revisions_of(MonitoringReport, [report.pk for report in reports])
    commitments = list(Commitment.objects.published().filter(plan=plan).with_milestones())
    assessments = latest_assessments()
    rows = []
    for commitment in commitments:
        assessment = assessments.get(commitment.pk)
        if assessment is not None:
            assessment.commitment = commitment  # compare with the prefetched figures
        rows.append((commitment, assessment))
    context = {
        "plan": plan,
        "reports": [(report, report_revisions[report.pk]) for report in reports],
        "withdrawn": withdrawn_reports(plan),
        "rows": rows,
    }
    return render(request, "monitoring/index.html", context)


@public_page
def report_detail(request, pk: int):
    """A published monitoring report: its findings, verdicts, checklist and the city's answers."""
    report = get_object_or_404(MonitoringReport.objects.published().select_related("plan"), pk=pk)
    files = ReportJob.objects.published().filter(monitoring_report=report)
    context = {"contents": report_contents(report), "report": report, "files": file_groups(files)}
    return render(request, "monitoring/report_detail.html", context)


def source_file(request, pk: int):
    """A file a published report relies on, as a download."""
    source = get_object_or_404(
        ReportSource.objects.filter(report__in=MonitoringReport.objects.published()).exclude(
            file=""
        ),
        pk=pk,
    )
    return file_attachment(source.file, source.title)


@public_page
def assessment_versions(request, pk: int):
    """A published assessment as it reads now and every version its revisions replaced."""
    assessment = get_object_or_404(
        CommitmentAssessment.objects.published().select_related("commitment", "report"), pk=pk
    )
    context = {"assessment": assessment, "revisions": revisions(assessment)}
    return render(request, "monitoring/assessment_versions.html", context)


# Kept briefly: a report a worker has just rendered appears without moving the content version.
@public_page(timeout=settings.BRIEF_PAGE_CACHE_SECONDS)
def report_list(request):
    jobs = ReportJob.objects.published().select_related("plan", "commitment", "monitoring_report")
    can_request = is_personal(request) and request.user.has_perm("monitoring.add_reportjob")
    context = {
        "groups": file_groups(jobs[:300]),
        "can_request": can_request,
        "commitments": Commitment.objects.published() if can_request else [],
        "reports": MonitoringReport.objects.published() if can_request else [],
    }
    return render(request, "monitoring/report_list.html", context)


def report_download(request, public_id):
    job = get_object_or_404(ReportJob.objects.published(), public_id=public_id)
    if not job.file:
        raise Http404
    response = file_attachment(job.file, PurePath(job.filename).stem)
    # A ready report never changes, but it is withdrawn with its subject: kept only briefly.
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return response


@require_POST
@login_required
@permission_required("monitoring.add_reportjob", raise_exception=True)
def report_request(request):
    # One choice names the kind and its subject: "plan", "commitment:<code>", "monitoring:<id>".
    kind, _sep, subject = request.POST.get("report", "").partition(":")
    try:
        job = request_report(
            kind=kind,
            subject=subject or None,
            language=request.POST.get("language") or get_language(),
            requested_by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:report-list")
    if job.status == ReportJob.Status.READY:
        # Nothing has changed since this file was rendered: it is the report as of now.
        messages.success(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("The PDF is ready and up to date."),
                job.get_absolute_url(),
                _("Download %(name)s") % {"name": job.filename},
            ),
        )
    else:
        messages.success(
            request, _("The PDF is being prepared; it appears in this list when it is ready.")
        )
    return redirect("monitoring:report-list")
