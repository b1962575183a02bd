"""One rule decides the client's address, and every limit counts by it: behind the production proxy
(USE_X_FORWARDED_FOR=1) the last X-Forwarded-For hop, else the connection's address."""

import pytest
from django.test import RequestFactory

from bishkek_ogp.lib.client_address import client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # every request reaches the site from the proxy


@pytest.fixture
def behind_the_proxy(settings):
    settings.USE_X_FORWARDED_FOR = True


def from_client(address: str, claimed: str = "192.0.2.66") -> dict:
    """What the proxy sends on: the hop the client claimed, then the client's real address."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{claimed}, {address}"}


def test_behind_the_proxy_the_client_is_the_last_hop(behind_the_proxy):
    request = RequestFactory().get("/", **from_client("198.51.100.7"))
    assert client_address(request) == "198.51.100.7"


def test_without_the_proxy_setting_the_header_is_ignored(settings):
    settings.USE_X_FORWARDED_FOR = False
    request = RequestFactory().get("/", **from_client("198.51.100.7"))
    assert client_address(request) == PROXY


def test_the_api_limit_counts_each_client_behind_the_proxy(client, behind_the_proxy, settings):
    settings.API_ANONYMOUS_RATE = "2/min"
    for claimed in ("192.0.2.1", "192.0.2.2"):
        response = client.get("/api/v1/plans/", **from_client("198.51.100.7", claimed))
        assert response.status_code == 200
    # The third request of the same client is refused whatever hop it claims ...
    refused = client.get("/api/v1/plans/", **from_client("198.51.100.7", "192.0.2.3"))
    assert refused.status_code == 429
    # ... and another client behind the same proxy is not held to its count.
    assert client.get("/api/v1/plans/", **from_client("198.51.100.8")).status_code == 200


def wrong_password(client, address: str) -> None:
    client.post("/admin/login/", {"username": "clerk", "password": "wrong"}, **from_client(address))


def test_the_login_lockout_counts_the_client_behind_the_proxy(client, behind_the_proxy):
    UserFactory(username="clerk", is_staff=True)
    for _attempt in range(5):
        wrong_password(client, "198.51.100.7")
    good = {"username": "clerk", "password": "a-long-test-password"}
    # Five wrong passwords from one client lock that client out ...
    assert client.post("/admin/login/", good, **from_client("198.51.100.7")).status_code == 429
    # ... not the member, who signs in from elsewhere behind the same proxy.
    assert client.post("/admin/login/", good, **from_client("198.51.100.8")).status_code == 302
