"""Decompression bombs through every upload, and JSON nested past the limit through every API
write: each refused with a clear message, nothing stored, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Evidence, Meeting
from commitments.services import record_progress
from feedback.models import Feedback
from monitoring.models import CommitmentAssessment
from tests.admin_forms import admin_form_data
from tests.factories import CommitmentAssessmentFactory, MonitoringReportFactory, UserFactory
from tests.feedback.test_submit import form_data
from tests.images import BOMBS

pytestmark = pytest.mark.django_db

LIMIT = "the limit is 40 megapixels"
NESTED = '{"note": ' + "[" * 5000 + "]" * 5000 + "}"


def bomb(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("scan.png", BOMBS[name], content_type="image/png")


@pytest.mark.parametrize("name", BOMBS)
def test_feedback_photo(client, name):
    response = client.post("/en/feedback/", form_data(photo=bomb(name)))
    assert response.status_code == 400 and LIMIT in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("name", BOMBS)
def test_evidence_uploaded_in_the_admin(committee_client, milestone, name):
    update = record_progress(
        milestone=milestone, author=None, status="in_progress", progress=10, note="n"
    )
    url = reverse("admin:commitments_evidence_add")
    data = admin_form_data(committee_client.get(url)) | {
        "update": update.pk, "title_en": "Scan", "file": bomb(name),
    }  # fmt: skip
    response = committee_client.post(url, data)
    assert response.status_code == 200 and LIMIT in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("name", BOMBS)
def test_meeting_minutes_uploaded_in_the_admin(client, plan, name):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("admin:commitments_meeting_add")
    data = admin_form_data(client.get(url)) | {
        "plan": plan.pk, "kind": "committee", "held_on": "2025-03-01", "title_en": "Meeting",
        "minutes": bomb(name),
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200 and LIMIT in response.content.decode()
    assert not Meeting.objects.filter(title_en="Meeting").exists()


def test_progress_through_the_api(committee_api, milestone):
    url = f"/api/v1/milestones/{milestone.pk}/progress/"
    response = committee_api.post(url, NESTED, content_type="application/json")
    assert response.status_code == 400 and "at most 32 levels" in response.json()["detail"]


def test_assessments_through_the_api(monitor_api, plan):
    report = MonitoringReportFactory(plan=plan, status="draft", published_on=None)
    draft = CommitmentAssessmentFactory(report=report, commitment=plan.commitments.first())
    before = CommitmentAssessment.objects.count()
    for method, url in [("post", "/api/v1/assessments/"),
                        ("patch", f"/api/v1/assessments/{draft.pk}/")]:  # fmt: skip
        response = getattr(monitor_api, method)(url, NESTED, content_type="application/json")
        assert response.status_code == 400 and "at most 32 levels" in response.json()["detail"]
    assert CommitmentAssessment.objects.count() == before
