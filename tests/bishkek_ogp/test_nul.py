"""An address holding NUL is refused with a clear 400 before any view or query sees it."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Every kind of address (pages, feeds, filters, API, Open311) is in tests/injection/test_search.py.


def test_nul_in_an_admin_list_filter_is_a_400_not_a_database_error(client):
    # Without the check PostgreSQL refuses the filter value and the admin answers 500.
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/commitments/milestone/?status=a%00b")
    assert response.status_code == 400


def test_the_refusal_is_in_the_visitors_language(client):
    response = client.get("/ru/commitments/a%00b/")
    assert "символ NUL" in response.content.decode()


def test_addresses_without_nul_pass(client, plan):
    # "%00" spelt out in a search is text like any other.
    assert client.get("/en/search/?q=a%2500b").status_code == 200
