"""A commitment's progress is the weighted roll-up of its milestones, mapped onto the IRM scale."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import (
    Commitment,
    CompletionLevel,
    Milestone,
    completion_level,
    weighted_progress,
)
from tests.factories import CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def milestone(progress: int, weight: int = 1, status: str = "in_progress") -> Milestone:
    return Milestone(progress=progress, weight=weight, status=status)


def test_equal_weights_give_the_plain_average():
    assert weighted_progress([milestone(20), milestone(60), milestone(100)]) == 60


def test_weights_shift_the_average():
    assert weighted_progress([milestone(0, weight=1), milestone(100, weight=3)]) == 75


def test_half_percent_rounds_up():
    assert weighted_progress([milestone(50), milestone(51)]) == 51


def test_no_milestones_means_no_progress():
    assert weighted_progress([]) == 0


def test_all_zero_weights_fall_back_to_the_plain_average():
    assert weighted_progress([milestone(40, weight=0), milestone(80, weight=0)]) == 60


def test_zero_weight_milestone_does_not_count_among_weighted_ones():
    assert weighted_progress([milestone(0, weight=0), milestone(80, weight=2)]) == 80


def test_cancelled_milestones_are_left_out():
    assert weighted_progress([milestone(100), milestone(0, status="cancelled")]) == 100


@pytest.mark.parametrize(
    ("progress", "level"),
    [
        (0, CompletionLevel.NOT_STARTED),
        (1, CompletionLevel.LIMITED),
        (49, CompletionLevel.LIMITED),
        (50, CompletionLevel.SUBSTANTIAL),
        (99, CompletionLevel.SUBSTANTIAL),
        (100, CompletionLevel.COMPLETE),
    ],
)
def test_completion_level_follows_progress(progress, level):
    assert completion_level(progress) == level


def test_commitment_past_its_end_and_incomplete_is_overdue():
    commitment = CommitmentFactory(ends_on=datetime.date(2025, 12, 31))
    MilestoneFactory(commitment=commitment, status="in_progress", progress=60)
    assert commitment.is_overdue


def test_complete_commitment_is_never_overdue():
    commitment = CommitmentFactory(ends_on=datetime.date(2025, 12, 31))
    MilestoneFactory(commitment=commitment, status="completed", progress=100)
    assert not commitment.is_overdue


def test_commitment_before_its_end_is_not_overdue():
    future = datetime.date.today() + datetime.timedelta(days=30)
    commitment = CommitmentFactory(ends_on=future)
    assert not commitment.is_overdue


def test_milestone_past_due_and_open_is_overdue():
    late = MilestoneFactory(ends_on=datetime.date(2025, 2, 1), status="in_progress", progress=10)
    MilestoneFactory(ends_on=datetime.date(2025, 2, 1), status="completed", progress=100)
    assert late.is_overdue
    assert list(Milestone.objects.overdue()) == [late]


def test_listing_commitments_with_progress_costs_constant_queries():
    for _ in range(3):
        MilestoneFactory.create_batch(2, commitment=CommitmentFactory(), progress=50,
                                      status="in_progress")  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        figures = [c.progress for c in Commitment.objects.published().with_milestones()]
    assert figures == [50, 50, 50]
    assert len(queries) == 2
