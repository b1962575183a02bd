"""The seven roles of the matrix and the data they act on.

Rows are created on first use (`cached_property`), so each test builds only what its action
touches; everything an action needs exists before the database is snapshotted.
"""

from __future__ import annotations

import datetime
import secrets
from functools import cached_property

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bishkek_ogp.lib.repeats import token_digest
from commitments.models import (
    CommitmentInstitution,
    Evidence,
    Meeting,
    Notification,
    OgpValue,
    Subscription,
)
from feedback.models import District, Feedback, Open311Key, ResponseTemplate, Service
from feedback.services import create_open311_key
from monitoring.models import ReportJob
from participation.models import Contribution, Question
from tests.factories import (
    ActionPlanFactory,
    CommitmentAssessmentFactory,
    CommitmentFactory,
    CommitteeMemberFactory,
    ConsultationFactory,
    FeedbackFactory,
    MilestoneFactory,
    MonitoringReportFactory,
    OrganizationFactory,
    ProgressUpdateFactory,
    UserFactory,
    make_responsible,
)

ANONYMOUS = "anonymous"
CITIZEN = "citizen"  # anonymous, holding the tracking token of their own feedback
MEMBER = "member-A"  # committee member responsible for commitment A
OTHER = "member-B"  # committee member responsible for commitment B only
MONITOR = "monitor"
MODERATOR = "moderator"
SUPERUSER = "superuser"

ROLES = [ANONYMOUS, CITIZEN, MEMBER, OTHER, MONITOR, MODERATOR, SUPERUSER]
SIGNED_OUT = frozenset({ANONYMOUS, CITIZEN})
COMMITTEE = frozenset({MEMBER, OTHER})
STAFF = frozenset({MEMBER, OTHER, MONITOR, MODERATOR, SUPERUSER})
EVERYONE = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()

GROUPS = {
    MEMBER: "Committee members",
    OTHER: "Committee members",
    MONITOR: "Monitors",
    MODERATOR: "Feedback moderators",
}


def resolved_feedback(description: str) -> tuple[Feedback, str]:
    """Feedback the city marked resolved, with the tracking token its citizen holds."""
    token = secrets.token_urlsafe(32)
    feedback = FeedbackFactory(
        description=description,
        tracking_digest=token_digest(token),
        status=Feedback.Status.RESOLVED,
        public_answer="Fixed on Monday.",
        first_answered_at=timezone.now(),
        resolved_at=timezone.now(),
    )
    return feedback, token


def attached_scan(update, title: str) -> Evidence:
    """Evidence of `update` with an uploaded PDF whose bytes carry `title`: each file is its own."""
    content = f"%PDF-1.4 {title}".encode()
    return Evidence.objects.create(
        update=update, title_en=title, file=SimpleUploadedFile("scan.pdf", content)
    )


class World:
    """One action plan with commitments A and B, and a row of every kind the roles act on."""

    @cached_property
    def plan(self):
        return ActionPlanFactory()

    @cached_property
    def organization(self):
        return OrganizationFactory()

    @cached_property
    def commitment_a(self):
        return CommitmentFactory(plan=self.plan)

    @cached_property
    def commitment_b(self):
        return CommitmentFactory(plan=self.plan)

    @cached_property
    def unpublished(self):
        return CommitmentFactory(plan=self.plan, published=False)

    @cached_property
    def milestone_a(self):
        return MilestoneFactory(commitment=self.commitment_a, status="in_progress", progress=50)

    @cached_property
    def milestone_b(self):
        return MilestoneFactory(commitment=self.commitment_b, status="in_progress", progress=50)

    @cached_property
    def draft_a(self):
        return ProgressUpdateFactory(
            milestone=self.milestone_a, progress=60, note_en="Draft note of A", published=False
        )

    @cached_property
    def update_a(self):
        return ProgressUpdateFactory(milestone=self.milestone_a, progress=50)

    @cached_property
    def update_b(self):
        return ProgressUpdateFactory(milestone=self.milestone_b, progress=50)

    @cached_property
    def evidence_a(self):
        return Evidence.objects.create(
            update=self.update_a, title_en="Hearing minutes", url="https://example.org/minutes"
        )

    @cached_property
    def draft_evidence_file(self):
        """A scan attached to A's draft: not public until the update is published."""
        return attached_scan(self.draft_a, "Draft scan")

    @cached_property
    def published_evidence_file(self):
        return attached_scan(self.update_a, "Signed scan")

    @cached_property
    def feedback_photo(self):
        """A citizen's photo, stored with their feedback."""
        photo = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 a citizen's photo")
        return FeedbackFactory(photo=photo)

    @cached_property
    def meeting(self):
        return Meeting.objects.create(
            plan=self.plan,
            kind=Meeting.Kind.COMMITTEE,
            held_on=datetime.date(2025, 3, 1),
            title_en="Committee meeting",
            published=False,
        )

    @cached_property
    def member_seat(self):
        return CommitteeMemberFactory(plan=self.plan, organization=self.organization)

    @cached_property
    def institution(self):
        return CommitmentInstitution.objects.create(
            commitment=self.commitment_a, organization=self.organization
        )

    @cached_property
    def ogp_value(self):
        return OgpValue.objects.first()

    @cached_property
    def draft_report(self):
        return MonitoringReportFactory(plan=self.plan, status="draft", title_en="Draft findings")

    @cached_property
    def published_report(self):
        return MonitoringReportFactory(plan=self.plan)

    @cached_property
    def recommendation(self):
        """A recommendation of the published report, not answered yet."""
        return self.published_report.recommendations.create(text_en="Publish the minutes.")

    @cached_property
    def assessment(self):
        """Commitment A's assessment in the draft report."""
        return CommitmentAssessmentFactory(report=self.draft_report, commitment=self.commitment_a)

    @cached_property
    def job(self):
        """A PDF report still queued: not public yet."""
        return ReportJob.objects.create(
            kind=ReportJob.Kind.COMMITMENT,
            plan=self.plan,
            commitment=self.commitment_a,
            language="en",
            data_fingerprint="0" * 64,
        )

    @cached_property
    def subscription(self):
        return Subscription.objects.create(
            email="follower@example.org",
            plan=self.plan,
            commitment=self.commitment_a,
            language="en",
        )

    @cached_property
    def notification(self):
        return Notification.objects.create(subscription=self.subscription, update=self.update_a)

    @cached_property
    def own_feedback(self) -> tuple[Feedback, str]:
        """The citizen's feedback and its tracking token."""
        return resolved_feedback("My street light is out.")

    @cached_property
    def others_feedback(self) -> tuple[Feedback, str]:
        """Another citizen's feedback and its tracking token, which the citizen does not hold."""
        return resolved_feedback("Their yard was not cleaned.")

    @cached_property
    def open_feedback(self):
        return FeedbackFactory(description="Pothole on Chui Avenue.")

    @cached_property
    def consultation(self):
        return ConsultationFactory(plan=self.plan, published=False, title_en="Draft consultation")

    def _citizen_text(self, model, moderation: str, **subject):
        return model.objects.create(
            text="Light the park paths.", language="en", moderation=moderation,
            tracking_digest=token_digest(secrets.token_hex(8)), **subject,
        )  # fmt: skip

    @cached_property
    def contribution(self):
        """A contribution waiting for moderation."""
        return self._citizen_text(Contribution, "pending", consultation=self.consultation,
                                  kind="proposal")  # fmt: skip

    @cached_property
    def open_consultation(self):
        return ConsultationFactory(plan=self.plan, title_en="Open consultation")

    @cached_property
    def published_contribution(self):
        return self._citizen_text(Contribution, "approved", consultation=self.open_consultation,
                                  kind="comment")  # fmt: skip

    @cached_property
    def question(self):
        """A question waiting for moderation."""
        return self._citizen_text(Question, "pending", commitment=self.commitment_a)

    @cached_property
    def published_question(self):
        return self._citizen_text(Question, "approved", commitment=self.commitment_a)

    @cached_property
    def hidden_feedback(self):
        return FeedbackFactory(description="Hidden: names a neighbour.", moderation="hidden")

    @cached_property
    def service(self):
        return Service.objects.get(code="roads")

    @cached_property
    def district(self):
        return District.objects.get(slug="leninsky")

    @cached_property
    def response_template(self):
        return ResponseTemplate.objects.first()

    @cached_property
    def open311_secret(self) -> str:
        return create_open311_key(name="My City").secret

    @cached_property
    def open311_key(self):
        return Open311Key.objects.get(prefix=self.open311_secret[:8])

    @cached_property
    def revoked_open311_secret(self) -> str:
        key = create_open311_key(name="Old partner")
        Open311Key.objects.filter(pk=key.pk).update(active=False)
        return key.secret

    @cached_property
    def nobody(self):
        """An account with no role: the target of attempts to raise privileges."""
        return UserFactory()

    @cached_property
    def committee_group(self):
        return Group.objects.get(name="Committee members")


class Actor:
    """Someone acting in one role: a browser session and a client of the token API."""

    def __init__(self, role: str, world: World) -> None:
        self.role = role
        self.user: User | None = None
        self.tracking_tokens: dict[int, str] = {}
        if role == CITIZEN:
            feedback, token = world.own_feedback
            self.tracking_tokens[feedback.pk] = token
        elif role == SUPERUSER:
            self.user = UserFactory(is_staff=True, is_superuser=True)
        elif role in GROUPS:
            self.user = UserFactory(groups=[GROUPS[role]], is_staff=True)
        if role == MEMBER:
            make_responsible(self.user, world.commitment_a)
        elif role == OTHER:
            make_responsible(self.user, world.commitment_b)
        # Signed in before anything is measured: signing in writes the last login time.
        self.client, self.api = self.browser(), self.api_client()

    def browser(self) -> Client:
        client = Client(headers={"accept-language": "en"})
        if self.user is not None:
            client.force_login(self.user)
        return client

    def api_client(self) -> APIClient:
        client = APIClient(headers={"accept-language": "en"})
        if self.user is not None:
            token = Token.objects.create(user=self.user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    def tracking_token(self, feedback: Feedback) -> str:
        """The token this actor holds for `feedback`; without one, all anyone has is its public
        id (listed on the public site)."""
        return self.tracking_tokens.get(feedback.pk, str(feedback.public_id))
