"""Committee members change only the commitments in their care; drafts stay private."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commitments.models import Milestone, ProgressUpdate
from commitments.services import publish_update, record_progress
from tests.admin_forms import admin_form_data
from tests.factories import CommitmentFactory, MilestoneFactory, UserFactory, make_responsible

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(committee_user) -> Milestone:
    """A milestone of a commitment the committee member is responsible for."""
    milestone = MilestoneFactory(status="in_progress", progress=20)
    make_responsible(committee_user, milestone.commitment)
    return milestone


@pytest.fixture
def others() -> Milestone:
    """A milestone of a commitment another member is responsible for."""
    milestone = MilestoneFactory(status="in_progress", progress=20)
    make_responsible(UserFactory(groups=["Committee members"]), milestone.commitment)
    return milestone


def change_url(obj) -> str:
    return reverse(f"admin:commitments_{obj._meta.model_name}_change", args=[obj.pk])


def api_progress(user, milestone):
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = {"status": "in_progress", "progress": 60, "note": "Half way."}
    return client.post(f"/api/v1/milestones/{milestone.pk}/progress/", body, format="json")


def test_member_changes_own_milestone_in_the_admin(committee_client, own):
    data = admin_form_data(committee_client.get(change_url(own))) | {"title_en": "Clearer"}
    assert committee_client.post(change_url(own), data).status_code == 302
    own.refresh_from_db()
    assert own.title_en == "Clearer"


def test_member_cannot_change_another_commitments_milestone_in_the_admin(
    committee_client, own, others
):
    page = committee_client.get(change_url(others))
    assert b'name="progress"' not in page.content  # read-only view, no form to submit
    response = committee_client.post(change_url(others), {"progress": "90"})
    assert response.status_code == 403
    others.refresh_from_db()
    assert others.progress == 20


def test_member_cannot_record_progress_on_another_commitment_in_the_admin(
    committee_client, own, others
):
    add_url = reverse("admin:commitments_progressupdate_add")
    data = admin_form_data(committee_client.get(add_url)) | {
        "milestone": others.pk,
        "published_on": "2025-06-01",
        "note_ru": "Чужое",
        "status": "in_progress",
        "progress": "90",
        "published": "on",
    }
    response = committee_client.post(add_url, data)
    assert response.status_code == 200
    assert not ProgressUpdate.objects.exists()


def test_member_cannot_record_progress_on_another_commitment_through_the_api(
    committee_user, own, others
):
    assert api_progress(committee_user, others).status_code == 403
    assert api_progress(committee_user, own).status_code == 201
    others.refresh_from_db()
    assert others.progress == 20


def test_service_refuses_a_member_outside_their_commitments(committee_user, others):
    with pytest.raises(PermissionDenied):
        record_progress(
            milestone=others, author=committee_user, status="in_progress", progress=90, note="x"
        )
    assert not ProgressUpdate.objects.exists()


def test_superuser_may_record_progress_anywhere(others):
    boss = UserFactory(is_superuser=True, is_staff=True)
    assert api_progress(boss, others).status_code == 201


def test_only_superusers_assign_responsibility(committee_client, own):
    url = change_url(own.commitment)
    # Committee members may view commitments; the responsibility field is read-only for them.
    page = committee_client.get(url).content.decode()
    assert 'name="responsible_members"' not in page


def test_draft_changes_neither_the_milestone_nor_the_public_site(client, plan, committee_user):
    milestone = MilestoneFactory(commitment=plan.commitments.get(code="KGBSK0001"))
    make_responsible(committee_user, milestone.commitment)
    draft = record_progress(
        milestone=milestone,
        author=committee_user,
        status="in_progress",
        progress=80,
        note="Secret draft note",
        published=False,
    )
    milestone.refresh_from_db()
    assert milestone.progress == 0
    for url in (
        "/en/updates/",
        "/en/commitments/KGBSK0001/",
        "/en/updates/feed/",
        "/en/data/updates.csv",
        "/api/v1/updates/",
    ):
        assert b"Secret draft note" not in client.get(url).content, url
    publish_update(update=draft, by=committee_user)
    milestone.refresh_from_db()
    assert milestone.progress == 80
    assert b"Secret draft note" in client.get("/api/v1/updates/").content


def test_admin_action_publishes_drafts(committee_client, own):
    draft = record_progress(
        milestone=own, author=None, status="completed", progress=100, note="Done", published=False
    )
    url = reverse("admin:commitments_progressupdate_changelist")
    committee_client.post(url, {"action": "publish_drafts", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    own.refresh_from_db()
    assert draft.published and draft.published_at is not None
    assert own.status == "completed"


def test_member_cannot_publish_a_draft_of_another_commitment(committee_user, others):
    draft = record_progress(
        milestone=others, author=None, status="in_progress", progress=90, note="x", published=False
    )
    with pytest.raises(PermissionDenied):
        publish_update(update=draft, by=committee_user)
    draft.refresh_from_db()
    assert not draft.published


def test_commitment_factory_without_members_is_editable_by_nobody_but_superusers(committee_user):
    milestone = MilestoneFactory(commitment=CommitmentFactory())
    assert api_progress(committee_user, milestone).status_code == 403
