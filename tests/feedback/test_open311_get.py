"""Open311 GeoReport v2: reading requests, their 90-day / 1000-row window, and nothing private."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from feedback.models import District, Feedback, Service
from tests.feedback.open311 import (
    API,
    FORMATS,
    REQUEST_FIELDS,
    assert_error,
    days_ago,
    feedback,
    form,
    listed_ids,
    post,
    request_rows,
)

pytestmark = pytest.mark.django_db


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
