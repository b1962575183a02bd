"""SQL metacharacters are stored and searched literally; NUL in any address is a clear answer.

Searches on the site, in the API and in the admin find exactly the row holding the payload and not
a decoy beside it (a tautology would list both), and the tables are still there afterwards.
"""

import pytest
from django.db import connection

from commitments.models import ProgressUpdate
from commitments.services import record_progress
from feedback.models import Feedback
from monitoring.models import CommitmentAssessment
from tests.factories import (
    CommitmentAssessmentFactory,
    FeedbackFactory,
    MilestoneFactory,
    UserFactory,
)

from .corpus import IN_ADDRESSES, STORABLE, assert_shown_as_text, only, refusal

pytestmark = pytest.mark.django_db

DECOY = "Work continues as planned."
# What the admin's search is given: SQL, quotes and the longest text (NUL in its address is
# refused before the search sees it: NUL_ADDRESSES below).
ADMIN_SEARCHES = only(
    "sql-drop-table",
    "sql-tautology",
    "single-quote-attribute-breaker",
    "double-quote-attribute-breaker",
    "100-kb",
)


def update_with(note: str) -> ProgressUpdate:
    return record_progress(
        milestone=MilestoneFactory(), author=None, status="in_progress", progress=60, note=note
    )


def tables_intact() -> None:
    tables = connection.introspection.table_names()
    assert {"feedback_feedback", "commitments_progressupdate"} <= set(tables)


# --- The site's search --------------------------------------------------------------------------


@pytest.mark.parametrize("payload", STORABLE)
def test_site_search_finds_the_text_literally(client, payload):
    found, decoy = update_with(payload), update_with(DECOY)
    response = client.get("/en/search/", {"q": payload})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'#update-{found.pk}"' in page
    assert f'#update-{decoy.pk}"' not in page
    assert_shown_as_text(page, payload[:200])  # the query is bounded, and echoed escaped
    tables_intact()


# --- The API's filters --------------------------------------------------------------------------


@pytest.mark.parametrize("payload", IN_ADDRESSES)
def test_api_search_finds_the_text_literally_or_refuses_the_query(client, payload):
    update_with(DECOY)
    found = update_with(payload)
    response = client.get("/api/v1/updates/", {"search": payload})
    refused = refusal(payload, max_length=200)
    if refused is None:
        assert response.status_code == 200
        assert [row["id"] for row in response.json()["results"]] == [found.pk]
    else:
        assert response.status_code == 400
        assert refused in " ".join(response.json()["search"])
    tables_intact()


# Every text parameter of the API's filters, and the longest value each accepts.
API_TEXT_FILTERS = [
    ("/api/v1/commitments/", "plan", None),
    ("/api/v1/commitments/", "ogp_value", None),
    ("/api/v1/commitments/", "institution", None),
    ("/api/v1/commitments/", "search", 200),
    ("/api/v1/milestones/", "commitment", None),
    ("/api/v1/milestones/", "plan", None),
    ("/api/v1/milestones/", "institution", None),
    ("/api/v1/milestones/", "search", 200),
    ("/api/v1/updates/", "commitment", None),
]


@pytest.mark.parametrize("payload", IN_ADDRESSES)
def test_api_text_filters_match_nothing_or_refuse_the_value(client, payload):
    update_with(DECOY)  # a commitment, a milestone and an update that an ignored filter would list
    for path, name, max_length in API_TEXT_FILTERS:
        response = client.get(path, {name: payload})
        if refusal(payload, max_length) is None:
            assert response.status_code == 200, name
            assert response.json()["results"] == [], name
        else:
            assert response.status_code == 400, name
            assert name in response.json(), name
    tables_intact()


# --- The admin's search -------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("payload", ADMIN_SEARCHES)
def test_admin_search_finds_the_text_literally(superuser_client, payload):
    rows = {
        "commitments/progressupdate": (update_with(payload), update_with(DECOY)),
        "feedback/feedback": (
            FeedbackFactory(description=payload),
            FeedbackFactory(description=DECOY),
        ),
        "monitoring/commitmentassessment": (
            CommitmentAssessmentFactory(narrative_en=payload),
            CommitmentAssessmentFactory(narrative_en=DECOY),
        ),
    }
    for path, (found, decoy) in rows.items():
        response = superuser_client.get(f"/admin/{path}/", {"q": payload})
        assert response.status_code == 200, path
        page = response.content.decode()
        assert f"/admin/{path}/{found.pk}/change/" in page, path
        assert f"/admin/{path}/{decoy.pk}/change/" not in page, path
    assert ProgressUpdate.objects.count() == Feedback.objects.count() == 2
    assert CommitmentAssessment.objects.count() == 2
    tables_intact()


# --- NUL in an address --------------------------------------------------------------------------

NUL_ADDRESSES = [
    pytest.param("/en/commitments/a%00b/", id="commitment-page"),
    pytest.param("/en/commitments/a%00b/feed/", id="commitment-feed"),
    pytest.param("/en/commitments/?institution=a%00b", id="commitment-filter"),
    pytest.param("/en/search/?q=a%00b", id="site-search"),
    pytest.param("/admin/commitments/milestone/?q=a%00b", id="admin-search"),
    pytest.param("/en/feedback/requests/?service=a%00b", id="feedback-filter"),
    pytest.param("/en/feedback/track/a%00b/", id="tracking-page"),
    pytest.param("/en/follow/?commitment=a%00b", id="follow-form"),
    pytest.param("/en/follow/confirm/a%00b/", id="follow-confirmation"),
    pytest.param("/en/data/a%00b.csv", id="open-data"),
    pytest.param("/api/v1/plans/a%00b/", id="api-plan"),
    pytest.param("/api/v1/commitments/a%00b/", id="api-commitment"),
    pytest.param("/api/v1/organisations/a%00b/", id="api-organisation"),
    pytest.param("/api/v1/reports/a%00b/", id="api-report"),
    pytest.param("/api/v1/commitments/?ordering=a%00b", id="api-ordering"),
    pytest.param("/open311/v2/requests.json?service_code=a%00b", id="open311-json-filter"),
    pytest.param("/open311/v2/requests.xml?service_code=a%00b", id="open311-xml-filter"),
    pytest.param("/open311/v2/requests/a%00b.json", id="open311-request"),
    pytest.param("/open311/v2/tokens/a%00b.xml", id="open311-token"),
]


@pytest.mark.parametrize("address", NUL_ADDRESSES)
def test_nul_byte_in_an_address_gets_a_clear_400(client, address):
    # Refused once, before any view: bishkek_ogp/lib/nul.py.
    response = client.get(address)
    assert response.status_code == 400
    assert "This address contains a NUL character" in response.content.decode()
