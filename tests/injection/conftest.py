import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import MilestoneFactory, UserFactory, make_responsible


@pytest.fixture(autouse=True)
def in_process(tasks_run_in_process):
    """Emails and reports are produced in the test process (see tasks_run_in_process)."""


@pytest.fixture
def milestone(committee_user):
    """A published milestone in the care of `committee_user`."""
    milestone = MilestoneFactory()
    make_responsible(committee_user, milestone.commitment)
    return milestone


def token_client(user) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def committee_api(committee_user) -> APIClient:
    return token_client(committee_user)


@pytest.fixture
def monitor_api(db) -> APIClient:
    return token_client(UserFactory(groups=["Monitors"], is_staff=True))
