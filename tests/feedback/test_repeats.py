"""Tracking links are random and stored only as digests; a repeat of the same submission by the
same sender within a few minutes gets the first record back, and nobody else ever does."""

import datetime

import pytest
from django.utils import timezone

from bishkek_ogp.lib import repeats
from feedback.models import Feedback
from tests.feedback.test_submit import form_data

pytestmark = pytest.mark.django_db

URL = "/en/feedback/"


def submit(client, address: str = "203.0.113.7", **overrides) -> str:
    """Post the form; the tracking token the thank-you page shows."""
    response = client.post(URL, form_data(**overrides), REMOTE_ADDR=address)
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode().split("/en/feedback/track/")[1].split("/")[0]


def test_a_repeat_from_the_same_sender_gets_the_first_record_and_its_link(client):
    first = submit(client)
    assert submit(client) == first
    assert Feedback.objects.count() == 1


def test_the_same_key_from_another_address_makes_another_record_with_its_own_link(client):
    first = submit(client)
    other = submit(client, address="198.51.100.9")
    assert other != first
    assert Feedback.objects.count() == 2


def test_the_same_key_with_other_words_makes_another_record(client):
    first = submit(client)
    other = submit(client, description="Someone else's account of another problem.")
    assert other != first
    assert Feedback.objects.count() == 2


def test_links_are_random_not_derived_from_what_was_sent(client):
    # The same form sent by two people (the same hidden key, as a copied page would have).
    one = submit(client, address="198.51.100.1")
    two = submit(client, address="198.51.100.2")
    assert len({one, two}) == 2 and len(one) == 64


def test_nothing_stored_is_or_leads_to_the_link(client):
    token = submit(client)
    row = Feedback.objects.values().get()
    assert token not in {str(value) for value in row.values()}
    assert "idempotency_key" not in row  # the form's key itself is never stored


def test_after_the_window_the_repeat_is_forgotten(client):
    first = submit(client)
    Feedback.objects.update(
        created_at=timezone.now() - repeats.REPEAT_WINDOW - datetime.timedelta(seconds=1)
    )
    second = submit(client)
    assert second != first
    earlier = Feedback.objects.order_by("pk").first()
    assert earlier.repeat_digest is None and earlier.masked_token == ""
