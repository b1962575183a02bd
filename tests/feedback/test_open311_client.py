"""Open311 GeoReport v2 over real HTTP, read by an independent client: the PyPI `georeport`.

The live server answers in its own thread, so these tests are transactional; the feedback
catalogue comes back after every flush (post_migrate), so the services exist in each test.
Requests without Accept-Language get Russian names: the tests compare codes and ids.
"""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
import requests
import xmltodict
from django.conf import settings
from georeport import GeoReport

from feedback.models import Feedback, Open311Key, Service
from feedback.services import create_open311_key
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db(transaction=True)

FORMATS = ["json", "xml"]
FORM = "application/x-www-form-urlencoded"

# What the spec's example POST sends that the city must not publish.
PERSONAL = {
    "email": "aibek.t222@example.org",
    "device_id": "tt222111",
    "account_id": "acct-123456",
    "first_name": "Aibek",
    "last_name": "Toktogulov",
    "phone": "+996555111111",
}


def listed(answer) -> list[dict]:
    """georeport hands back xmltodict's reading of XML: one request is a dict, not a list."""
    return answer if isinstance(answer, list) else [answer]


def root(live_server) -> str:
    return f"{live_server.url}/open311/v2"


def spec_example_body(api_key: str) -> str:
    """The spec's example POST with Bishkek's values; brackets unencoded, as the spec has them."""
    data = {
        "api_key": api_key,
        "jurisdiction_id": settings.OPEN311_JURISDICTION,
        "service_code": "roads",
        "lat": "42.87524078",
        "long": "74.60120430",
        "address_string": "120 Chui Avenue, Bishkek",
        **PERSONAL,
        "description": "A deep pothole in the right lane, outside school 61.",
        "media_url": "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
        "attribute[rating]": "2",
        "attribute[district]": "pervomaisky",
    }
    return urlencode(data, safe="[]")


def post_spec_example(live_server, api_key: str, fmt: str = "json") -> requests.Response:
    return requests.post(
        f"{root(live_server)}/requests.{fmt}",
        data=spec_example_body(api_key),
        headers={"Content-Type": FORM, "Accept-Language": "en"},
        timeout=10,
    )


@pytest.fixture
def api_key() -> str:
    return create_open311_key(name="My City").secret


@pytest.mark.parametrize("fmt", FORMATS)
def test_client_reads_the_service_list(live_server, fmt):
    services = GeoReport(root(live_server), output_format=fmt).get_service_list()
    active = set(Service.objects.filter(active=True).values_list("code", flat=True))
    assert {service["service_code"] for service in services} == active
    assert {str(service["metadata"]).lower() for service in services} == {"true"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_client_reads_a_service_definition(live_server, fmt):
    definition = GeoReport(root(live_server), output_format=fmt).get_service_definition("roads")
    assert definition["service_code"] == "roads"
    attributes = definition["attributes"]
    if fmt == "xml":
        attributes = attributes["attribute"]
        for attribute in attributes:
            attribute["values"] = attribute["values"]["value"]
    by_code = {attribute["code"]: attribute for attribute in attributes}
    assert set(by_code) == {"rating", "district"}
    assert [value["key"] for value in by_code["rating"]["values"]] == ["1", "2", "3", "4", "5"]
    assert len(by_code["district"]["values"]) == 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_client_lists_requests(live_server, fmt):
    stored = FeedbackFactory(service=Service.objects.get(code="heating"))
    found = listed(GeoReport(root(live_server), output_format=fmt).get_service_requests())
    assert [(r["service_request_id"], r["service_code"]) for r in found] == [
        (str(stored.public_id), "heating")
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_client_reads_one_request(live_server, fmt):
    stored = FeedbackFactory(status=Feedback.Status.RESOLVED)
    client = GeoReport(root(live_server), output_format=fmt)
    request = client.get_service_request(str(stored.public_id))
    assert request["service_request_id"] == str(stored.public_id)
    assert request["status"] == "closed"
    assert request["service_code"] == "roads"


@pytest.mark.parametrize("fmt", FORMATS)
def test_client_filters_requests_by_status(live_server, fmt):
    FeedbackFactory(status=Feedback.Status.RECEIVED)
    closed = FeedbackFactory(status=Feedback.Status.DUPLICATE)
    client = GeoReport(root(live_server), output_format=fmt)
    found = listed(client.get_service_requests(status="closed"))
    assert [r["service_request_id"] for r in found] == [str(closed.public_id)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_client_with_our_jurisdiction_is_served(live_server, fmt):
    stored = FeedbackFactory()
    client = GeoReport(
        root(live_server), jurisdiction=settings.OPEN311_JURISDICTION, output_format=fmt
    )
    assert client.get_service_request(str(stored.public_id))["service_code"] == "roads"


def test_client_with_another_jurisdiction_gets_404(live_server):
    client = GeoReport(root(live_server), jurisdiction="osh.kg")
    with pytest.raises(requests.HTTPError) as raised:
        client.get_service_list()
    assert raised.value.response.status_code == 404
    assert raised.value.response.json()[0]["code"] == "404"


def test_spec_example_post_is_accepted_and_answered(live_server, api_key):
    response = post_spec_example(live_server, api_key)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    (answer,) = response.json()
    stored = Feedback.objects.get()
    assert answer["service_request_id"] == str(stored.public_id)
    assert answer["token"]
    assert answer["service_notice"] == "The city answers within 14 days."
    assert stored.submitted_via == Open311Key.objects.get(name="My City")
    assert stored.district.slug == "pervomaisky"
    assert stored.rating == 2
    assert (stored.latitude, stored.longitude) == (Decimal("42.875241"), Decimal("74.601204"))


def test_spec_example_post_in_xml_is_answered_in_xml(live_server, api_key):
    response = post_spec_example(live_server, api_key, "xml")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    answer = xmltodict.parse(response.content)["service_requests"]["request"]
    assert answer["service_request_id"] == str(Feedback.objects.get().public_id)
    assert answer["token"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_posted_request_is_read_back_by_the_client(live_server, api_key, fmt):
    (answer,) = post_spec_example(live_server, api_key).json()
    request_id = answer["service_request_id"]
    client = GeoReport(root(live_server), output_format=fmt)
    one = client.get_service_request(request_id)
    assert (one["service_request_id"], one["status"], one["service_code"]) == (
        request_id,
        "open",
        "roads",
    )
    found = listed(client.get_service_requests(service_request_id=request_id))
    assert [(r["service_request_id"], r["status"]) for r in found] == [(request_id, "open")]
    assert request_id in [r["service_request_id"] for r in listed(client.get_service_requests())]


def test_posted_request_token_is_answered_over_http(live_server, api_key):
    (answer,) = post_spec_example(live_server, api_key).json()
    response = requests.get(f"{root(live_server)}/tokens/{answer['token']}.json", timeout=10)
    assert response.json() == [
        {"service_request_id": answer["service_request_id"], "token": answer["token"]}
    ]


@pytest.mark.parametrize("moderation", [Feedback.Moderation.PENDING, Feedback.Moderation.APPROVED])
def test_personal_fields_of_a_post_never_come_back(live_server, api_key, moderation):
    (answer,) = post_spec_example(live_server, api_key).json()
    Feedback.objects.update(moderation=moderation)
    request_id = answer["service_request_id"]
    urls = [
        f"{root(live_server)}/{path}.{fmt}"
        for fmt in FORMATS
        for path in ("requests", f"requests/{request_id}", f"tokens/{answer['token']}")
    ]
    for url in urls:
        body = requests.get(url, timeout=10).content.decode()
        assert request_id in body, url
        for name, value in PERSONAL.items():
            assert value not in body, (url, name)


def test_approved_spec_example_shows_its_text_to_the_client(live_server, api_key):
    (answer,) = post_spec_example(live_server, api_key).json()
    Feedback.objects.update(moderation=Feedback.Moderation.APPROVED)
    one = GeoReport(root(live_server)).get_service_request(answer["service_request_id"])
    assert one["description"] == "A deep pothole in the right lane, outside school 61."
    assert one["address"] == "120 Chui Avenue, Bishkek"
    assert (one["lat"], one["long"]) == ("42.875241", "74.601204")


def test_post_with_a_wrong_key_over_http_is_403_and_stores_nothing(live_server, api_key):
    response = post_spec_example(live_server, "not-the-key")
    assert response.status_code == 403
    assert response.json()[0]["code"] == "403"
    assert Feedback.objects.count() == 0
