"""The monitoring body's texts: assessments through the API and the admin, and the PDF reports.

Inputs store a payload exactly or refuse it clearly; the commitment page, the monitoring page, the
API and the PDF reports (which also print progress notes) show it only as text.
"""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from commitments.services import record_progress
from monitoring.models import CommitmentAssessment, ReportJob
from monitoring.pdf import render_report_pdf
from monitoring.selectors import data_fingerprint
from tests.admin_forms import admin_form_data
from tests.factories import (
    CommitmentAssessmentFactory,
    CommitmentFactory,
    MonitoringReportFactory,
    UserFactory,
)

from .corpus import (
    CORPUS,
    STORABLE,
    admin_saved,
    assert_shown_as_text,
    flat,
    payload_named,
    payloads,
    refusal,
)

pytestmark = pytest.mark.django_db

TEXTS = ["narrative", "completion_justification", "evidence"]


@pytest.fixture
def monitor_client(client):
    client.force_login(UserFactory(groups=["Monitors"], is_staff=True))
    return client


def assessed(payload: str, **report) -> CommitmentAssessment:
    """A published assessment (of a published report) with the payload in its texts."""
    return CommitmentAssessmentFactory(
        narrative_en=payload, completion_justification_en=payload, evidence=payload, **report
    )


# --- Inputs -------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", CORPUS)
def test_api_stores_assessment_texts_exactly_or_refuses_them_clearly(monitor_api, payload):
    report = MonitoringReportFactory(status="draft", published_on=None)
    body = {
        "report": report.pk,
        "commitment": CommitmentFactory(plan=report.plan).code,
        "verifiability": "verifiable",
        "potential_for_results": "modest",
        "completion": "limited",
        **dict.fromkeys(TEXTS, payload),
    }
    response = monitor_api.post("/api/v1/assessments/", body, format="json")
    assert response["Content-Type"] == "application/json"
    refused = refusal(payload, max_length=None)
    if refused is None:
        assert response.status_code == 201, response.content
        assessment = CommitmentAssessment.objects.get()
        assert [getattr(assessment, name) for name in TEXTS] == [payload] * 3
        assert [response.json()[name] for name in TEXTS] == [payload] * 3
    else:
        assert response.status_code == 400
        assert all(refused in " ".join(response.json()[name]) for name in TEXTS)
        assert not CommitmentAssessment.objects.exists()


@pytest.mark.parametrize("payload", CORPUS)
def test_admin_stores_assessment_texts_exactly_or_refuses_them_clearly(monitor_client, payload):
    texts = {
        "narrative_en": "Started late.",
        "completion_justification_en": "Minutes are public.",
        "evidence": "Minutes of the hearing.",
    }
    assessment = CommitmentAssessmentFactory(**texts)
    url = reverse("admin:monitoring_commitmentassessment_change", args=[assessment.pk])
    changes = dict.fromkeys(texts, payload)
    revision = {"revision_reason": "Texts checked."}  # the report is published: a revision
    response = monitor_client.post(
        url, admin_form_data(monitor_client.get(url)) | changes | revision
    )
    assessment.refresh_from_db()
    expected = changes if admin_saved(response, payload) else texts
    assert {name: getattr(assessment, name) for name in texts} == expected


# --- Pages and API ------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", STORABLE)
def test_commitment_page_shows_the_assessment_as_text(client, payload):
    assessment = assessed(payload)
    page = client.get(assessment.commitment.get_absolute_url()).content.decode()
    assert_shown_as_text(page, payload)


@pytest.mark.parametrize("payload", STORABLE)
def test_home_and_monitoring_pages_show_the_report_summary_as_text(client, payload):
    report = MonitoringReportFactory(summary_en=payload)
    CommitmentFactory(plan=report.plan)
    for url in ("/en/", "/en/monitoring/"):
        assert_shown_as_text(client.get(url).content.decode(), payload)


@pytest.mark.parametrize("payload", STORABLE)
def test_api_gives_the_assessment_texts_back_as_json_strings(client, payload):
    assessed(payload)
    response = client.get("/api/v1/assessments/")
    assert response["Content-Type"] == "application/json"
    [row] = response.json()["results"]
    assert [row[name] for name in TEXTS] == [payload] * 3


# --- PDF reports --------------------------------------------------------------------------------


def pdf_text(job: ReportJob) -> str:
    reader = PdfReader(io.BytesIO(render_report_pdf(job)))
    return "\n".join(page.extract_text() for page in reader.pages)


def monitoring_report_pdf(payload: str) -> str:
    """The text of a monitoring report's PDF with `payload` in seven places: its summary,
    methodology and findings, a recommendation, and an assessment's narrative, justification
    and notes on evidence."""
    report = MonitoringReportFactory(
        summary_en=payload, methodology_en=payload, findings_en=payload
    )
    report.recommendations.create(text_en=payload)
    assessed(payload, report=report, commitment__plan=report.plan)
    return pdf_text(
        ReportJob.objects.create(
            kind=ReportJob.Kind.MONITORING,
            plan=report.plan,
            monitoring_report=report,
            language="en",
            data_fingerprint=data_fingerprint(),
        )
    )


def plan_pdf_with_note(note: str) -> str:
    """The text of the whole plan's PDF, which prints a progress note `note`."""
    commitment = CommitmentFactory()
    day = datetime.date(2025, 7, 1)
    milestone = commitment.milestones.create(
        order=1, title_en="Hearings", starts_on=day, ends_on=day
    )
    record_progress(milestone=milestone, author=None, status="in_progress", progress=60, note=note)
    return pdf_text(
        ReportJob.objects.create(
            kind=ReportJob.Kind.PLAN,
            plan=commitment.plan,
            language="en",
            data_fingerprint=data_fingerprint(),
        )
    )


# Printed as they are; the others are below, each with what a reader sees of it.
PRINTED = payloads("nul-byte", "100-kb", "right-to-left-override", "control-characters")


@pytest.mark.parametrize("payload", PRINTED)
def test_pdf_prints_every_free_text_literally(payload):
    # Printed as these characters, the text was escaped in the report's HTML: as markup it would
    # have vanished into elements (or been fetched, for <img>).
    text = monitoring_report_pdf(payload)
    assert flat(text).count(flat(payload)) == 7


def test_pdf_prints_a_right_to_left_override_as_reversed_text():
    text = monitoring_report_pdf(payload_named("right-to-left-override"))
    # Reversed, as every reader shows it, in its seven places; the rest of the report as written.
    assert flat(text).count("exe.png") == 7
    assert "Recommendations and the city's responses" in text


def test_pdf_prints_the_text_around_control_characters():
    # Left in, they garbled the text layer of the whole document, headings included.
    text = monitoring_report_pdf(payload_named("control-characters"))
    assert "\x00" not in text
    assert flat(text).count("bellescape[2J") == 7


def test_pdf_prints_a_100_kb_note_whole():
    note = payload_named("100-kb")
    text = plan_pdf_with_note(note)
    # Page numbers interrupt it: every word is counted, and the markup is printed as characters.
    assert text.count("ipsum") == note.count("ipsum")
    assert "<b>ipsum</b>" in text
