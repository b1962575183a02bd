"""Open311 GeoReport v2: discovery, services, posting and reading requests, in JSON and XML.

The facts checked here are those of the spec (../shared/reference/open311-georeport-v2.md):
array answers, ids and codes as strings, `{code, description}` errors, form-encoded POSTs with an
api_key, the 90-day / 1000-request window, and nothing private in any answer.
"""

import datetime
import io
from decimal import Decimal
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from feedback.models import District, Feedback, Open311Key, Service, token_digest
from feedback.services import create_open311_key
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db

API = "/open311/v2"
FORMATS = ["json", "xml"]
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
FORM = "application/x-www-form-urlencoded"
DISTRICTS = ["leninsky", "oktyabrsky", "pervomaisky", "sverdlovsky"]
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


# --- helpers --------------------------------------------------------------------------------------


def as_text(value) -> str:
    """A JSON value as the XML answer writes it: null is empty, booleans are true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def items(response, fmt: str, root: str, item: str) -> list[dict[str, str]]:
    """A list answer as rows of text; in XML the root holds one `item` element per row."""
    if fmt == "json":
        data = response.json()
        assert isinstance(data, list)
        return [{key: as_text(value) for key, value in row.items()} for row in data]
    tree = ElementTree.fromstring(response.content)
    assert tree.tag == root
    assert all(child.tag == item for child in tree)
    return [{field.tag: field.text or "" for field in child} for child in tree]


def request_rows(response, fmt: str) -> list[dict[str, str]]:
    return items(response, fmt, "service_requests", "request")


def listed_ids(response, fmt: str) -> list[str]:
    assert response.status_code == 200
    return [row["service_request_id"] for row in request_rows(response, fmt)]


def assert_error(response, fmt: str, status: int, text: str = "") -> None:
    """The spec's error answer: a non-empty list of {code, description}, code the HTTP status."""
    assert response.status_code == status
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    errors = items(response, fmt, "errors", "error")
    assert errors
    assert all(error["code"] == str(status) and error["description"] for error in errors)
    if fmt == "json":
        assert all(isinstance(error["code"], str) for error in response.json())
    if text:
        assert any(text in error["description"] for error in errors), errors


def form(secret: str, /, **changes) -> dict[str, str]:
    """A POST like a city app sends it, with the key `secret`; a change to None leaves it out."""
    data = {
        "api_key": secret,
        "service_code": "roads",
        "lat": "42.87524078",
        "long": "74.60120430",
        "address_string": "Chui Avenue 120",
        "email": "citizen@example.org",
        "description": "A deep pothole outside school 61.",
        "attribute[rating]": "2",
        "attribute[district]": "leninsky",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def post(client, data: dict, fmt: str = "json"):
    """Form-encoded, as the spec has it and real clients send it."""
    return client.post(f"{API}/requests.{fmt}", urlencode(data), content_type=FORM)


def feedback(days_old: float = 0, **kwargs) -> Feedback:
    """A stored request, created `days_old` days ago."""
    created = FeedbackFactory(**kwargs)
    if days_old:
        moment = timezone.now() - datetime.timedelta(days=days_old)
        Feedback.objects.filter(pk=created.pk).update(created_at=moment)
        created.refresh_from_db()
    return created


def w3c(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def days_ago(days: float) -> str:
    return w3c(timezone.now() - datetime.timedelta(days=days))


@pytest.fixture
def api_key() -> str:
    """The secret of an active key issued to 'My City'."""
    return create_open311_key(name="My City")[1]


# --- discovery ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_lists_the_v2_endpoint_with_both_formats(client, fmt):
    response = client.get(f"{API}/discovery.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        endpoint = response.json()["endpoints"][0]
        url, formats = endpoint["url"], endpoint["formats"]
        specification = endpoint["specification"]
    else:
        tree = ElementTree.fromstring(response.content)
        assert tree.tag == "discovery"
        url = tree.findtext("endpoints/endpoint/url")
        formats = [f.text for f in tree.findall("endpoints/endpoint/formats/format")]
        specification = tree.findtext("endpoints/endpoint/specification")
    assert url.endswith("/open311/v2")
    assert set(formats) == {"text/xml", "application/json"}
    assert specification == "http://wiki.open311.org/GeoReport_v2"


def test_discovery_url_is_where_the_other_endpoints_answer(client):
    url = client.get(f"{API}/discovery.json").json()["endpoints"][0]["url"]
    assert client.get(f"{url}/services.json").status_code == 200


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "path", ["discovery", "services", "services/roads", "requests", "services/no-such-service"]
)
def test_answers_carry_the_spec_content_type(client, path, fmt):
    response = client.get(f"{API}/{path}.{fmt}")
    assert response["Content-Type"] == CONTENT_TYPES[fmt]


def test_xml_answers_are_utf8_with_a_declaration(client):
    body = client.get(f"{API}/services.xml").content
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")


def test_unsupported_format_suffix_is_404(client):
    assert client.get(f"{API}/services.csv").status_code == 404


# --- services -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_list_has_every_active_service_with_metadata(client, fmt):
    response = client.get(f"{API}/services.{fmt}")
    assert response.status_code == 200
    rows = items(response, fmt, "services", "service")
    active = set(Service.objects.filter(active=True).values_list("code", flat=True))
    assert len(active) >= 8
    assert {row["service_code"] for row in rows} == active
    assert len(rows) == len(active)
    assert all(row["metadata"] == "true" and row["type"] == "realtime" for row in rows)


def test_service_list_codes_are_json_strings_and_metadata_a_boolean(client):
    for row in client.get(f"{API}/services.json").json():
        assert isinstance(row["service_code"], str)
        assert row["metadata"] is True


@pytest.mark.parametrize("fmt", FORMATS)
def test_inactive_service_is_not_listed(client, fmt):
    Service.objects.filter(code="heating").update(active=False)
    rows = items(client.get(f"{API}/services.{fmt}"), fmt, "services", "service")
    codes = {row["service_code"] for row in rows}
    assert "heating" not in codes
    assert "roads" in codes


def service_names(client) -> dict[str, str]:
    return {
        row["service_code"]: row["service_name"]
        for row in client.get(f"{API}/services.json").json()
    }


@pytest.mark.parametrize(
    ("language", "name"), [("en", "Roads"), ("ru", "Дороги"), ("ky", "Жолдор")]
)
def test_service_names_follow_accept_language(language, name):
    client = Client(headers={"accept-language": language})
    assert service_names(client)["roads"] == name


def definition_attributes(response, fmt: str) -> tuple[str, dict[str, dict]]:
    """The service code and its attributes by code: required (text) and the value keys."""
    if fmt == "json":
        data = response.json()
        return data["service_code"], {
            attribute["code"]: {
                "required": as_text(attribute["required"]),
                "datatype": attribute["datatype"],
                "keys": [value["key"] for value in attribute["values"]],
            }
            for attribute in data["attributes"]
        }
    tree = ElementTree.fromstring(response.content)
    assert tree.tag == "service_definition"
    return tree.findtext("service_code"), {
        attribute.findtext("code"): {
            "required": attribute.findtext("required"),
            "datatype": attribute.findtext("datatype"),
            "keys": [value.findtext("key") for value in attribute.findall("values/value")],
        }
        for attribute in tree.findall("attributes/attribute")
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition_asks_for_a_rating_from_1_to_5_and_a_district(client, fmt):
    response = client.get(f"{API}/services/roads.{fmt}")
    assert response.status_code == 200
    code, attributes = definition_attributes(response, fmt)
    assert code == "roads"
    assert set(attributes) == {"rating", "district"}
    assert attributes["rating"] == {
        "required": "true",
        "datatype": "singlevaluelist",
        "keys": ["1", "2", "3", "4", "5"],
    }
    assert attributes["district"]["required"] == "true"
    assert attributes["district"]["datatype"] == "singlevaluelist"
    assert sorted(attributes["district"]["keys"]) == DISTRICTS


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_service_definition_is_404_error_list(client, fmt):
    response = client.get(f"{API}/services/teleportation.{fmt}")
    assert_error(response, fmt, 404, "teleportation")


def test_inactive_service_has_no_definition(client):
    Service.objects.filter(code="heating").update(active=False)
    assert_error(client.get(f"{API}/services/heating.json"), "json", 404)


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


# --- GET requests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_listed_request_has_every_spec_field(client, fmt):
    feedback()
    (row,) = request_rows(client.get(f"{API}/requests.{fmt}"), fmt)
    assert set(row) == REQUEST_FIELDS


def test_listed_ids_and_codes_are_json_strings(client):
    feedback()
    (row,) = client.get(f"{API}/requests.json").json()
    assert isinstance(row["service_request_id"], str)
    assert isinstance(row["service_code"], str)


@pytest.mark.parametrize("fmt", FORMATS)
def test_listed_request_identifies_its_service(client, fmt):
    stored = feedback(service=Service.objects.get(code="heating"))
    (row,) = request_rows(client.get(f"{API}/requests.{fmt}"), fmt)
    assert row["service_request_id"] == str(stored.public_id)
    assert row["service_code"] == "heating"
    assert row["service_name"] == "Heating"


def test_request_dates_are_w3c_with_a_zone(client):
    feedback()
    (row,) = client.get(f"{API}/requests.json").json()
    for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
        moment = datetime.datetime.fromisoformat(row[name])
        assert moment.tzinfo is not None, name


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (Feedback.Status.RECEIVED, "open"),
        (Feedback.Status.IN_REVIEW, "open"),
        (Feedback.Status.IN_PROGRESS, "open"),
        (Feedback.Status.RESOLVED, "closed"),
        (Feedback.Status.REJECTED, "closed"),
        (Feedback.Status.DUPLICATE, "closed"),
    ],
)
def test_status_is_open_or_closed_as_the_spec_has_it(client, status, shown, fmt):
    feedback(status=status)
    (row,) = request_rows(client.get(f"{API}/requests.{fmt}"), fmt)
    assert row["status"] == shown


def test_closed_request_has_no_expected_datetime(client):
    feedback(status=Feedback.Status.RESOLVED)
    (row,) = client.get(f"{API}/requests.json").json()
    assert row["expected_datetime"] is None


def test_rejection_reason_is_part_of_the_status_notes(client):
    feedback(
        status=Feedback.Status.REJECTED,
        public_answer="Not a municipal matter.",
        rejection_reason="The road belongs to the republic.",
    )
    (row,) = client.get(f"{API}/requests.json").json()
    assert row["status_notes"] == "Not a municipal matter.\nThe road belongs to the republic."


@pytest.fixture
def open_and_closed() -> dict[str, str]:
    """One open and one closed request, their ids by status."""
    return {
        "open": str(feedback(status=Feedback.Status.IN_PROGRESS).public_id),
        "closed": str(feedback(status=Feedback.Status.RESOLVED).public_id),
    }


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", {"open"}),
        ("closed", {"closed"}),
        ("open,closed", {"open", "closed"}),
        ("closed,open", {"open", "closed"}),
    ],
)
def test_status_filter(client, open_and_closed, status, expected, fmt):
    response = client.get(f"{API}/requests.{fmt}", {"status": status})
    assert set(listed_ids(response, fmt)) == {open_and_closed[name] for name in expected}


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_status_filter_is_400(client, fmt):
    assert_error(client.get(f"{API}/requests.{fmt}", {"status": "pending"}), fmt, 400, "status")


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_code_filter_takes_a_comma_list(client, fmt):
    roads = feedback(service=Service.objects.get(code="roads"))
    heating = feedback(service=Service.objects.get(code="heating"))
    feedback(service=Service.objects.get(code="waste-collection"))
    response = client.get(f"{API}/requests.{fmt}", {"service_code": "roads,heating"})
    assert set(listed_ids(response, fmt)) == {str(roads.public_id), str(heating.public_id)}


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_service_code_filter_is_400(client, fmt):
    response = client.get(f"{API}/requests.{fmt}", {"service_code": "roads,teleportation"})
    assert_error(response, fmt, 400, "teleportation")


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_request_ids_override_the_other_filters(client, fmt):
    old = feedback(days_old=100, status=Feedback.Status.RESOLVED)
    recent = feedback(status=Feedback.Status.RESOLVED)
    feedback()  # not asked for
    ids = f"{old.public_id},{recent.public_id}"
    params = {
        "service_request_id": ids,
        "status": "open",
        "service_code": "heating",
        "start_date": days_ago(10),
        "end_date": days_ago(5),
    }
    response = client.get(f"{API}/requests.{fmt}", params)
    assert set(listed_ids(response, fmt)) == {str(old.public_id), str(recent.public_id)}


def test_service_request_ids_ignore_a_malformed_id(client):
    stored = feedback()
    response = client.get(f"{API}/requests.json", {"service_request_id": f"42,{stored.public_id}"})
    assert listed_ids(response, "json") == [str(stored.public_id)]


def test_service_request_ids_skip_invalid_other_filters(client):
    stored = feedback()
    params = {"service_request_id": str(stored.public_id), "start_date": "yesterday"}
    assert listed_ids(client.get(f"{API}/requests.json", params), "json") == [str(stored.public_id)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_default_list_covers_the_last_90_days(client, fmt):
    recent = feedback(days_old=85)
    feedback(days_old=100)
    assert listed_ids(client.get(f"{API}/requests.{fmt}"), fmt) == [str(recent.public_id)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_start_and_end_date_select_the_requests_between(client, fmt):
    feedback(days_old=2)
    inside = feedback(days_old=10)
    feedback(days_old=30)
    params = {"start_date": days_ago(20), "end_date": days_ago(5)}
    response = client.get(f"{API}/requests.{fmt}", params)
    assert listed_ids(response, fmt) == [str(inside.public_id)]


def test_start_date_alone_covers_the_90_days_after_it(client):
    feedback(days_old=150)
    inside = feedback(days_old=95)
    feedback(days_old=5)
    response = client.get(f"{API}/requests.json", {"start_date": days_ago(120)})
    assert listed_ids(response, "json") == [str(inside.public_id)]


def test_end_date_alone_covers_the_90_days_before_it(client):
    feedback(days_old=200)
    inside = feedback(days_old=100)
    feedback(days_old=5)
    response = client.get(f"{API}/requests.json", {"end_date": days_ago(95)})
    assert listed_ids(response, "json") == [str(inside.public_id)]


def test_dates_with_a_numeric_zone_are_understood(client):
    inside = feedback(days_old=10)
    feedback(days_old=30)
    zone = datetime.timezone(datetime.timedelta(hours=6))
    start = (timezone.now() - datetime.timedelta(days=20)).astimezone(zone)
    params = {"start_date": start.isoformat(timespec="seconds")}
    assert listed_ids(client.get(f"{API}/requests.json", params), "json") == [str(inside.public_id)]


def test_unencoded_plus_in_a_zone_offset_is_understood(client):
    """A client that forgets to encode '+' sends a space; the date still means the same."""
    inside = feedback(days_old=10)
    feedback(days_old=30)
    zone = datetime.timezone(datetime.timedelta(hours=6))
    start = (timezone.now() - datetime.timedelta(days=20)).astimezone(zone)
    response = client.get(f"{API}/requests.json?start_date={start.isoformat(timespec='seconds')}")
    assert listed_ids(response, "json") == [str(inside.public_id)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_span_over_90_days_is_400(client, fmt):
    params = {"start_date": days_ago(120), "end_date": days_ago(1)}
    assert_error(client.get(f"{API}/requests.{fmt}", params), fmt, 400, "90 days")


def test_span_of_exactly_90_days_is_accepted(client):
    params = {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-01T00:00:00Z"}
    assert client.get(f"{API}/requests.json", params).status_code == 200


def test_start_date_after_end_date_is_400(client):
    params = {"start_date": days_ago(1), "end_date": days_ago(10)}
    assert_error(client.get(f"{API}/requests.json", params), "json", 400, "start_date")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("start_date", "yesterday"),
        ("start_date", "2026-13-01T00:00:00Z"),
        ("end_date", "2026-01-31"),
        ("end_date", "2026-01-31T00:00:00"),
        ("start_date", "2026-01-31T00:00:00+25:00"),
        ("start_date", "9999-12-31T23:59:59Z"),
        ("end_date", "0001-01-01T00:00:00Z"),
        ("start_date", "0001-01-01T00:00:00+06:00"),
    ],
    ids=[
        "words",
        "month-13",
        "date-only",
        "no-zone",
        "offset-25-hours",
        "window-after-year-9999",
        "window-before-year-1",
        "before-year-1-in-utc",
    ],
)
def test_malformed_date_is_400(client, name, value, fmt):
    assert_error(client.get(f"{API}/requests.{fmt}", {name: value}), fmt, 400, name)


def test_list_holds_at_most_the_newest_1000_requests(client):
    roads = Service.objects.get(code="roads")
    district = District.objects.get(slug="leninsky")
    due = timezone.now() + datetime.timedelta(days=14)
    rows = [
        Feedback(
            service=roads,
            district=district,
            rating=3,
            tracking_digest=f"{n:064x}",
            answer_due_at=due,
        )
        for n in range(1001)
    ]
    Feedback.objects.bulk_create(rows)
    oldest = rows[0].public_id
    Feedback.objects.filter(public_id=oldest).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert Feedback.objects.count() == 1001
    ids = listed_ids(client.get(f"{API}/requests.json"), "json")
    assert len(ids) == 1000
    assert str(oldest) not in ids


@pytest.mark.parametrize("fmt", FORMATS)
def test_newest_request_comes_first(client, fmt):
    middle = feedback(days_old=2)
    newest = feedback(days_old=1)
    oldest = feedback(days_old=3)
    assert listed_ids(client.get(f"{API}/requests.{fmt}"), fmt) == [
        str(newest.public_id),
        str(middle.public_id),
        str(oldest.public_id),
    ]


# --- privacy and moderation -----------------------------------------------------------------------


def located(moderation: str) -> Feedback:
    return feedback(
        moderation=moderation,
        description="Broken street light at the bus stop.",
        address="Manas Avenue 40",
        latitude=Decimal("42.875241"),
        longitude=Decimal("74.601204"),
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_approved_request_shows_its_text_address_and_point(client, fmt):
    located(Feedback.Moderation.APPROVED)
    (row,) = request_rows(client.get(f"{API}/requests.{fmt}"), fmt)
    assert row["description"] == "Broken street light at the bus stop."
    assert row["address"] == "Manas Avenue 40"
    assert (row["lat"], row["long"]) == ("42.875241", "74.601204")


@pytest.mark.parametrize("fmt", FORMATS)
def test_pending_request_hides_its_text_address_and_point(client, fmt):
    located(Feedback.Moderation.PENDING)
    response = client.get(f"{API}/requests.{fmt}")
    (row,) = request_rows(response, fmt)
    assert (row["description"], row["address"], row["lat"], row["long"]) == ("", "", "", "")
    assert b"Broken street light" not in response.content
    assert b"Manas Avenue" not in response.content
    assert b"42.875241" not in response.content


def test_pending_request_point_is_json_null(client):
    located(Feedback.Moderation.PENDING)
    (row,) = client.get(f"{API}/requests.json").json()
    assert row["lat"] is None
    assert row["long"] is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_hidden_request_is_not_listed(client, fmt):
    shown = feedback()
    feedback(moderation=Feedback.Moderation.HIDDEN)
    assert listed_ids(client.get(f"{API}/requests.{fmt}"), fmt) == [str(shown.public_id)]


def test_hidden_request_is_not_listed_even_when_asked_by_id(client):
    hidden = feedback(moderation=Feedback.Moderation.HIDDEN)
    params = {"service_request_id": str(hidden.public_id)}
    assert listed_ids(client.get(f"{API}/requests.json", params), "json") == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_hidden_request_is_404(client, fmt):
    hidden = feedback(moderation=Feedback.Moderation.HIDDEN)
    assert_error(client.get(f"{API}/requests/{hidden.public_id}.{fmt}"), fmt, 404)


@pytest.mark.parametrize("fmt", FORMATS)
def test_hidden_request_token_is_404(client, api_key, fmt):
    (answer,) = post(client, form(api_key)).json()
    Feedback.objects.update(moderation=Feedback.Moderation.HIDDEN)
    assert_error(client.get(f"{API}/tokens/{answer['token']}.{fmt}"), fmt, 404)


@pytest.mark.parametrize("moderation", [Feedback.Moderation.APPROVED, Feedback.Moderation.PENDING])
@pytest.mark.parametrize("fmt", FORMATS)
def test_email_ip_and_tracking_digest_never_appear_in_an_answer(client, api_key, fmt, moderation):
    (answer,) = post(client, form(api_key, email="private.person@example.org")).json()
    Feedback.objects.update(moderation=moderation, submitter_ip="203.0.113.77")
    stored = Feedback.objects.get()
    bodies = {
        "list": client.get(f"{API}/requests.{fmt}").content,
        "one": client.get(f"{API}/requests/{stored.public_id}.{fmt}").content,
        "token": client.get(f"{API}/tokens/{answer['token']}.{fmt}").content,
    }
    assert str(stored.public_id).encode() in bodies["list"]
    for name, body in bodies.items():
        assert b"private.person" not in body, name
        assert b"203.0.113.77" not in body, name
        assert stored.tracking_digest.encode() not in body, name


# --- GET one request ------------------------------------------------------------------------------


def test_one_request_in_json_is_a_one_element_array(client):
    stored = feedback()
    data = client.get(f"{API}/requests/{stored.public_id}.json").json()
    assert isinstance(data, list)
    assert len(data) == 1
    assert data[0]["service_request_id"] == str(stored.public_id)


def test_one_request_in_xml_is_service_requests_request(client):
    stored = feedback()
    tree = ElementTree.fromstring(client.get(f"{API}/requests/{stored.public_id}.xml").content)
    assert tree.tag == "service_requests"
    assert [child.tag for child in tree] == ["request"]
    assert tree.findtext("request/service_request_id") == str(stored.public_id)


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request_has_the_same_fields_as_the_list(client, fmt):
    stored = feedback(status=Feedback.Status.IN_REVIEW)
    (one,) = request_rows(client.get(f"{API}/requests/{stored.public_id}.{fmt}"), fmt)
    (listed,) = request_rows(client.get(f"{API}/requests.{fmt}"), fmt)
    assert one == listed


def test_one_old_request_is_found_outside_the_90_days(client):
    old = feedback(days_old=400)
    assert client.get(f"{API}/requests/{old.public_id}.json").status_code == 200


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("request_id", ["1b4e28ba-2fa1-11d2-883f-0016d3cca427", "not-a-uuid", "42"])
def test_unknown_or_malformed_request_id_is_404_error_list(client, request_id, fmt):
    feedback()
    assert_error(client.get(f"{API}/requests/{request_id}.{fmt}"), fmt, 404)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "path", ["services", "services/roads", "requests", "tokens/abc", "requests/{id}"]
)
def test_other_jurisdiction_is_404_on_every_read(client, path, fmt):
    stored = feedback()
    url = f"{API}/{path.format(id=stored.public_id)}.{fmt}"
    assert_error(client.get(url, {"jurisdiction_id": "osh.kg"}), fmt, 404, "jurisdiction_id")


def test_own_jurisdiction_is_accepted_on_reads(client):
    feedback()
    params = {"jurisdiction_id": settings.OPEN311_JURISDICTION}
    assert len(listed_ids(client.get(f"{API}/requests.json", params), "json")) == 1


# --- the key command ------------------------------------------------------------------------------


def create_key(name: str) -> str:
    out = io.StringIO()
    call_command("create_open311_key", name, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_create_open311_key_prints_the_key_once_on_stdout():
    printed = create_key("My City")
    lines = printed.splitlines()
    assert len(lines) == 1
    assert len(lines[0]) >= 32
    assert Open311Key.objects.get().name == "My City"


def test_create_open311_key_stores_only_a_digest():
    secret = create_key("My City").strip()
    stored = Open311Key.objects.values().get()
    assert all(secret not in str(value) for value in stored.values())
    assert Open311Key.objects.matching(secret).name == "My City"


def test_created_key_authorises_a_post(client):
    secret = create_key("My City").strip()
    assert post(client, form(secret)).status_code == 200
    assert Feedback.objects.get().submitted_via.name == "My City"


def test_create_open311_key_refuses_a_duplicate_name():
    create_key("My City")
    with pytest.raises(CommandError):
        create_key("My City")
    assert Open311Key.objects.count() == 1


def test_two_keys_are_different():
    assert create_key("My City") != create_key("Partner app")
