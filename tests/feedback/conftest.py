import pytest

from feedback.services import create_open311_key


@pytest.fixture
def api_key() -> str:
    """The secret of an active key issued to 'My City'."""
    return create_open311_key(name="My City").secret
