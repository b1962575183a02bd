"""Request limits of the REST API: anonymous clients per address, signed-in ones per account.

The throttles read API_ANONYMOUS_RATE and API_USER_RATE at each request, so the `settings`
fixture sets them low here; the autouse cache fixture empties the counters between tests.
"""

import pytest
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

URL = "/api/v1/plans/"
ADDRESS = "203.0.113.7"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def low_limits(settings):
    settings.API_ANONYMOUS_RATE = "3/min"
    settings.API_USER_RATE = "100/min"


@pytest.fixture
def token() -> str:
    return Token.objects.create(user=UserFactory()).key


def use_up_the_anonymous_limit(client, address: str = ADDRESS) -> None:
    for _ in range(3):
        assert client.get(URL, REMOTE_ADDR=address).status_code == 200


def test_anonymous_client_over_the_limit_is_told_429(client):
    use_up_the_anonymous_limit(client)
    assert client.get(URL, REMOTE_ADDR=ADDRESS).status_code == 429


def test_limited_answer_says_when_to_retry(client):
    use_up_the_anonymous_limit(client)
    response = client.get(URL, REMOTE_ADDR=ADDRESS)
    assert 0 < int(response["Retry-After"]) <= 60


def test_limited_answer_explains_itself_in_detail(client):
    use_up_the_anonymous_limit(client)
    body = client.get(URL, REMOTE_ADDR=ADDRESS).json()
    assert body["detail"].startswith("Request was throttled.")


def test_signed_in_user_is_not_held_to_the_anonymous_limit(client, token):
    statuses = {
        client.get(URL, REMOTE_ADDR=ADDRESS, HTTP_AUTHORIZATION=f"Token {token}").status_code
        for _ in range(6)
    }
    assert statuses == {200}


def test_signed_in_user_has_the_user_limit(client, token, settings):
    settings.API_USER_RATE = "2/min"
    for _ in range(2):
        client.get(URL, REMOTE_ADDR=ADDRESS, HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get(URL, REMOTE_ADDR=ADDRESS, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 429


def test_limit_is_counted_per_address(client):
    use_up_the_anonymous_limit(client)
    assert client.get(URL, REMOTE_ADDR="198.51.100.20").status_code == 200


def test_forged_forwarded_for_header_does_not_escape_the_limit(client):
    use_up_the_anonymous_limit(client)
    response = client.get(URL, REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.status_code == 429
