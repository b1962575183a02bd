"""A committee member's back office offers what they may change, and names the rule otherwise."""

import pytest
from django.urls import reverse

from commitments.models import Milestone
from tests.admin_forms import admin_form_data
from tests.factories import (
    MilestoneFactory,
    ProgressUpdateFactory,
    UserFactory,
    make_responsible,
)

pytestmark = pytest.mark.django_db


RULE = "Only the committee members responsible for {code} may change it."


@pytest.fixture
def own(committee_user) -> Milestone:
    milestone = MilestoneFactory(title_en="Own milestone")
    make_responsible(committee_user, milestone.commitment)
    return milestone


@pytest.fixture
def others() -> Milestone:
    milestone = MilestoneFactory(title_en="Their milestone")
    make_responsible(UserFactory(groups=["Committee members"]), milestone.commitment)
    return milestone


def milestone_list(client, query: str = "") -> str:
    return client.get(reverse("admin:commitments_milestone_changelist") + query).content.decode()


def test_a_members_milestone_list_opens_on_their_commitments(committee_client, own, others):
    page = milestone_list(committee_client)
    assert "Own milestone" in page and "Their milestone" not in page


def test_all_commitments_shows_the_others_milestones_too(committee_client, own, others):
    page = milestone_list(committee_client, "?responsibility=all")
    assert "Own milestone" in page and "Their milestone" in page


def test_a_superusers_milestone_list_opens_on_all_commitments(superuser_client, own, others):
    page = milestone_list(superuser_client)
    assert "Own milestone" in page and "Their milestone" in page


def test_a_members_update_list_opens_on_their_commitments(committee_client, own, others):
    ProgressUpdateFactory(milestone=own, note_en="Own note")
    ProgressUpdateFactory(milestone=others, note_en="Their note")
    url = reverse("admin:commitments_progressupdate_changelist")
    page = committee_client.get(url).content.decode()
    assert own.title_en in page and others.title_en not in page


def autocomplete(client, model_name: str, field_name: str) -> list[str]:
    query = {"app_label": "commitments", "model_name": model_name, "field_name": field_name}
    response = client.get(reverse("admin:autocomplete"), query)
    return [result["id"] for result in response.json()["results"]]


def test_the_commitment_autocomplete_offers_only_the_members_commitments(
    committee_client, own, others
):
    assert autocomplete(committee_client, "milestone", "commitment") == [str(own.commitment.pk)]


def test_the_milestone_autocomplete_offers_only_the_members_milestones(
    committee_client, own, others
):
    assert autocomplete(committee_client, "progressupdate", "milestone") == [str(own.pk)]


def test_a_superusers_autocomplete_offers_every_commitment(superuser_client, own, others):
    assert len(autocomplete(superuser_client, "milestone", "commitment")) == 2


def test_a_milestone_for_another_commitment_is_refused_naming_the_rule(
    committee_client, own, others
):
    add = reverse("admin:commitments_milestone_add")
    data = admin_form_data(committee_client.get(add)) | {
        "commitment": others.commitment.pk,
        "order": "5",
        "title_en": "Sneaked in",
        "starts_on": "2025-01-01",
        "ends_on": "2025-06-30",
        "weight": "1",
    }
    page = committee_client.post(add, data).content.decode()
    assert "Only a commitment&#x27;s responsible committee members may add to its record." in page
    assert not Milestone.objects.filter(title_en="Sneaked in").exists()


def test_a_read_only_milestone_names_who_may_change_it(committee_client, own, others):
    url = reverse("admin:commitments_milestone_change", args=[others.pk])
    page = committee_client.get(url).content.decode()
    assert RULE.format(code=others.commitment.code) in page


def test_a_read_only_milestone_does_not_offer_recording_progress(committee_client, own, others):
    url = reverse("admin:commitments_milestone_change", args=[others.pk])
    assert "Record progress" not in committee_client.get(url).content.decode()


def test_the_members_own_milestone_offers_recording_progress(committee_client, own):
    url = reverse("admin:commitments_milestone_change", args=[own.pk])
    page = committee_client.get(url).content.decode()
    assert f"{reverse('admin:commitments_progressupdate_add')}?milestone={own.pk}" in page
    assert "Only the committee members responsible" not in page


def test_a_member_without_commitments_is_not_offered_adding_milestones(committee_client, others):
    page = milestone_list(committee_client, "?responsibility=all")
    assert reverse("admin:commitments_milestone_add") not in page
    assert committee_client.get(reverse("admin:commitments_milestone_add")).status_code == 403


def update_page(client, milestone) -> str:
    update = ProgressUpdateFactory(milestone=milestone, published=False)
    url = reverse("admin:commitments_progressupdate_change", args=[update.pk])
    return client.get(url).content.decode()


def test_another_commitments_update_offers_no_evidence_rows(committee_client, own, others):
    page = update_page(committee_client, others)
    assert 'name="evidence-0-url"' not in page
    assert RULE.format(code=others.commitment.code) in page


def test_the_members_own_update_offers_an_evidence_row(committee_client, own):
    assert 'name="evidence-0-url"' in update_page(committee_client, own)
