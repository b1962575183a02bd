"""The back office's start page, "My work": each role's work first, limited to what is theirs."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.models import ProgressUpdate
from monitoring.models import Recommendation
from tests.factories import (
    CommitmentAssessmentFactory,
    CommitmentFactory,
    FeedbackFactory,
    MilestoneFactory,
    MonitoringReportFactory,
    ProgressUpdateFactory,
    UserFactory,
    make_responsible,
)

pytestmark = pytest.mark.django_db

LATE = datetime.date(2025, 3, 1)


def start_page(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("admin:index")).content.decode()


def panel(page: str, panel_id: str) -> str:
    return page.split(f'id="{panel_id}"')[1].split("</section>")[0]


@pytest.fixture
def mine(committee_user):
    """A late milestone of a commitment in the member's care, with a draft update."""
    milestone = MilestoneFactory(title_en="My late milestone", ends_on=LATE)
    make_responsible(committee_user, milestone.commitment)
    ProgressUpdateFactory(milestone=milestone, published=False, note_en="My draft")
    return milestone


@pytest.fixture
def theirs():
    """A late milestone of another member's commitment, with a draft update."""
    milestone = MilestoneFactory(title_en="Their late milestone", ends_on=LATE)
    make_responsible(UserFactory(groups=["Committee members"]), milestone.commitment)
    ProgressUpdateFactory(milestone=milestone, published=False, note_en="Their draft")
    return milestone


def test_the_start_page_is_called_my_work(client, committee_user):
    assert "<h1>My work</h1>" in start_page(client, committee_user)


def test_a_member_sees_their_commitments_and_only_their_overdue_milestones(
    client, committee_user, mine, theirs
):
    work = panel(start_page(client, committee_user), "committee-work")
    assert mine.commitment.code in work and theirs.commitment.code not in work
    assert "Overdue milestones (1)" in work
    assert "My late milestone" in work and "Their late milestone" not in work


def test_a_member_sees_only_the_drafts_on_their_commitments(client, committee_user, mine, theirs):
    work = panel(start_page(client, committee_user), "committee-work")
    mine_draft = ProgressUpdate.objects.get(milestone=mine)
    theirs_draft = ProgressUpdate.objects.get(milestone=theirs)
    assert "Draft progress updates (1)" in work
    assert reverse("admin:commitments_progressupdate_change", args=[mine_draft.pk]) in work
    assert reverse("admin:commitments_progressupdate_change", args=[theirs_draft.pk]) not in work


def test_a_member_counts_only_the_untranslated_texts_they_may_change(
    client, committee_user, mine, theirs
):
    work = panel(start_page(client, committee_user), "committee-work")
    # Each side has one milestone and one update with English only; commitments are not theirs
    # to change.
    assert "Milestones</a>: 1" in work and "Progress updates</a>: 1" in work
    assert "Commitments</a>" not in work


def test_a_member_without_commitments_is_told_who_assigns_them(client, committee_user, theirs):
    work = panel(start_page(client, committee_user), "committee-work")
    assert "You are not yet responsible for any commitment." in work
    assert "Overdue milestones (0)" in work


def test_a_superuser_sees_every_commitments_work(client, admin_user, mine, theirs):
    work = panel(start_page(client, admin_user), "committee-work")
    assert "Overdue milestones (2)" in work


def test_a_monitor_sees_the_reports_in_progress_and_the_assessments_to_write(client):
    commitment = CommitmentFactory(code="TESTA0001")
    assessed = CommitmentFactory(code="TESTA0002", plan=commitment.plan)
    draft = MonitoringReportFactory(plan=commitment.plan, status="draft", published_on=None)
    CommitmentAssessmentFactory(report=draft, commitment=assessed)
    MonitoringReportFactory(plan=commitment.plan, title_en="Published already")
    page = start_page(client, UserFactory(groups=["Monitors"], is_staff=True))
    work = panel(page, "monitoring-work")
    assert "Reports in progress (1)" in work and "Published already" not in work
    assert "1 assessment to write:" in work
    add = reverse("admin:monitoring_commitmentassessment_add")
    assert f"{add}?report={draft.pk}&amp;commitment={commitment.pk}" in work
    assert "TESTA0002" not in work
    assert 'id="committee-work"' not in page and 'id="moderation-work"' not in page


def test_a_moderator_sees_the_queue_and_the_overdue_answers(client):
    late = FeedbackFactory()
    FeedbackFactory(moderation="approved")
    type(late).objects.filter(pk=late.pk).update(
        answer_due_at=timezone.now() - datetime.timedelta(days=1)
    )
    page = start_page(client, UserFactory(groups=["Feedback moderators"], is_staff=True))
    work = panel(page, "moderation-work")
    assert "1 feedback waiting for moderation" in work
    assert "Answers overdue (1)" in work and late.reference in work
    assert "0 questions waiting for moderation" in work
    assert 'id="committee-work"' not in page and 'id="monitoring-work"' not in page


def queries_for_start_page(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("admin:index"))
    return len(queries)


def test_the_start_page_costs_the_same_queries_however_much_work_there_is(
    client, committee_user, mine
):
    client.force_login(committee_user)
    few = queries_for_start_page(client)
    for _more in range(4):
        milestone = MilestoneFactory(commitment=mine.commitment, ends_on=LATE)
        ProgressUpdateFactory(milestone=milestone, published=False)
        other = MilestoneFactory(commitment__plan=mine.commitment.plan, ends_on=LATE)
        make_responsible(committee_user, other.commitment)
    assert queries_for_start_page(client) == few


def test_a_member_sees_the_recommendations_awaiting_the_citys_response_on_their_commitments(
    client, committee_user, mine, theirs
):
    report = MonitoringReportFactory(plan=mine.commitment.plan)
    for commitment, text in [
        (mine.commitment, "Publish the hearing minutes."),
        (theirs.commitment, "Map the land plots."),
        (None, "Keep the committee's parity."),
    ]:
        Recommendation.objects.create(report=report, commitment=commitment, text_en=text)
    Recommendation.objects.create(
        report=report,
        commitment=mine.commitment,
        text_en="Already answered.",
        response="accepted",
        responded_on=datetime.date(2026, 2, 1),
    )
    work = panel(start_page(client, committee_user), "recommendations-work")
    assert "Recommendations to answer (2)" in work
    assert "Publish the hearing minutes." in work and "Keep the committee&#x27;s parity." in work
    assert "Map the land plots." not in work and "Already answered." not in work
