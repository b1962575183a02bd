"""Writes through the API: the admin's permissions, the same services, the same audit trail."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commitments.models import Milestone, ProgressUpdate
from monitoring.models import CommitmentAssessment
from tests.factories import (
    CommitmentAssessmentFactory,
    CommitmentFactory,
    MilestoneFactory,
    MonitoringReportFactory,
    UserFactory,
    make_responsible,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
ROLES = {
    "anonymous": None,
    "committee member": {"groups": ["Committee members"], "is_staff": True},
    "monitor": {"groups": ["Monitors"], "is_staff": True},
    "moderator": {"groups": ["Feedback moderators"], "is_staff": True},
    "superuser": {"is_staff": True, "is_superuser": True},
}


def api_client(role: str, responsible_for=None) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    if ROLES[role] is not None:
        user = UserFactory(**ROLES[role])
        if responsible_for is not None:
            make_responsible(user, responsible_for)
        token = Token.objects.create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def record_progress(client, milestone):
    body = {"status": "in_progress", "progress": 70, "note": "Map published for comment."}
    return client.post(f"{API}/milestones/{milestone.pk}/progress/", body, format="json")


def create_assessment(client, report, commitment):
    body = {
        "report": report.pk,
        "commitment": commitment.code,
        "verifiability": "verifiable",
        "potential_for_results": "modest",
        "completion": "limited",
        "narrative": "Started late.",
    }
    return client.post(f"{API}/assessments/", body, format="json")


def change_assessment(client, assessment):
    body = {"completion": "substantial"}
    return client.patch(f"{API}/assessments/{assessment.pk}/", body, format="json")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("committee member", 201),
        ("monitor", 403),
        ("moderator", 403),
        ("superuser", 201),
    ],
)
def test_who_may_record_progress(role, expected):
    milestone = MilestoneFactory()
    # A committee member records progress on the commitments in their care (see test_roles).
    client = api_client(role, responsible_for=milestone.commitment)
    response = record_progress(client, milestone)
    assert response.status_code == expected, response.content
    assert ProgressUpdate.objects.exists() == (expected == 201)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("committee member", 403),
        ("monitor", 201),
        ("moderator", 403),
        ("superuser", 201),
    ],
)
def test_who_may_create_a_draft_assessment(role, expected):
    report = MonitoringReportFactory(status="draft")
    response = create_assessment(api_client(role), report, CommitmentFactory(plan=report.plan))
    assert response.status_code == expected, response.content
    assert CommitmentAssessment.objects.exists() == (expected == 201)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("committee member", 403),
        ("monitor", 200),
        ("moderator", 403),
        ("superuser", 200),
    ],
)
def test_who_may_change_a_draft_assessment(role, expected):
    assessment = CommitmentAssessmentFactory(report__status="draft")
    response = change_assessment(api_client(role), assessment)
    assert response.status_code == expected, response.content
    assessment.refresh_from_db()
    assert (assessment.completion == "substantial") == (expected == 200)


def test_recorded_progress_moves_the_milestone_and_names_its_author_in_history():
    milestone = MilestoneFactory(status="in_progress", progress=50)
    client = api_client("committee member", responsible_for=milestone.commitment)
    response = record_progress(client, milestone)
    assert response.status_code == 201
    assert response.json()["progress"] == 70
    milestone.refresh_from_db()
    assert milestone.progress == 70
    author = Token.objects.get().user
    assert milestone.history.first().history_user == author
    assert ProgressUpdate.objects.get().history.first().history_user == author


def test_progress_that_contradicts_its_status_is_refused_and_nothing_saved():
    milestone = MilestoneFactory(status="in_progress", progress=50)
    body = {"status": "completed", "progress": 40, "note": "Done?"}
    response = api_client("committee member", responsible_for=milestone.commitment).post(
        f"{API}/milestones/{milestone.pk}/progress/", body, format="json"
    )
    assert response.status_code == 400
    assert "disagree" in str(response.json()) or "100" in str(response.json())
    assert not ProgressUpdate.objects.exists()
    assert Milestone.objects.get().progress == 50


def test_progress_outside_0_to_100_is_a_400():
    milestone = MilestoneFactory()
    body = {"status": "in_progress", "progress": 101}
    response = api_client("committee member", responsible_for=milestone.commitment).post(
        f"{API}/milestones/{milestone.pk}/progress/", body, format="json"
    )
    assert response.status_code == 400
    assert "progress" in response.json()


def test_published_assessment_cannot_be_changed_through_the_api():
    assessment = CommitmentAssessmentFactory(completion="limited")
    response = change_assessment(api_client("monitor"), assessment)
    assert response.status_code == 400
    assert "draft" in str(response.json())
    assessment.refresh_from_db()
    assert assessment.completion == "limited"


def test_assessment_cannot_be_moved_into_a_published_report():
    assessment = CommitmentAssessmentFactory(report__status="draft")
    published = MonitoringReportFactory(plan=assessment.report.plan)
    response = api_client("monitor").patch(
        f"{API}/assessments/{assessment.pk}/", {"report": published.pk}, format="json"
    )
    assert response.status_code == 400


def test_second_assessment_of_the_same_commitment_in_a_report_is_a_400():
    assessment = CommitmentAssessmentFactory(report__status="draft")
    response = create_assessment(api_client("monitor"), assessment.report, assessment.commitment)
    assert response.status_code == 400
    assert CommitmentAssessment.objects.count() == 1


def test_assessment_written_by_a_monitor_is_in_its_history():
    assessment = CommitmentAssessmentFactory(report__status="draft")
    client = api_client("monitor")
    change_assessment(client, assessment)
    assert assessment.history.first().history_user == Token.objects.get().user


def test_bad_token_is_a_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert client.get(f"{API}/commitments/").status_code == 401


@pytest.mark.parametrize("depth", [33, 100_000])
def test_json_nested_too_deeply_is_refused_with_its_limit(depth):
    body = '{"narrative": ' + "[" * depth + "]" * depth + "}"
    client = api_client("monitor")
    response = client.post("/api/v1/assessments/", body, content_type="application/json")
    assert response.status_code == 400
    assert "at most 32 levels" in response.json()["detail"]


def member_with_token():
    milestone = MilestoneFactory()
    user = UserFactory(groups=["Committee members"], is_staff=True)
    make_responsible(user, milestone.commitment)
    client = APIClient(headers={"accept-language": "en"})
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client, user, milestone


def test_a_token_stops_writing_once_its_account_loses_staff_status():
    client, user, milestone = member_with_token()
    assert record_progress(client, milestone).status_code == 201
    user.is_staff = False
    user.save()
    assert record_progress(client, milestone).status_code == 403


def test_a_token_stops_writing_once_its_account_loses_its_role():
    client, user, milestone = member_with_token()
    user.groups.clear()
    assert record_progress(client, milestone).status_code == 403


def test_the_token_of_a_deactivated_account_stops_working():
    client, user, milestone = member_with_token()
    user.is_active = False
    user.save()
    assert record_progress(client, milestone).status_code == 401
    assert ProgressUpdate.objects.count() == 0


def test_a_progress_post_repeated_with_its_idempotency_key_records_one_update():
    client, _user, milestone = member_with_token()
    headers = {"Idempotency-Key": "0f2c7a9e-retry-after-timeout"}
    body = {"status": "in_progress", "progress": 70, "note": "Map published for comment."}
    url = f"{API}/milestones/{milestone.pk}/progress/"
    first = client.post(url, body, format="json", headers=headers)
    again = client.post(url, body, format="json", headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert ProgressUpdate.objects.count() == 1
    other = client.post(url, body, format="json", headers={"Idempotency-Key": "another"})
    assert other.status_code == 201 and ProgressUpdate.objects.count() == 2
