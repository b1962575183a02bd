"""Submitting feedback: one record per submit, clear refusals, nothing half-saved."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bishkek_ogp.lib.human_check import form_stamp
from feedback.models import District, Feedback, Service
from tests.images import BOMBS, jpeg_with_exif

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

URL = "/en/feedback/"


def stamp(seconds_ago: float) -> str:
    return form_stamp(time.time() - seconds_ago)


def form_data(**overrides) -> dict:
    data = {
        "service": Service.objects.get(code="waste-collection").pk,
        "district": "",
        "rating": "4",
        "description": "The bins in our yard were emptied two days late.",
        "email": "",
        "address": "",
        "website": "",
        "started": stamp(30),
        "idempotency_key": "a" * 32,
    }
    data["district"] = District.objects.get(slug="leninsky").pk
    data.update(overrides)
    return data


def post(client, **overrides):
    return client.post(URL, form_data(**overrides), REMOTE_ADDR="203.0.113.7")


def test_citizen_submits_feedback_and_gets_a_tracking_link(client):
    response = post(client)
    assert response.status_code == 200
    page = response.content.decode()
    assert "/en/feedback/track/" in page
    feedback = Feedback.objects.get()
    assert feedback.rating == 4
    assert feedback.moderation == Feedback.Moderation.PENDING
    token = page.split("/en/feedback/track/")[1].split("/")[0]
    assert len(token) >= 32
    assert token not in (feedback.tracking_digest, str(feedback.public_id))


def test_tracking_link_shows_the_feedback(client):
    page = post(client).content.decode()
    link = "/en/feedback/track/" + page.split("/en/feedback/track/")[1].split('"')[0]
    assert "emptied two days late" in client.get(link).content.decode()


def test_unknown_tracking_token_is_404(client):
    assert client.get("/en/feedback/track/not-a-real-token/").status_code == 404


def test_double_submit_stores_one_record_and_shows_the_same_link(client):
    first = post(client).content.decode()
    second = post(client).content.decode()
    assert Feedback.objects.count() == 1
    link = first.split("/en/feedback/track/")[1].split('"')[0]
    assert link in second


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"service": "99999"}, "Select a valid choice"),
        ({"rating": "0"}, "Select a valid choice"),
        ({"rating": "6"}, "Select a valid choice"),
        ({"description": "x" * 4001}, "at most 4000 characters"),
        ({"description": ""}, "This field is required"),
        ({"website": "http://spam.example"}, "looks automated"),
        ({"started": "seconds-ago:0"}, "too fast"),
        ({"started": "seconds-ago:259200"}, "too old"),
        ({"started": "forged"}, "was altered"),
    ],
)
def test_bad_submission_is_refused_clearly_and_nothing_is_stored(client, overrides, message):
    if overrides.get("started", "").startswith("seconds-ago:"):
        # Stamped now, not when the test was collected.
        overrides = {"started": stamp(float(overrides["started"].split(":")[1]))}
    response = post(client, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Feedback.objects.exists()


def test_pdf_disguised_as_jpeg_is_refused(client):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = post(client, photo=fake)
    assert response.status_code == 400
    assert "Only JPEG and PNG photos are accepted." in response.content.decode()
    assert not Feedback.objects.exists()


def test_photo_is_re_encoded_without_its_metadata(client):
    photo = SimpleUploadedFile("me.jpg", jpeg_with_exif(), content_type="image/jpeg")
    post(client, photo=photo)
    stored = Feedback.objects.get().photo
    assert not stored.name.endswith("me.jpg")
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert not image.getexif()


@pytest.mark.parametrize("bomb", BOMBS)
def test_an_image_claiming_too_many_pixels_is_refused_before_it_is_decoded(client, bomb):
    photo = SimpleUploadedFile("photo.png", BOMBS[bomb], content_type="image/png")
    response = post(client, photo=photo)
    assert response.status_code == 400
    assert "the limit is 40 megapixels" in response.content.decode()
    assert not Feedback.objects.exists()


def test_rate_limit_refuses_the_eleventh_submission_in_an_hour(client):
    for n in range(10):
        assert post(client, idempotency_key=f"{n:032d}").status_code == 200
    response = post(client, idempotency_key="b" * 32)
    assert response.status_code == 400
    assert "Too many submissions" in response.content.decode()
    assert Feedback.objects.count() == 10


def test_the_hourly_limit_is_set_by_the_deployment(client, settings):
    settings.FEEDBACK_HOURLY_LIMIT = 2
    for n in range(2):
        assert post(client, idempotency_key=f"{n:032d}").status_code == 200
    assert post(client, idempotency_key="b" * 32).status_code == 400
    assert Feedback.objects.count() == 2


def test_email_and_ip_never_appear_on_the_tracking_page(client):
    page = post(client, email="citizen@example.org").content.decode()
    link = "/en/feedback/track/" + page.split("/en/feedback/track/")[1].split('"')[0]
    tracking = client.get(link).content.decode()
    assert "citizen@example.org" not in tracking
    assert "203.0.113.7" not in tracking


def test_catalogue_has_the_four_districts_and_the_services():
    assert set(District.objects.values_list("slug", flat=True)) == {
        "leninsky",
        "oktyabrsky",
        "pervomaisky",
        "sverdlovsky",
    }
    assert Service.objects.filter(code="public-transport").exists()


def test_rate_limit_counts_the_client_behind_the_proxy(client, settings):
    settings.USE_X_FORWARDED_FOR = True
    for n in range(10):
        response = client.post(
            URL,
            form_data(idempotency_key=f"{n:032d}"),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        assert response.status_code == 200
    response = client.post(
        URL, form_data(idempotency_key="c" * 32), REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )  # fmt: skip
    assert response.status_code == 200
    assert Feedback.objects.count() == 11
