"""A page per milestone: what it is, who delivers it, its dates and their changes with reasons,
every update with its evidence; linked from the commitment page, the updates, search and the API."""

import datetime

import pytest

from commitments.models import Evidence
from commitments.services import record_progress, save_milestone
from tests.factories import CommitmentFactory, MilestoneFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestone(plan):
    milestone = MilestoneFactory(
        commitment=plan.commitments.get(code="KGBSK0002"),
        order=1,
        title_en="Land plot register online",
        description_en="Every municipal land plot, with its status and tenant.",
        expected_output_en="A public register of 1,200 plots.",
        responsible=OrganizationFactory(name_en="Municipal Land Department"),
    )
    update = record_progress(
        milestone=milestone, author=None, status="in_progress", progress=40,
        note="First 500 plots published.", published_on=datetime.date(2025, 7, 1),
    )  # fmt: skip
    Evidence.objects.create(update=update, title_en="Register export", url="https://example.org/r")
    milestone.refresh_from_db()
    milestone.ends_on = datetime.date(2025, 10, 31)
    save_milestone(milestone=milestone, by=None, reason="The survey took longer.")
    return milestone


def test_milestone_page_shows_what_it_is_its_evidence_and_why_its_date_moved(client, milestone):
    page = client.get("/en/commitments/KGBSK0002/milestones/1/").content.decode()
    for text in (
        "Land plot register online",
        "Every municipal land plot, with its status and tenant.",
        "A public register of 1,200 plots.",
        "Municipal Land Department",
        "First 500 plots published.",
        'href="https://example.org/r"',
        "Register export",
        '<span lang="en">The survey took longer.</span>',
    ):
        assert text in page, text


def test_milestone_page_is_linked_from_the_commitment_page_updates_search_and_api(
    client, milestone
):
    url = "/en/commitments/KGBSK0002/milestones/1/"
    assert f'href="{url}"' in client.get("/en/commitments/KGBSK0002/").content.decode()
    assert f'href="{url}#update-' in client.get("/en/updates/").content.decode()
    assert url in client.get("/en/updates/feed/").content.decode()
    assert f'href="{url}"' in client.get("/en/search/?q=tenant").content.decode()
    api = client.get(f"/api/v1/milestones/{milestone.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert api["page"] == f"http://testserver{url}"


def test_a_milestone_of_an_unpublished_commitment_or_an_unknown_number_has_no_page(client, plan):
    hidden = MilestoneFactory(commitment=CommitmentFactory(published=False), order=1)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/en/commitments/KGBSK0001/milestones/99/").status_code == 404
