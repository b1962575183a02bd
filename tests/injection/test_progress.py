"""Progress updates and their evidence: through the API, the admin and the service.

Inputs store a payload exactly or refuse it clearly; the public pages, the Atom feeds, the open
data (CSV and JSON), the API, the admin's spreadsheet export and the followers' emails show it
only as text.
"""

import datetime
import io

import openpyxl
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from commitments.emails import send_deadline_reminders
from commitments.models import Evidence, ProgressUpdate, Subscription
from commitments.services import record_progress
from tests.admin_forms import admin_form_data
from tests.factories import MilestoneFactory, make_responsible

from .corpus import (
    CORPUS,
    SHORT,
    STORABLE,
    admin_saved,
    assert_shown_as_text,
    assert_spreadsheet_safe,
    csv_rows,
    feed_summaries,
    refusal,
    xml_text,
)

pytestmark = pytest.mark.django_db

SCRIPT_URLS = [
    pytest.param("javascript:alert(1)", id="javascript"),
    pytest.param("JaVaScRiPt:alert(1)", id="javascript-mixed-case"),
    pytest.param(" javascript:alert(1)", id="javascript-leading-space"),
    pytest.param("javascript://example.org/%0Aalert(1)", id="javascript-with-slashes"),
    pytest.param("data:text/html,<script>alert(1)</script>", id="data"),
    pytest.param("vbscript:msgbox(1)", id="vbscript"),
]
# Valid web addresses that carry markup in their path or query: stored, and escaped in href="".
MARKUP_URLS = [
    pytest.param('https://example.org/"><script>alert(1)</script>', id="double-quote"),
    pytest.param("https://example.org/?q='onmouseover='alert(1)'", id="single-quote"),
    pytest.param("https://example.org/<svg/onload=alert(1)>", id="svg"),
]


def record(milestone, note: str) -> ProgressUpdate:
    return record_progress(
        milestone=milestone, author=None, status="in_progress", progress=60, note=note
    )


def pages(update: ProgressUpdate) -> list[str]:
    """Every public page that lists a progress update."""
    return ["/en/", "/en/updates/", update.milestone.commitment.get_absolute_url()]


# --- Inputs -------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", CORPUS)
def test_api_records_the_note_exactly_or_refuses_it_clearly(committee_api, milestone, payload):
    body = {"status": "in_progress", "progress": 60, "note": payload}
    response = committee_api.post(
        f"/api/v1/milestones/{milestone.pk}/progress/", body, format="json"
    )
    assert response["Content-Type"] == "application/json"
    refused = refusal(payload, max_length=5000)
    if refused is None:
        assert response.status_code == 201, response.content
        assert response.json()["note"] == payload
        assert ProgressUpdate.objects.get().note == payload
    else:
        assert response.status_code == 400
        assert refused in " ".join(response.json()["note"])
        assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("payload", CORPUS)
def test_admin_records_the_note_exactly_or_refuses_it_clearly(committee_client, milestone, payload):
    url = reverse("admin:commitments_progressupdate_add")
    data = admin_form_data(committee_client.get(url)) | {
        "milestone": milestone.pk,
        "published_on": "2025-06-01",
        "status": "in_progress",
        "progress": "60",
        "published": "on",
        "note_en": payload,
    }
    if admin_saved(committee_client.post(url, data), payload):
        assert ProgressUpdate.objects.get().note_en == payload
    else:
        assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("payload", CORPUS)
def test_service_records_the_note_exactly_or_refuses_it(milestone, payload):
    if refusal(payload, max_length=None) is None:
        record(milestone, payload)
        assert ProgressUpdate.objects.get().note == payload
    else:
        with pytest.raises(ValidationError, match="Null characters are not allowed"):
            record(milestone, payload)
        assert not ProgressUpdate.objects.exists()


def post_evidence(client, update, **evidence):
    url = reverse("admin:commitments_progressupdate_change", args=[update.pk])
    data = admin_form_data(client.get(url))
    data |= {f"evidence-0-{name}": value for name, value in evidence.items()}
    return client.post(url, data)


@pytest.mark.parametrize("payload", CORPUS)
def test_admin_stores_the_evidence_title_exactly_or_refuses_it_clearly(
    committee_client, milestone, payload
):
    update = record(milestone, "Minutes published.")
    response = post_evidence(
        committee_client, update, title_en=payload, url="https://example.org/minutes"
    )
    if admin_saved(response, payload, max_length=255):
        assert update.evidence.get().title_en == payload
    else:
        assert not update.evidence.exists()


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_admin_refuses_a_script_address_as_evidence(committee_client, milestone, url):
    update = record(milestone, "Minutes published.")
    response = post_evidence(committee_client, update, title_en="Minutes", url=url)
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not update.evidence.exists()


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_model_refuses_a_script_address_as_evidence(milestone, url):
    evidence = Evidence(update=record(milestone, "Minutes."), title_en="Minutes", url=url)
    with pytest.raises(ValidationError, match="Enter a valid URL"):
        evidence.full_clean()


# --- Pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", STORABLE)
def test_public_pages_show_the_note_as_text(client, milestone, payload):
    update = record(milestone, payload)
    for url in pages(update):
        assert_shown_as_text(client.get(url).content.decode(), payload)


@pytest.mark.parametrize("payload", SHORT)
def test_public_pages_show_the_evidence_title_as_text(client, milestone, payload):
    update = record(milestone, "Minutes published.")
    Evidence.objects.create(update=update, title_en=payload, url="https://example.org/minutes")
    for url in pages(update)[1:]:  # the home page lists updates without their evidence
        assert_shown_as_text(client.get(url).content.decode(), payload)


@pytest.mark.parametrize("url", MARKUP_URLS)
def test_evidence_address_with_markup_is_kept_and_escaped_in_its_link(client, milestone, url):
    update = record(milestone, "Minutes published.")
    evidence = Evidence(update=update, title_en="Minutes", url=url)
    evidence.full_clean()
    evidence.save()
    page = client.get(update.milestone.commitment.get_absolute_url()).content.decode()
    assert_shown_as_text(page, url)


@pytest.mark.parametrize("payload", SHORT)
def test_public_pages_show_the_milestone_title_as_text(client, payload):
    update = record(MilestoneFactory(title_en=payload), "Work continues.")
    for url in pages(update):
        assert_shown_as_text(client.get(url).content.decode(), payload)


# --- Feeds --------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", STORABLE)
def test_feeds_are_well_formed_and_carry_the_note_as_escaped_html(client, milestone, payload):
    update = record(milestone, payload)
    commitment_feed = f"{update.milestone.commitment.get_absolute_url()}feed/"
    for url in ("/en/updates/feed/", commitment_feed):
        response = client.get(url)
        assert response.status_code == 200
        [summary] = feed_summaries(response.content)
        # A summary of type "html": what a feed reader renders must show the text, not run it.
        assert_shown_as_text(summary, xml_text(payload))


@pytest.mark.parametrize("payload", SHORT)
def test_feeds_carry_the_milestone_title_as_escaped_html(client, payload):
    record(MilestoneFactory(title_en=payload), "Work continues.")
    [summary] = feed_summaries(client.get("/en/updates/feed/").content)
    assert_shown_as_text(summary, xml_text(payload))


# --- Open data, API and the admin's export ------------------------------------------------------


@pytest.mark.parametrize("payload", STORABLE)
def test_updates_csv_neutralises_the_note(client, milestone, payload):
    record(milestone, payload)
    [row] = csv_rows(client.get("/en/data/updates.csv").content)
    assert_spreadsheet_safe(row["note"], payload)


@pytest.mark.parametrize("payload", SHORT)
def test_milestones_csv_neutralises_the_title(client, payload):
    MilestoneFactory(title_en=payload)
    [row] = csv_rows(client.get("/en/data/milestones.csv").content)
    assert_spreadsheet_safe(row["title"], payload)


@pytest.mark.parametrize(
    ("url", "listed_in"),
    [
        pytest.param("/en/data/updates.json", "updates", id="open-data"),
        pytest.param("/api/v1/updates/", "results", id="api"),
    ],
)
@pytest.mark.parametrize("payload", STORABLE)
def test_open_data_and_api_give_the_note_back_as_a_json_string(
    client, milestone, url, listed_in, payload
):
    record(milestone, payload)
    response = client.get(url)
    assert response["Content-Type"] == "application/json"
    assert response.json()[listed_in][0]["note"] == payload


@pytest.mark.parametrize("payload", SHORT)
def test_api_gives_the_evidence_title_back_as_a_json_string(client, milestone, payload):
    update = record(milestone, "Minutes published.")
    Evidence.objects.create(update=update, title_en=payload, url="https://example.org/minutes")
    response = client.get("/api/v1/evidence/")
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"][0]["title"] == payload


def export_milestones(client, file_format: str):
    """The admin's milestone export, every column, as its form is rendered."""
    url = reverse("admin:commitments_milestone_export")
    form = client.get(url).context["form"]
    choice = next(value for value, label in form.fields["format"].choices if label == file_format)
    data = {"resource": form.initial.get("resource", "0"), "format": choice}
    for name, field in form.fields.items():
        if getattr(field, "is_selectable_field", False) and field.initial:
            data[name] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("payload", SHORT)
def test_admin_csv_export_neutralises_the_milestone_title(committee_client, payload):
    MilestoneFactory(title_en=payload)
    [row] = csv_rows(export_milestones(committee_client, "csv"))
    # The same cells as the XLSX export, which cannot hold control characters.
    assert_spreadsheet_safe(row["title"], xml_text(payload))


@pytest.mark.parametrize("payload", SHORT)
def test_admin_xlsx_export_has_the_milestone_title_as_text_not_a_formula(committee_client, payload):
    MilestoneFactory(title_en=payload)
    sheet = openpyxl.load_workbook(io.BytesIO(export_milestones(committee_client, "xlsx"))).active
    headers = [cell.value for cell in sheet[1]]
    title = sheet.cell(row=2, column=headers.index("title") + 1)
    assert title.data_type == "s"
    assert_spreadsheet_safe(title.value, xml_text(payload))


# --- Followers' emails --------------------------------------------------------------------------


@pytest.fixture
def follower(milestone) -> Subscription:
    return Subscription.objects.create(
        email="resident@example.org",
        plan=milestone.commitment.plan,
        commitment=milestone.commitment,
        language="en",
        confirmed_at=timezone.now(),
    )


def emailed_update(milestone, note: str, capture) -> mail.EmailMultiAlternatives:
    with capture(execute=True):
        record(milestone, note)
    [message] = mail.outbox
    return message


@pytest.mark.parametrize("payload", STORABLE)
def test_follower_email_has_the_note_literally_in_text_and_escaped_in_html(
    follower, milestone, payload, django_capture_on_commit_callbacks
):
    message = emailed_update(milestone, payload, django_capture_on_commit_callbacks)
    assert payload in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert_shown_as_text(html, payload)


@pytest.mark.parametrize("payload", SHORT)
def test_follower_email_subject_has_the_milestone_title_literally(
    follower, milestone, payload, django_capture_on_commit_callbacks
):
    milestone.title_en = payload
    milestone.save()
    message = emailed_update(milestone, "Work continues.", django_capture_on_commit_callbacks)
    assert message.subject.endswith(payload)
    assert payload in message.body
    assert_shown_as_text(message.alternatives[0][0], payload)


@pytest.mark.parametrize("payload", SHORT)
def test_deadline_reminder_has_the_milestone_title_literally_in_text_and_escaped_in_html(
    committee_user, payload
):
    milestone = MilestoneFactory(title_en=payload)
    make_responsible(committee_user, milestone.commitment)
    send_deadline_reminders(milestone.ends_on - datetime.timedelta(days=7))
    [message] = mail.outbox
    assert payload in message.body
    assert_shown_as_text(message.alternatives[0][0], payload)
