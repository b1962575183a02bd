"""A monitoring report with every part filled in, for the tests of its page, its PDF and the
README's pictures of them."""

import datetime
import io

from pypdf import PdfReader

from monitoring.models import CoCreationCheck, MonitoringReport, ReportJob
from monitoring.pdf import render_report_pdf
from monitoring.selectors import data_fingerprint
from monitoring.services import prefill_cocreation
from tests.factories import CommitmentAssessmentFactory, MonitoringReportFactory

CODES = ["KGBSK0001", "KGBSK0002", "KGBSK0003"]
# Kyrgyz letters in every justification, to find them intact in the Kyrgyz PDF.
KY = "Бөлүктөрү аткарылды; шаардын маалыматы ачык, ң тамгасы менен ({code}, {field})."
RESULTS_FIELDS = ["completion", "opened_government", "early_results"]
DESIGN_FIELDS = ["verifiability", "relevance", "potential"]


def justification(code: str, field: str) -> str:
    return f"Because of the {field} evidence for {code}."


def assess(report: MonitoringReport, fields: list[str], **values):
    for code in CODES:
        texts = {}
        for field in fields:
            texts[f"{field}_justification_en"] = justification(code, field)
            texts[f"{field}_justification_ky"] = KY.format(code=code, field=field)
        CommitmentAssessmentFactory(
            report=report, commitment=report.plan.commitments.get(code=code), **values, **texts
        )


def build_results_report(plan) -> MonitoringReport:
    """A published results report on three commitments, with every part filled in."""
    report = MonitoringReportFactory(
        plan=plan,
        kind=MonitoringReport.Kind.RESULTS,
        title_en="Sample results report (test data)",
        authors="Aida Sydykova, Bakyt Ormonov",
        covers_from=datetime.date(2025, 1, 1),
        covers_until=datetime.date(2025, 12, 31),
        methodology_en="Twelve interviews and a review of the city's documents.",
        published_on=datetime.date(2026, 2, 20),
    )
    assess(
        report,
        RESULTS_FIELDS,
        completion="substantial",
        opened_government="marginal",
        early_results="moderate",
        verifiability="",
        potential_for_results="",
    )
    report.recommendations.create(order=1, text_en="Publish the committee's minutes in full.")
    answered = report.recommendations.create(
        order=2,
        commitment=plan.commitments.get(code="KGBSK0002"),
        text_en="Open the land register to the public.",
        response="partly",
        response_reason_en="The register opens in two districts first.",
        planned_action_en="Open it city-wide by 2027.",
        responded_on=datetime.date(2026, 3, 1),
    )
    report.sources.create(
        title="Minutes of the committee, 2025",
        url="https://example.org/minutes-2025",
        accessed_on=datetime.date(2026, 1, 15),
    )
    report.sources.create(
        title="Land register extract",
        url="https://example.org/land-register",
        commitment=answered.commitment,
    )
    prefill_cocreation(report=report)
    report.cocreation_checks.update(rating=CoCreationCheck.Rating.PARTLY)
    return report


def render(report: MonitoringReport, language: str) -> bytes:
    job = ReportJob.objects.create(
        kind=ReportJob.Kind.MONITORING,
        plan=report.plan,
        monitoring_report=report,
        language=language,
        data_fingerprint=data_fingerprint(),
    )
    return render_report_pdf(job)


def pdf_text(report: MonitoringReport, language: str) -> str:
    reader = PdfReader(io.BytesIO(render(report, language)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
