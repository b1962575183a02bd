"""The admin is the committee's back office: who may do what, and what they see there."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Commitment, Milestone, ProgressUpdate
from commitments.services import record_progress
from tests.admin_forms import admin_form_data
from tests.factories import MilestoneFactory, UserFactory, make_responsible

pytestmark = pytest.mark.django_db


def change_url(obj, view: str = "change") -> str:
    return reverse(f"admin:commitments_{obj._meta.model_name}_{view}", args=[obj.pk])


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/admin/commitments/milestone/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_committee_member_logs_in_with_the_login_form(client, committee_user):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": committee_user.username, "password": "a-long-test-password"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_committee_member_changes_a_milestone_and_sees_it_in_history(
    committee_client, committee_user
):
    milestone = MilestoneFactory(status="in_progress", progress=20)
    make_responsible(committee_user, milestone.commitment)
    form = committee_client.get(change_url(milestone))
    data = admin_form_data(form) | {"title_en": "A clearer title"}
    response = committee_client.post(change_url(milestone), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    milestone.refresh_from_db()
    assert milestone.title_en == "A clearer title"

    history = committee_client.get(change_url(milestone, "history")).content.decode()
    assert "A clearer title" in history
    assert milestone.history.latest().history_user.groups.filter(name="Committee members")


def test_invalid_milestone_change_shows_the_error_and_saves_nothing(
    committee_client, committee_user
):
    milestone = MilestoneFactory(status="in_progress", progress=20)
    make_responsible(committee_user, milestone.commitment)
    data = admin_form_data(committee_client.get(change_url(milestone)))
    bad_dates = {"starts_on": "2025-06-01", "ends_on": "2025-05-31"}
    response = committee_client.post(change_url(milestone), data | bad_dates)
    assert response.status_code == 200
    assert "The due date cannot be before the start date." in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.ends_on != datetime.date(2025, 5, 31)


def test_committee_member_cannot_delete_a_commitment(committee_client, plan):
    commitment = Commitment.objects.get(code="KGBSK0001")
    response = committee_client.post(change_url(commitment, "delete"), {"post": "yes"})
    assert response.status_code == 403
    assert Commitment.objects.filter(code="KGBSK0001").exists()


def test_committee_member_cannot_change_a_commitment(committee_client, plan):
    commitment = Commitment.objects.get(code="KGBSK0001")
    data = admin_form_data(committee_client.get(change_url(commitment)))
    response = committee_client.post(change_url(commitment), data | {"title_en": "Renamed"})
    assert response.status_code == 403
    assert Commitment.objects.get(code="KGBSK0001").title_en != "Renamed"


def test_user_without_a_role_cannot_see_milestones(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/commitments/milestone/").status_code == 403


def test_recording_progress_in_the_admin_moves_the_milestone(committee_client, committee_user):
    milestone = MilestoneFactory(status="in_progress", progress=20)
    make_responsible(committee_user, milestone.commitment)
    add_url = reverse("admin:commitments_progressupdate_add")
    data = admin_form_data(committee_client.get(add_url)) | {
        "milestone": milestone.pk,
        "published_on": "2025-06-01",
        "note_ru": "Работа завершена",
        "status": "completed",
        "progress": "100",
        "published": "on",
    }
    response = committee_client.post(add_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    milestone.refresh_from_db()
    assert (milestone.status, milestone.progress) == ("completed", 100)
    assert ProgressUpdate.objects.get().author == committee_user


def test_a_published_update_shows_when_its_followers_were_notified(
    committee_client, committee_user
):
    milestone = MilestoneFactory(status="in_progress", progress=20)
    make_responsible(committee_user, milestone.commitment)
    update = record_progress(
        milestone=milestone, author=None, status="in_progress", progress=30, note="n"
    )
    ProgressUpdate.objects.filter(pk=update.pk).update(
        followers_notified_at=datetime.datetime(2025, 6, 1, 9, 30, tzinfo=datetime.UTC)
    )
    page = committee_client.get(
        reverse("admin:commitments_progressupdate_change", args=[update.pk]),
        headers={"accept-language": "en"},
    )
    assert "Followers notified at" in page.content.decode()


def test_inconsistent_progress_in_the_admin_is_refused(committee_client, committee_user):
    milestone = MilestoneFactory(status="in_progress", progress=20)
    make_responsible(committee_user, milestone.commitment)
    add_url = reverse("admin:commitments_progressupdate_add")
    data = admin_form_data(committee_client.get(add_url)) | {
        "milestone": milestone.pk,
        "published_on": "2025-06-01",
        "note_en": "Nearly",
        "status": "not_started",
        "progress": "30",
    }
    response = committee_client.post(add_url, data)
    assert "A milestone that has not started has 0% progress." in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_milestone_list_marks_and_filters_overdue(committee_client):
    late = MilestoneFactory(title_en="Late one", ends_on=datetime.date(2025, 3, 1))
    MilestoneFactory(
        title_en="Done one", ends_on=datetime.date(2025, 3, 1), status="completed", progress=100
    )
    page = committee_client.get("/admin/commitments/milestone/?overdue=yes").content.decode()
    assert "Late one" in page and "Done one" not in page
    assert late.code in page
    assert 'class="overdue-marker"' in page


def test_admin_index_lists_what_needs_attention(committee_client, committee_user):
    late = MilestoneFactory(title_en="Late one", ends_on=datetime.date(2025, 3, 1))
    soon = datetime.date.today() + datetime.timedelta(days=10)
    MilestoneFactory(
        commitment=late.commitment,
        title_en="Soon one",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=soon,
    )
    MilestoneFactory(
        commitment=late.commitment, title_en="Far one", ends_on=soon + datetime.timedelta(days=60)
    )
    make_responsible(committee_user, late.commitment)
    page = committee_client.get("/admin/").content.decode()
    attention = page[page.index('id="committee-work"') :]
    assert "Late one" in attention and "Soon one" in attention
    assert "Far one" not in attention


def test_milestone_search_autocomplete_finds_by_commitment_code(committee_client, committee_user):
    milestone = MilestoneFactory()
    make_responsible(committee_user, milestone.commitment)
    response = committee_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "commitments",
            "model_name": "progressupdate",
            "field_name": "milestone",
            "term": milestone.commitment.code,
        },
    )
    assert [r["id"] for r in response.json()["results"]] == [str(milestone.pk)]


def test_translated_fields_are_edited_side_by_side(committee_client, committee_user):
    milestone = MilestoneFactory()
    make_responsible(committee_user, milestone.commitment)
    page = committee_client.get(change_url(milestone)).content.decode()
    for language in ("ky", "ru", "en"):
        assert f'name="title_{language}"' in page


@pytest.mark.parametrize("model", [Milestone, ProgressUpdate])
def test_history_view_is_available_to_committee_members(committee_client, model):
    milestone = MilestoneFactory()
    obj = (
        milestone
        if model is Milestone
        else milestone.updates.create(note_en="n", status="in_progress", progress=50)
    )
    assert committee_client.get(change_url(obj, "history")).status_code == 200


def test_evidence_upload_with_wrong_content_is_refused_in_the_admin(
    committee_client, committee_user
):
    update = MilestoneFactory().updates.create(note_en="n", status="in_progress", progress=50)
    make_responsible(committee_user, update.milestone.commitment)
    url = change_url(update)
    data = admin_form_data(committee_client.get(url)) | {
        "evidence-0-title_en": "Minutes",
        "evidence-0-file": SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00not a pdf"),
    }
    response = committee_client.post(url, data)
    assert response.status_code == 200
    assert "not an accepted type" in response.content.decode()
    assert not update.evidence.exists()
