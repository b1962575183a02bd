"""What the Open311 tests share: the spec's formats, a city app's POST, readers of answers."""

import datetime
from urllib.parse import urlencode
from xml.etree import ElementTree

from django.utils import timezone

from feedback.models import Feedback
from tests.factories import FeedbackFactory

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
