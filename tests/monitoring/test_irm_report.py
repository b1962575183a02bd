"""The monitoring body's own report: a public page and an IRM-shaped PDF with every indicator and
its justification, the co-creation checklist, the recommendations with the city's responses, and
the sources."""

from pathlib import Path

import pypdfium2
import pytest

from monitoring.models import CoCreationCheck, MonitoringReport
from tests.factories import CommitmentAssessmentFactory, MonitoringReportFactory

from .reports import (
    CODES,
    DESIGN_FIELDS,
    KY,
    RESULTS_FIELDS,
    assess,
    build_results_report,
    justification,
    pdf_text,
    render,
)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = pytest.mark.django_db


@pytest.fixture
def results_report(plan):
    return build_results_report(plan)


def expected_parts(report: MonitoringReport, fields: list[str]) -> list[str]:
    parts = [
        "Aida Sydykova, Bakyt Ormonov",
        "Twelve interviews and a review of the city's documents.",
        "Publish the committee's minutes in full.",
        "Open the land register to the public.",
        "Partly accepted",
        "The register opens in two districts first.",
        "Open it city-wide by 2027.",
        "Minutes of the committee, 2025",
        "Land register extract",
    ]
    parts += [str(standard.label) for standard in CoCreationCheck.Standard]
    parts += [justification(code, field) for code in CODES for field in fields]
    return parts


def test_results_report_page_shows_every_part(client, results_report):
    page = " ".join(client.get(results_report.get_absolute_url()).content.decode().split())
    for part in expected_parts(results_report, RESULTS_FIELDS):
        assert part.replace("'", "&#x27;") in page or part in page, part
    assert "Jan. 1, 2025 – Dec. 31, 2025" in page
    for label in ("Completion", "Did it open government?", "Early results"):
        assert page.count(f"<dt>{label}</dt>") == 3


def test_results_report_pdf_has_every_part(results_report):
    text = pdf_text(results_report, "en")
    for part in expected_parts(results_report, RESULTS_FIELDS):
        assert part in text, part
    assert "Jan. 1, 2025 – Dec. 31, 2025" in text
    assert "https://example.org/land-register" in text  # a source's address, printed in full
    assert "Annex: status of the plan" in text
    for label in ("Completion", "Did it open government?", "Early results"):
        assert text.count(label) >= 3


def test_kyrgyz_pdf_keeps_the_letters_of_its_texts_intact(results_report):
    text = pdf_text(results_report, "ky")
    for code in CODES:
        assert KY.format(code=code, field="opened_government") in text
    assert "Кыргызча" in text  # the language, named on the cover


def test_design_review_shows_only_the_design_indicators(client, plan):
    report = MonitoringReportFactory(plan=plan, kind=MonitoringReport.Kind.DESIGN_REVIEW)
    assess(report, DESIGN_FIELDS, civic_participation=True, completion="")
    page = client.get(report.get_absolute_url()).content.decode()
    text = pdf_text(report, "en")
    for shown in (page, text):
        assert "Verifiability" in shown and "Potential for results" in shown
        assert "Did it open government?" not in shown and "Early results" not in shown
        assert justification("KGBSK0001", "relevance") in shown
    assert "<dt>Completion</dt>" not in page


def test_design_review_needs_no_completion_and_results_report_does(plan):
    design = MonitoringReportFactory(plan=plan, kind=MonitoringReport.Kind.DESIGN_REVIEW)
    assessment = CommitmentAssessmentFactory.build(
        report=design, commitment=plan.commitments.first(), completion=""
    )
    assessment.full_clean()
    assessment.report = MonitoringReportFactory(plan=plan, kind=MonitoringReport.Kind.RESULTS)
    with pytest.raises(
        Exception, match=r"Reports of this kind \(Results report\) judge this indicator"
    ):
        assessment.full_clean()


def test_a_draft_reports_page_is_not_public(client, plan):
    report = MonitoringReportFactory(plan=plan, status="draft", published_on=None)
    assert client.get(report.get_absolute_url()).status_code == 404


def test_monitoring_page_and_commitment_page_link_the_report(client, results_report):
    url = results_report.get_absolute_url()
    assert url in client.get("/en/monitoring/").content.decode()
    assert url in client.get("/en/commitments/KGBSK0001/").content.decode()


def test_atom_feed_lists_the_report_with_its_page(client, results_report):
    feed = client.get("/en/monitoring/feed/").content.decode()
    assert "Sample results report (test data)" in feed
    assert results_report.get_absolute_url() in feed


def test_api_gives_the_report_with_its_page_recommendations_and_sources(client, results_report):
    [row] = client.get("/api/v1/monitoring-reports/").json()["results"]
    assert row["kind"] == "results"
    assert row["page"].endswith(results_report.get_absolute_url())
    answered = [r for r in row["recommendations"] if r["response"]]
    assert [(r["commitment"], r["response"]) for r in answered] == [("KGBSK0002", "partly")]
    assert {s["address"] for s in row["sources"]} == {
        "https://example.org/minutes-2025",
        "https://example.org/land-register",
    }
    assert len(row["cocreation"]) == len(CoCreationCheck.Standard)


def test_report_pdf_opens_with_its_cover_and_contents(results_report):
    # Its first two pages, drawn, are the README's pictures of the PDF.
    pdf = pypdfium2.PdfDocument(render(results_report, "en"))
    cover, contents = pdf[0], pdf[1]
    assert "Aida Sydykova" in cover.get_textpage().get_text_range()
    assert "Contents" in contents.get_textpage().get_text_range()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate((cover, contents), start=1):
        image = page.render(scale=1.2).to_pil()
        image.save(SCREENSHOTS / f"monitoring-report-pdf-{number}.png", optimize=True)


def test_the_ended_plans_banner_links_its_results_report(client, results_report):
    page = client.get("/en/commitments/").content.decode()
    banner = page.split('class="plan-banner"')[1].split("</p>")[0]
    assert results_report.get_absolute_url() in banner
    assert "final assessment is awaited" not in banner
