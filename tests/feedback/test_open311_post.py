"""Open311 GeoReport v2: creating requests with a POST, as a city app does, in JSON and XML."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from bishkek_ogp.lib.repeats import token_digest
from feedback.models import Feedback, Open311Key, Service
from feedback.services import create_open311_key
from tests.feedback.open311 import (
    API,
    FORM,
    FORMATS,
    assert_error,
    form,
    listed_ids,
    post,
    request_rows,
)

pytestmark = pytest.mark.django_db


# --- POST requests --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_creates_feedback_from_the_open311_fields(client, api_key, fmt):
    response = post(client, form(api_key), fmt)
    assert response.status_code == 200
    stored = Feedback.objects.get()
    assert stored.source == Feedback.Source.OPEN311
    assert stored.submitted_via == Open311Key.objects.get(name="My City")
    assert stored.service.code == "roads"
    assert stored.rating == 2
    assert stored.district.slug == "leninsky"
    assert stored.address == "Chui Avenue 120"
    assert stored.email == "citizen@example.org"
    assert stored.description == "A deep pothole outside school 61."
    assert stored.status == Feedback.Status.RECEIVED
    assert stored.moderation == Feedback.Moderation.PENDING


def test_post_rounds_coordinates_to_six_decimals(client, api_key):
    post(client, form(api_key))
    stored = Feedback.objects.get()
    assert stored.latitude == Decimal("42.875241")
    assert stored.longitude == Decimal("74.601204")


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_answers_with_the_request_id_token_and_notice(client, api_key, fmt):
    rows = request_rows(post(client, form(api_key), fmt), fmt)
    stored = Feedback.objects.get()
    assert len(rows) == 1
    assert rows[0]["service_request_id"] == str(stored.public_id)
    assert token_digest(rows[0]["token"]) == stored.tracking_digest
    assert rows[0]["service_notice"] == "The city answers within 14 days."


def test_post_answer_id_and_token_are_json_strings(client, api_key):
    (answer,) = post(client, form(api_key)).json()
    assert isinstance(answer["service_request_id"], str)
    assert isinstance(answer["token"], str)


def test_post_records_when_the_key_was_last_used(client, api_key):
    assert Open311Key.objects.get(name="My City").last_used_at is None
    before = timezone.now()
    post(client, form(api_key))
    assert Open311Key.objects.get(name="My City").last_used_at >= before


@pytest.mark.parametrize("fmt", FORMATS)
def test_returned_token_finds_the_request(client, api_key, fmt):
    (answer,) = request_rows(post(client, form(api_key), fmt), fmt)
    response = client.get(f"{API}/tokens/{answer['token']}.{fmt}")
    assert response.status_code == 200
    assert request_rows(response, fmt) == [
        {"service_request_id": answer["service_request_id"], "token": answer["token"]}
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_token_is_404_error_list(client, fmt):
    assert_error(client.get(f"{API}/tokens/not-a-real-token.{fmt}"), fmt, 404)


def test_posted_request_is_listed_by_its_id(client, api_key):
    (answer,) = post(client, form(api_key)).json()
    assert listed_ids(client.get(f"{API}/requests.json"), "json") == [answer["service_request_id"]]


@pytest.mark.parametrize(
    "location",
    [
        {"address_string": None},
        {"lat": None, "long": None},
        {"lat": None, "long": None, "address_string": None, "address_id": "KG-0101-120"},
    ],
    ids=["lat-long-only", "address-string-only", "address-id-only"],
)
def test_any_one_kind_of_location_is_enough(client, api_key, location):
    assert post(client, form(api_key, **location)).status_code == 200
    assert Feedback.objects.count() == 1


def test_address_id_is_kept_as_the_address_when_no_address_string(client, api_key):
    post(client, form(api_key, address_string=None, address_id="KG-0101-120"))
    assert Feedback.objects.get().address == "KG-0101-120"


def test_description_of_4000_characters_is_accepted(client, api_key):
    assert post(client, form(api_key, description="x" * 4000)).status_code == 200
    assert len(Feedback.objects.get().description) == 4000


def test_post_without_description_is_accepted(client, api_key):
    assert post(client, form(api_key, description=None)).status_code == 200
    assert Feedback.objects.get().description == ""


@pytest.mark.parametrize("jurisdiction", ["", settings.OPEN311_JURISDICTION])
def test_empty_or_own_jurisdiction_id_is_accepted(client, api_key, jurisdiction):
    assert post(client, form(api_key, jurisdiction_id=jurisdiction)).status_code == 200
    assert Feedback.objects.count() == 1


def test_post_needs_no_csrf_token(api_key):
    strict = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    assert post(strict, form(api_key)).status_code == 200
    assert Feedback.objects.count() == 1


def test_fields_the_city_does_not_need_are_not_stored(client, api_key):
    extra = {
        "first_name": "Aibek",
        "last_name": "Toktogulov",
        "phone": "+996555123456",
        "device_id": "device-7f3a9c",
        "account_id": "account-42",
        "media_url": "https://media.example.org/pothole.jpg",
    }
    post(client, form(api_key, **extra))
    stored = Feedback.objects.values().get()
    columns = " ".join(str(value) for value in stored.values())
    for value in extra.values():
        assert value not in columns


def test_post_to_an_inactive_service_is_400_and_stores_nothing(client, api_key):
    Service.objects.filter(code="roads").update(active=False)
    assert_error(post(client, form(api_key)), "json", 400, "service_code")
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"api_key": None}, 403, "api_key"),
        ({"api_key": ""}, 403, "api_key"),
        ({"api_key": "not-the-key"}, 403, "api_key"),
        ({"service_code": "teleportation"}, 400, "service_code"),
        ({"service_code": None}, 400, "service_code"),
        ({"attribute[rating]": "0"}, 400, "attribute[rating]"),
        ({"attribute[rating]": "6"}, 400, "attribute[rating]"),
        ({"attribute[rating]": "2.5"}, 400, "attribute[rating]"),
        ({"attribute[rating]": None}, 400, "attribute[rating]"),
        ({"attribute[district]": "manhattan"}, 400, "attribute[district]"),
        ({"attribute[district]": None}, 400, "attribute[district]"),
        ({"lat": None, "long": None, "address_string": None}, 400, "location"),
        ({"long": None, "address_string": None}, 400, "location"),
        ({"lat": "91"}, 400, "lat"),
        ({"long": "east"}, 400, "long"),
        ({"description": "x" * 4001}, 400, "description"),
        ({"email": "not-an-email"}, 400, "email"),
        ({"jurisdiction_id": "osh.kg"}, 404, "jurisdiction_id"),
    ],
    ids=[
        "missing-key",
        "empty-key",
        "wrong-key",
        "unknown-service",
        "no-service",
        "rating-0",
        "rating-6",
        "rating-not-whole",
        "no-rating",
        "unknown-district",
        "no-district",
        "no-location",
        "lat-without-long",
        "lat-out-of-range",
        "long-not-a-number",
        "description-4001",
        "bad-email",
        "other-jurisdiction",
    ],
)
def test_bad_post_is_refused_clearly_and_stores_nothing(
    client, api_key, changes, status, field, fmt
):
    response = post(client, form(api_key, **changes), fmt)
    assert_error(response, fmt, status, field)
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_with_inactive_key_is_403_and_stores_nothing(client, api_key, fmt):
    Open311Key.objects.filter(name="My City").update(active=False)
    assert_error(post(client, form(api_key), fmt), fmt, 403, "api_key")
    assert Feedback.objects.count() == 0


def test_post_without_key_does_not_mark_any_key_used(client, api_key):
    post(client, form("not-the-key"))
    assert Open311Key.objects.get(name="My City").last_used_at is None


def test_refused_post_lists_every_problem(client, api_key):
    data = form(api_key, **{"attribute[rating]": "9", "attribute[district]": "manhattan"})
    descriptions = [error["description"] for error in post(client, data).json()]
    assert any(d.startswith("attribute[rating]") for d in descriptions)
    assert any(d.startswith("attribute[district]") for d in descriptions)


def test_put_on_requests_is_405(client):
    response = client.put(f"{API}/requests.json", urlencode({}), content_type=FORM)
    assert response.status_code == 405


# --- each key's hourly allowance ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_key_past_its_hourly_limit_is_refused_with_429_and_nothing_stored(client, fmt):
    secret = create_open311_key(name="Busy app", hourly_limit=2).secret
    for n in range(2):
        assert post(client, form(secret, description=f"Pothole {n}"), fmt).status_code == 200
    assert_error(post(client, form(secret), fmt), fmt, 429, "2 requests for this hour")
    assert Feedback.objects.count() == 2


def test_one_keys_limit_leaves_other_keys_their_own(client, api_key):
    secret = create_open311_key(name="Busy app", hourly_limit=1).secret
    post(client, form(secret))
    assert post(client, form(secret)).status_code == 429
    assert post(client, form(api_key)).status_code == 200


def test_the_limit_is_counted_again_the_next_hour(client):
    secret = create_open311_key(name="Busy app", hourly_limit=1).secret
    post(client, form(secret))
    cache.clear()  # what an hour does to the count: it expires
    assert post(client, form(secret)).status_code == 200


def test_the_refusal_is_in_the_clients_language(client):
    secret = create_open311_key(name="Busy app", hourly_limit=1).secret
    post(client, form(secret))
    refused = client.post(
        f"{API}/requests.json",
        urlencode(form(secret)),
        content_type=FORM,
        headers={"accept-language": "ru"},
    )
    assert refused.status_code == 429
    assert "за этот час уже отправлен 1 запрос" in refused.json()[0]["description"]


def test_a_key_made_in_the_admin_keeps_the_limit_given(admin_client):
    admin_client.post(
        "/admin/feedback/open311key/add/", {"name": "Partner", "active": "on", "hourly_limit": "50"}
    )
    assert Open311Key.objects.get(name="Partner").hourly_limit == 50


def test_the_refusal_says_when_to_try_again(client):
    secret = create_open311_key(name="Busy app", hourly_limit=1).secret
    post(client, form(secret))
    refused = post(client, form(secret))
    assert 0 < int(refused["Retry-After"]) <= 3600


# --- a retried request ----------------------------------------------------------------------------


def test_a_request_retried_after_a_lost_answer_is_stored_once_and_answered_alike(client, api_key):
    first = post(client, form(api_key)).json()[0]
    again = post(client, form(api_key)).json()[0]
    assert again == first
    assert Feedback.objects.count() == 1


def test_the_same_content_from_another_key_is_another_request(client, api_key):
    other = create_open311_key(name="Another app").secret
    first = post(client, form(api_key)).json()[0]
    second = post(client, form(other)).json()[0]
    assert second["service_request_id"] != first["service_request_id"]
    assert second["token"] != first["token"]
