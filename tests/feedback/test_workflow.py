"""Moderators' access and privacy housekeeping."""

import datetime

import pytest
from django.utils import timezone

from feedback.models import District, Feedback, Service
from feedback.tasks import forget_submitter_ips
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def feedback(**kwargs) -> Feedback:
    return Feedback.objects.create(
        service=Service.objects.get(code="roads"),
        district=District.objects.get(slug="sverdlovsky"),
        rating=2,
        description="Pothole",
        tracking_digest=kwargs.pop("tracking_digest", "x" * 64),
        **kwargs,
    )


def test_submitter_ip_is_forgotten_after_30_days():
    old = feedback(submitter_ip="203.0.113.9", tracking_digest="a" * 64)
    Feedback.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = feedback(submitter_ip="203.0.113.10", tracking_digest="b" * 64)
    assert forget_submitter_ips() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.submitter_ip is None
    assert recent.submitter_ip == "203.0.113.10"


def test_moderator_sees_the_moderation_queue_without_personal_data(client):
    feedback(email="private@example.org", submitter_ip="203.0.113.9")
    client.force_login(UserFactory(groups=["Feedback moderators"], is_staff=True))
    page = client.get("/admin/feedback/feedback/?moderation__exact=pending")
    assert page.status_code == 200
    change = client.get(f"/admin/feedback/feedback/{Feedback.objects.get().pk}/change/")
    assert "203.0.113.9" not in change.content.decode()


def test_committee_member_cannot_see_feedback_admin(committee_client):
    assert committee_client.get("/admin/feedback/feedback/").status_code == 403


def test_kgbsk0003_page_links_to_the_feedback_tool(client, plan):
    page = client.get("/en/commitments/KGBSK0003/").content.decode()
    assert 'href="/en/feedback/"' in page
