"""The read API's shapes for the action plan; texts in the request's language (see the API docs)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bishkek_ogp.api.fields import TextProvenanceField

from .models import (
    ActionPlan,
    Commitment,
    CommitteeMember,
    Evidence,
    Meeting,
    Milestone,
    MilestoneStatus,
    Organization,
    ProgressUpdate,
)


class OrganizationSerializer(serializers.ModelSerializer):
    texts = TextProvenanceField()

    class Meta:
        model = Organization
        fields = [
            "slug",
            "name",
            "abbreviation",
            "kind",
            "website",
            "public_contact",
            "texts",
        ]


class ActionPlanSerializer(serializers.ModelSerializer):
    lead_institutions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    endorsed_by = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    monitoring_body = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )

    texts = TextProvenanceField()

    class Meta:
        model = ActionPlan
        fields = [
            "slug",
            "title",
            "jurisdiction",
            "status",
            "submitted_on",
            "starts_on",
            "ends_on",
            "summary",
            "lead_institutions",
            "monitoring_body",
            "endorsed_by",
            "source_url",
            "texts",
        ]


class CommitmentSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    ogp_values = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    institutions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    progress = serializers.IntegerField(
        read_only=True,
        help_text=_(
            "Percentage complete as reported by the city (its milestones' weighted progress); "
            "the monitoring body's verdict is in /assessments/."
        ),
    )
    progress_includes_demo = serializers.BooleanField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    texts = TextProvenanceField()

    class Meta:
        model = Commitment
        fields = [
            "code",
            "plan",
            "title",
            "problem",
            "status_quo",
            "objective",
            "ogp_values",
            "institutions",
            "starts_on",
            "ends_on",
            "progress",
            "progress_includes_demo",
            "is_overdue",
            "funding_source",
            "source_url",
            "updated_at",
            "texts",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    commitment = serializers.SlugRelatedField(slug_field="code", read_only=True)
    responsible = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    page = serializers.SerializerMethodField(help_text=_("The milestone's public page."))

    texts = TextProvenanceField()

    class Meta:
        model = Milestone
        fields = [
            "id",
            "code",
            "commitment",
            "page",
            "order",
            "title",
            "description",
            "expected_output",
            "starts_on",
            "ends_on",
            "responsible",
            "status",
            "progress",
            "weight",
            "is_overdue",
            "is_demo",
            "updated_at",
            "texts",
        ]

    def get_page(self, milestone: Milestone) -> str:
        request = self.context.get("request")
        url = milestone.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    texts = TextProvenanceField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "update",
            "title",
            "url",
            "is_demo",
            "texts",
        ]

    def get_url(self, evidence: Evidence) -> str:
        if evidence.url:
            return evidence.url
        return self.context["request"].build_absolute_uri(evidence.href)


class ProgressUpdateSerializer(serializers.ModelSerializer):
    milestone = serializers.PrimaryKeyRelatedField(read_only=True)
    commitment = serializers.CharField(source="milestone.commitment.code", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    texts = TextProvenanceField()

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "milestone",
            "commitment",
            "published_on",
            "status",
            "progress",
            "note",
            "evidence",
            "is_demo",
            "created_at",
            "texts",
        ]


class RecordProgressSerializer(serializers.Serializer):
    """A committee member's progress report on one milestone (the admin's "Record progress")."""

    status = serializers.ChoiceField(choices=MilestoneStatus.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    # Required: an update needs its note in at least one language. The pattern tells clients
    # that spaces alone are blank too (the field trims them).
    note = serializers.CharField(max_length=5000, validators=[RegexValidator(r"\S")])
    published_on = serializers.DateField(
        required=False,
        help_text=_(
            "When it happened (today when left out): not in the future, not before the "
            "commitment began."
        ),
    )
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text=_("Needed when the update lowers a published milestone's status or progress."),
    )


class ScheduleSerializer(serializers.Serializer):
    """New dates for a milestone (either or both), and why they change."""

    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text=_(
            "Needed to move a published milestone's due date, or to set one after the plan's "
            "end; shown on the public change history."
        ),
    )


class CommitteeMemberSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    texts = TextProvenanceField()

    class Meta:
        model = CommitteeMember
        # Names and positions are published on the site's committee page; no user account.
        fields = ["id", "plan", "full_name", "position", "organization", "side", "active_from",
                  "active_until", "texts"]  # fmt: skip


class MeetingSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    minutes = serializers.SerializerMethodField()

    texts = TextProvenanceField()

    class Meta:
        model = Meeting
        fields = ["id", "plan", "kind", "held_on", "starts_at", "ends_at", "title", "place",
                  "agenda", "how_to_attend", "summary", "participants", "minutes", "source_url",
                  "texts"]  # fmt: skip

    def get_minutes(self, meeting: Meeting) -> str | None:
        if not meeting.minutes:
            return None
        return self.context["request"].build_absolute_uri(meeting.minutes_url)
