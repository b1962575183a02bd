"""Every validation rule of the domain model: bad input gets a clear error and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commitments.models import Commitment, CommitteeMember, Milestone
from tests.factories import (
    ActionPlanFactory,
    CommitmentFactory,
    CommitteeMemberFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize("code", ["kgbsk0001", "KGBS0001", "KGBSK001", "KGBSK00012", "KGBSK0001\n"])
def test_malformed_commitment_code_is_refused(code):
    commitment = CommitmentFactory.build(plan=ActionPlanFactory(), code=code)
    assert "five capital letters and four digits" in errors_of(commitment)["code"][0]
    assert not Commitment.objects.exists()


def test_commitment_cannot_end_before_it_starts():
    commitment = CommitmentFactory.build(
        plan=ActionPlanFactory(),
        starts_on=datetime.date(2025, 6, 1),
        ends_on=datetime.date(2025, 5, 1),
    )
    assert errors_of(commitment)["ends_on"] == ["A commitment cannot end before it starts."]


def test_plan_cannot_end_before_it_starts():
    plan = ActionPlanFactory.build(
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    assert errors_of(plan)["ends_on"] == ["The plan cannot end before it starts."]


def test_milestone_due_date_cannot_precede_start():
    milestone = MilestoneFactory.build(
        commitment=CommitmentFactory(),
        starts_on=datetime.date(2025, 5, 1),
        ends_on=datetime.date(2025, 4, 1),
    )
    assert errors_of(milestone)["ends_on"] == ["The due date cannot be before the start date."]
    assert not Milestone.objects.exists()


def test_completed_milestone_must_be_at_100_percent():
    milestone = MilestoneFactory.build(
        commitment=CommitmentFactory(), status="completed", progress=80
    )
    assert errors_of(milestone)["progress"] == ["A completed milestone has 100% progress."]


def test_not_started_milestone_must_be_at_0_percent():
    milestone = MilestoneFactory.build(
        commitment=CommitmentFactory(), status="not_started", progress=10
    )
    assert errors_of(milestone)["progress"] == ["A milestone that has not started has 0% progress."]


def test_progress_above_100_is_refused():
    milestone = MilestoneFactory.build(
        commitment=CommitmentFactory(), status="in_progress", progress=150
    )
    assert errors_of(milestone)["progress"] == ["Progress is a percentage between 0 and 100."]


def test_database_refuses_inconsistent_milestone_even_without_validation():
    milestone = MilestoneFactory.build(
        commitment=CommitmentFactory(), status="completed", progress=10
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        milestone.save()
    assert not Milestone.objects.exists()


def test_milestone_number_is_unique_within_a_commitment():
    first = MilestoneFactory(order=1)
    duplicate = MilestoneFactory.build(commitment=first.commitment, order=1)
    assert "__all__" in errors_of(duplicate)


def test_fourth_active_member_on_one_side_breaks_parity():
    plan = ActionPlanFactory()
    CommitteeMemberFactory.create_batch(3, plan=plan, side=CommitteeMember.Side.MAYORS_OFFICE)
    fourth = CommitteeMemberFactory.build(
        plan=plan,
        side=CommitteeMember.Side.MAYORS_OFFICE,
        organization=CommitteeMember.objects.first().organization,
    )
    assert "parity" in errors_of(fourth)["side"][0]
    assert CommitteeMember.objects.count() == 3


def test_member_who_left_frees_the_seat():
    plan = ActionPlanFactory()
    members = CommitteeMemberFactory.create_batch(3, plan=plan, side="civil_society")
    members[0].active_until = datetime.date(2024, 12, 31)
    members[0].save()
    newcomer = CommitteeMemberFactory.build(
        plan=plan, side="civil_society", organization=members[0].organization
    )
    newcomer.full_clean()


def test_member_cannot_leave_before_joining():
    member = CommitteeMemberFactory.build(
        plan=ActionPlanFactory(),
        organization=CommitteeMemberFactory().organization,
        active_from=datetime.date(2025, 3, 1),
        active_until=datetime.date(2025, 2, 1),
    )
    assert errors_of(member)["active_until"] == ["A member cannot leave before joining."]
