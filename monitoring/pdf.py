"""Render a report job to PDF with WeasyPrint. Plain functions: testable without a broker."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcherResponse

from bishkek_ogp.lib.xml_text import xml_safe
from commitments.models import Commitment, ProgressUpdate
from commitments.selectors import demo_data_present
from commitments.timeline import milestone_timeline

from .models import MonitoringReport, ReportJob
from .selectors import latest_assessments, report_contents

# WeasyPrint sees the project's static files under this origin and nothing else.
ASSET_ORIGIN = "https://report-assets.invalid"


class AssetRefused(ValueError):
    """WeasyPrint skips a resource whose fetch raises this, and renders on without it."""


def static_only_fetcher(url: str, headers=None) -> URLFetcherResponse:
    """Serve /static/ files from the project; refuse file://, data from elsewhere, any network."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    prefix = settings.STATIC_URL
    if origin != ASSET_ORIGIN or not parts.path.startswith(prefix):
        raise AssetRefused(f"PDF reports may only load the project's static files, not {url!r}")
    relative = parts.path[len(prefix) :]
    if ".." in relative.split("/"):
        raise AssetRefused(f"PDF reports may not climb out of the static files: {url!r}")
    found = finders.find(relative)
    if not found:
        raise AssetRefused(f"No static file at {parts.path!r}")
    path = Path(found)
    mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type})


def report_context(job: ReportJob) -> dict:
    """What a report shows: the commitments in scope, their updates and latest assessments."""
    commitments = Commitment.objects.published().filter(plan=job.plan).with_milestones()
    if job.kind == ReportJob.Kind.COMMITMENT:
        commitments = commitments.filter(pk=job.commitment_id)
    commitments = list(commitments.prefetch_related("institution_roles__organization"))
    assessments = latest_assessments()
    for commitment in commitments:
        commitment.latest_assessment = assessments.get(commitment.pk)
        if commitment.latest_assessment is not None:
            commitment.latest_assessment.commitment = commitment
        commitment.timeline = milestone_timeline(commitment)
        commitment.recent_updates = list(
            ProgressUpdate.objects.published()
            .filter(milestone__commitment=commitment)
            .for_listing()[:10]
        )
    context = {
        "job": job,
        "plan": job.plan,
        "commitments": commitments,
        "generated_at": timezone.now(),
        "data_as_of": job.data_as_of or timezone.now(),
        # Found by the static finders, so rendering needs no collectstatic.
        "stylesheet_url": f"{ASSET_ORIGIN}{settings.STATIC_URL}css/pdf.css",
        "demo_data_present": demo_data_present(),
    }
    if job.kind == ReportJob.Kind.MONITORING:
        report = MonitoringReport.objects.select_related("plan__monitoring_body").get(
            pk=job.monitoring_report_id
        )
        context.update(report=report, contents=report_contents(report))
        by_id = {commitment.pk: commitment for commitment in commitments}
        for assessment in context["contents"].assessments:
            # The annex's figures and the chapter's are one reading.
            assessment.commitment = by_id.get(assessment.commitment_id, assessment.commitment)
    return context


TEMPLATES = {
    ReportJob.Kind.PLAN: "monitoring/pdf/report.html",
    ReportJob.Kind.COMMITMENT: "monitoring/pdf/report.html",
    # The monitoring body's own report, in the shape of the IRM's documents.
    ReportJob.Kind.MONITORING: "monitoring/pdf/irm_report.html",
}


def render_report_pdf(job: ReportJob) -> bytes:
    """The job's report as PDF bytes, in the job's language."""
    with translation.override(job.language):
        # Control characters (a bell, an escape) typed into a text have no glyph; left in, they
        # garble the text layer of the whole PDF for search, copying and screen readers.
        html = xml_safe(render_to_string(TEMPLATES[job.kind], report_context(job)))
        document = HTML(string=html, base_url=ASSET_ORIGIN + "/", url_fetcher=static_only_fetcher)
        return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
