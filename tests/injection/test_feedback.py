"""Citizens' feedback: the web form, the tracking form, Open311 and the moderators' answers.

Inputs store a payload exactly or refuse it clearly; the tracking page, the public pages, Open311
JSON and XML and the statistics CSV show it only as text.
"""

import datetime
import time
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from django.utils.html import escape

from bishkek_ogp.lib.human_check import form_stamp
from bishkek_ogp.lib.repeats import token_digest
from feedback.models import District, Feedback, Service
from feedback.services import create_open311_key
from tests.admin_forms import admin_form_data
from tests.factories import FeedbackFactory, UserFactory

from .corpus import (
    CORPUS,
    IN_ADDRESSES,
    SHORT,
    admin_saved,
    assert_shown_as_text,
    assert_spreadsheet_safe,
    csv_rows,
    refusal,
    xml_text,
)

pytestmark = pytest.mark.django_db

OPEN311 = "/open311/v2"
TOKEN = "a-citizens-tracking-token"
TEXTS = ["description", "address", "public_answer", "rejection_reason"]  # free-text fields


def form_data(**changes) -> dict:
    """The web form as a person sends it, half a minute after opening it."""
    started = form_stamp(time.time() - 30)
    return {
        "service": Service.objects.get(code="roads").pk,
        "district": District.objects.get(slug="leninsky").pk,
        "rating": "2",
        "description": "A deep pothole outside school 61.",
        "address": "",
        "email": "",
        "website": "",
        "started": started,
        "idempotency_key": "b" * 32,
        **changes,
    }


def open311_post(client, secret: str, fmt: str = "json", **changes):
    data = {
        "api_key": secret,
        "service_code": "roads",
        "lat": "42.875",
        "long": "74.601",
        "address_string": "Chui Avenue 120",
        "description": "A deep pothole outside school 61.",
        "attribute[rating]": "2",
        "attribute[district]": "leninsky",
        **changes,
    }
    data = {name: value for name, value in data.items() if value is not None}
    return client.post(
        f"{OPEN311}/requests.{fmt}",
        urlencode(data),
        content_type="application/x-www-form-urlencoded",
    )


@pytest.fixture
def api_key(db) -> str:
    return create_open311_key(name="My City").secret


@pytest.fixture
def moderator(client):
    client.force_login(UserFactory(groups=["Feedback moderators"], is_staff=True))
    return client


def feedback_with(payload: str, **fields) -> Feedback:
    """Feedback with the payload in every free-text field, followed by the field's name so that a
    page can be checked for each field; its text approved unless told."""
    fields = {"moderation": Feedback.Moderation.APPROVED, **fields}
    texts = {name: f"{payload} {name}" for name in TEXTS}
    return FeedbackFactory(**texts, tracking_digest=token_digest(TOKEN), **fields)


def assert_fields_shown_as_text(page: str, payload: str, feedback: Feedback, *names: str) -> None:
    """The page shows each field named, and no field as markup."""
    assert_shown_as_text(page, payload)
    for name in names:
        assert escape(getattr(feedback, name)) in page, name


# --- The web form -------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "max_length"), [("description", 4000), ("address", 255)])
@pytest.mark.parametrize("payload", CORPUS)
def test_web_form_stores_text_exactly_or_refuses_it_clearly(client, field, max_length, payload):
    response = client.post("/en/feedback/", form_data(**{field: payload}), REMOTE_ADDR="192.0.2.1")
    refused = refusal(payload, max_length)
    if refused is None:
        assert response.status_code == 200
        assert getattr(Feedback.objects.get(), field) == payload
    else:
        assert response.status_code == 400
        page = response.content.decode()
        assert refused in page
        assert not Feedback.objects.exists()
        assert_shown_as_text(page, payload)  # the form comes back with the text, escaped


@pytest.mark.parametrize("payload", CORPUS)
def test_web_form_echoes_a_bad_rating_only_escaped(client, payload):
    response = client.post("/en/feedback/", form_data(rating=payload), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice." in page
    assert_shown_as_text(page, payload)
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("payload", CORPUS)
def test_tracking_page_form_echoes_a_bad_answer_only_escaped(client, payload):
    feedback = FeedbackFactory(
        status=Feedback.Status.RESOLVED,
        resolved_at=timezone.now() - datetime.timedelta(days=1),
        tracking_digest=token_digest(TOKEN),
    )
    response = client.post(
        f"/en/feedback/track/{TOKEN}/", {"resolved": payload, "answer_rating": payload}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice." in page
    assert_shown_as_text(page, payload)
    feedback.refresh_from_db()
    assert feedback.citizen_confirmed is None


# --- Open311 POST -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "stored_as", "max_length"),
    [
        ("description", "description", 4000),
        ("address_string", "address", 255),
        ("address_id", "address", 255),
    ],
)
@pytest.mark.parametrize("payload", CORPUS)
def test_open311_stores_text_exactly_or_refuses_it_clearly(
    client, api_key, field, stored_as, max_length, payload
):
    changes = {field: payload} | ({"address_string": None} if field == "address_id" else {})
    response = open311_post(client, api_key, **changes)
    refused = refusal(payload, max_length)
    if refused is None:
        assert response.status_code == 200, response.content
        assert getattr(Feedback.objects.get(), stored_as) == payload
    else:
        assert response.status_code == 400
        descriptions = [error["description"] for error in response.json()]
        assert any(refused in d for d in descriptions), descriptions
        assert not Feedback.objects.exists()


@pytest.mark.parametrize("payload", CORPUS)
def test_open311_refuses_a_payload_as_email(client, api_key, payload):
    response = open311_post(client, api_key, email=payload)
    assert response.status_code == 400
    assert any("email" in error["description"] for error in response.json())
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("payload", CORPUS)
def test_open311_refuses_a_payload_as_api_key(client, api_key, payload):
    response = open311_post(client, payload)
    assert response.status_code == 403
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("payload", CORPUS)
def test_open311_refuses_a_payload_as_jurisdiction(client, api_key, payload):
    response = open311_post(client, api_key, jurisdiction_id=payload)
    assert response.status_code == 404
    assert not Feedback.objects.exists()


# --- Moderators' answers ------------------------------------------------------------------------


@pytest.mark.parametrize("payload", CORPUS)
def test_moderators_answer_is_stored_exactly_or_refused_clearly(moderator, payload):
    feedback = FeedbackFactory()
    url = f"/admin/feedback/feedback/{feedback.pk}/change/"
    texts = {"public_answer": payload, "rejection_reason": payload}
    response = moderator.post(
        url, admin_form_data(moderator.get(url)) | texts | {"status": "rejected"}
    )
    feedback.refresh_from_db()
    stored = payload if admin_saved(response, payload) else ""
    assert feedback.public_answer == feedback.rejection_reason == stored


# --- Outputs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", SHORT)
def test_tracking_page_shows_the_citizens_text_and_the_answer_as_text(client, payload):
    feedback = feedback_with(payload, moderation=Feedback.Moderation.PENDING)
    page = client.get(f"/en/feedback/track/{TOKEN}/").content.decode()
    assert_fields_shown_as_text(page, payload, feedback, "description", "public_answer")


@pytest.mark.parametrize("payload", SHORT)
def test_public_request_page_shows_approved_text_as_text(client, payload):
    feedback = feedback_with(payload, status=Feedback.Status.REJECTED)
    response = client.get(feedback.get_absolute_url())
    assert response.status_code == 200
    assert_fields_shown_as_text(response.content.decode(), payload, feedback, *TEXTS)


@pytest.mark.parametrize("payload", SHORT)
def test_public_request_list_shows_approved_text_as_text(client, payload):
    feedback = feedback_with(payload)
    page = client.get("/en/feedback/requests/").content.decode()
    assert_fields_shown_as_text(page, payload, feedback, "description", "public_answer")


@pytest.mark.parametrize("payload", SHORT)
def test_open311_json_gives_the_text_back_as_strings(client, payload):
    feedback = feedback_with(payload)
    response = client.get(f"{OPEN311}/requests.json")
    assert response["Content-Type"].startswith("application/json")
    [row] = response.json()
    assert row["description"] == feedback.description
    assert row["address"] == feedback.address
    assert row["status_notes"] == feedback.public_answer


@pytest.mark.parametrize("payload", SHORT)
def test_open311_xml_is_well_formed_and_carries_the_text_as_text(client, payload):
    feedback = feedback_with(payload)
    response = client.get(f"{OPEN311}/requests.xml")
    root = ElementTree.fromstring(response.content)
    [request] = root.findall("request")
    assert request.findtext("description") == xml_text(feedback.description)
    assert request.findtext("address") == xml_text(feedback.address)
    assert request.findtext("status_notes") == xml_text(feedback.public_answer)


@pytest.mark.parametrize("fmt", ["json", "xml"])
# NUL never reaches Open311: any address holding it is refused first (test_search.py).
@pytest.mark.parametrize("payload", IN_ADDRESSES)
def test_open311_error_repeats_a_bad_filter_only_as_text(client, fmt, payload):
    response = client.get(f"{OPEN311}/requests.{fmt}", {"service_code": payload})
    assert response.status_code == 400
    if fmt == "json":
        [error] = response.json()
        description = error["description"]
    else:
        description = ElementTree.fromstring(response.content).findtext("error/description")
    for code in filter(None, payload.split(",")):  # a list of codes, comma separated
        assert (code if fmt == "json" else xml_text(code)) in description


@pytest.mark.parametrize("payload", SHORT)
def test_statistics_csv_neutralises_a_service_name(client, payload):
    Service.objects.create(code="injected", name=payload)
    [row] = [
        r for r in csv_rows(client.get("/en/feedback/stats.csv").content) if r["key"] == "injected"
    ]
    assert_spreadsheet_safe(row["label"], payload)


@pytest.mark.parametrize("payload", SHORT)
def test_statistics_page_shows_a_service_name_as_text(client, payload):
    service = Service.objects.create(code="injected", name=payload)
    # Enough ratings for the service's row to be shown (rows under 10 are only counted).
    FeedbackFactory.create_batch(10, service=service)
    html = client.get("/en/feedback/stats/").content.decode()
    assert html.count(f'<th scope="row">{escape(payload)}</th>') == 1
    assert_shown_as_text(html, payload)
