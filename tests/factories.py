import datetime

import factory
from django.contrib.auth.models import Group, User

from commitments.models import (
    ActionPlan,
    Commitment,
    CommitteeMember,
    Milestone,
    Organization,
    ProgressUpdate,
)
from feedback.models import District, Service


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"org-{n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organization.Kind.GOVERNMENT


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    slug = factory.Sequence(lambda n: f"plan-{n}")
    title_en = factory.Sequence(lambda n: f"Action plan {n}")
    jurisdiction_en = "Bishkek, Kyrgyz Republic"
    submitted_on = datetime.date(2025, 1, 17)
    # Still running by the test clock: its late milestones are overdue, not "not completed".
    ends_on = datetime.date(2030, 12, 31)


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    plan = factory.SubFactory(ActionPlanFactory)
    full_name = factory.Sequence(lambda n: f"Member {n}")
    organization = factory.SubFactory(OrganizationFactory)
    side = CommitteeMember.Side.CIVIL_SOCIETY


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    plan = factory.SubFactory(ActionPlanFactory)
    code = factory.Sequence(lambda n: f"TESTX{n:04d}")
    title_en = factory.Sequence(lambda n: f"Commitment {n}")
    starts_on = datetime.date(2025, 1, 1)
    ends_on = datetime.date(2025, 12, 31)
    published = True


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Milestone {n}")
    starts_on = datetime.date(2025, 1, 1)
    ends_on = datetime.date(2025, 6, 30)
    # As save_milestone creates one: progress comes with progress updates.
    status = Milestone.Status.NOT_STARTED
    progress = 0


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    milestone = factory.SubFactory(MilestoneFactory)
    note_en = "Work continues."
    status = Milestone.Status.IN_PROGRESS
    progress = 50


class MonitoringReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "monitoring.MonitoringReport"

    plan = factory.SubFactory(ActionPlanFactory)
    title_en = factory.Sequence(lambda n: f"Monitoring report {n}")
    kind = "interim"
    status = "published"
    published_on = datetime.date(2025, 7, 1)


class CommitmentAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "monitoring.CommitmentAssessment"

    report = factory.SubFactory(MonitoringReportFactory)
    commitment = factory.SubFactory(CommitmentFactory)
    verifiability = "verifiable"
    potential_for_results = "modest"
    completion = "limited"
    narrative_en = "Work has started but evidence is thin."


class FeedbackFactory(factory.django.DjangoModelFactory):
    """Feedback on a catalogue service (created by the migrations) from a random citizen."""

    class Meta:
        model = "feedback.Feedback"

    service = factory.LazyFunction(lambda: Service.objects.get(code="roads"))
    district = factory.LazyFunction(lambda: District.objects.get(slug="leninsky"))
    rating = 3
    description = factory.Sequence(lambda n: f"Report number {n}")
    tracking_digest = factory.Sequence(lambda n: f"{n:064x}")


def make_responsible(user, *commitments) -> None:
    """Seat `user` on the committee and make them responsible for `commitments`."""
    for commitment in commitments:
        member, _created = CommitteeMember.objects.get_or_create(
            plan=commitment.plan,
            user=user,
            defaults={
                "full_name": user.get_username(),
                "organization": OrganizationFactory(),
                "side": CommitteeMember.Side.CIVIL_SOCIETY,
            },
        )
        commitment.responsible_members.add(member)


class ConsultationFactory(factory.django.DjangoModelFactory):
    """An open consultation on the plan's co-creation, answered by the plan's lead institution."""

    class Meta:
        model = "participation.Consultation"

    plan = factory.SubFactory(ActionPlanFactory)
    title_en = factory.Sequence(lambda n: f"Consultation {n}")
    question_en = "Which services should the next plan improve first?"
    opens_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=21))
    answering_body = factory.SubFactory(OrganizationFactory)
