"""Open311 GeoReport v2: discovery, services, posting and reading requests, in JSON and XML.

The facts checked here are those of the spec (../shared/reference/open311-georeport-v2.md):
array answers, ids and codes as strings, `{code, description}` errors, form-encoded POSTs with an
api_key, the 90-day / 1000-request window, and nothing private in any answer.
"""

import io
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from feedback.models import Feedback, Open311Key, Service
from tests.feedback.open311 import (
    API,
    CONTENT_TYPES,
    DISTRICTS,
    FORMATS,
    as_text,
    assert_error,
    feedback,
    form,
    items,
    listed_ids,
    post,
    request_rows,
)

pytestmark = pytest.mark.django_db


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


def test_create_open311_key_sets_the_hourly_limit_given():
    call_command(
        "create_open311_key",
        "Busy app",
        "--hourly-limit",
        "40",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert Open311Key.objects.get().hourly_limit == 40


def test_create_open311_key_refuses_a_limit_of_zero():
    with pytest.raises(CommandError, match="1"):
        call_command("create_open311_key", "Busy app", "--hourly-limit", "0", stdout=io.StringIO())
    assert not Open311Key.objects.exists()


# --- errors outside the views answer in the spec's format too ------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_address_is_the_specs_error_list(client, fmt):
    assert_error(client.get(f"{API}/no-such-thing.{fmt}"), fmt, 404, "nothing at this address")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_method_an_address_does_not_answer_is_the_specs_error_list(client, fmt):
    response = client.delete(f"{API}/services.{fmt}")
    assert_error(response, fmt, 405, "GET, HEAD only")
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_address_holding_nul_is_the_specs_error_list(client, fmt):
    assert_error(client.get(f"{API}/requests.{fmt}?status=open%00"), fmt, 400, "NUL")
