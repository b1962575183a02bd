"""Following by email: the address and the choice are refused clearly, or kept and escaped.

An address may legally carry markup in a quoted local part; the page that thanks the citizen shows
it only as text, and the confirmation email carries it only as its recipient.
"""

import time

import pytest
from django.core import mail

from bishkek_ogp.lib.human_check import form_stamp
from commitments.models import Subscription
from tests.factories import CommitmentFactory

from .corpus import CORPUS, assert_shown_as_text, refusal

pytestmark = pytest.mark.django_db

QUOTED_ADDRESSES = [
    pytest.param('"<script>alert(1)</script>"@example.org', id="script-tag"),
    pytest.param("\"'onmouseover='alert(1)'\"@example.org", id="single-quote-attribute-breaker"),
    pytest.param('"<svg/onload=alert(1)>"@example.org', id="svg-onload"),
]


@pytest.fixture
def commitment(db):
    return CommitmentFactory()


def follow(client, **changes):
    started = form_stamp(time.time() - 30)
    data = {"email": "resident@example.org", "commitment": "", "website": "", "started": started}
    return client.post("/en/follow/", data | changes, REMOTE_ADDR="192.0.2.2")


@pytest.mark.parametrize("payload", CORPUS)
def test_payload_as_address_is_refused_and_shown_back_escaped(client, commitment, payload):
    response = follow(client, email=payload)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert_shown_as_text(page, payload)  # in the field, for the citizen to correct
    assert not Subscription.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("payload", CORPUS)
def test_payload_as_commitment_is_refused_clearly(client, commitment, payload):
    response = follow(client, commitment=payload)
    assert response.status_code == 400
    page = response.content.decode()
    assert (refusal(payload, max_length=None) or "Select a valid choice.") in page
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("address", QUOTED_ADDRESSES)
def test_quoted_address_with_markup_is_thanked_as_text(
    client, commitment, address, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = follow(client, email=address, commitment=commitment.code)
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode(), address)
    assert Subscription.objects.get().email == address.lower()
    [message] = mail.outbox
    assert message.to == [address.lower()]
