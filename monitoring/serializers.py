from rest_framework import serializers

from bishkek_ogp.api.fields import TextProvenanceField
from commitments.models import Commitment

from .models import (
    CoCreationCheck,
    CommitmentAssessment,
    MonitoringReport,
    Recommendation,
    ReportJob,
    ReportSource,
)
from .models.report import JUSTIFICATIONS
from .selectors import revisions, revisions_of


class RecommendationSerializer(serializers.ModelSerializer):
    """A recommendation with the city's response, in the request's language."""

    commitment = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "commitment",
            "text",
            "follows_up",
            "response",
            "response_reason",
            "planned_action",
            "responded_on",
            "implementation",
            "implementation_note",
        ]


class CoCreationCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoCreationCheck
        fields = ["standard", "rating", "evidence"]


class ReportSourceSerializer(serializers.ModelSerializer):
    commitment = serializers.SlugRelatedField(slug_field="code", read_only=True)
    address = serializers.SerializerMethodField(help_text="The link, or the file's download URL.")

    class Meta:
        model = ReportSource
        fields = ["title", "address", "commitment", "accessed_on"]

    def get_address(self, source: ReportSource) -> str:
        return self.context["request"].build_absolute_uri(source.href)


class MonitoringReportSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    page = serializers.SerializerMethodField(help_text="The report's page on the site.")
    recommendations = RecommendationSerializer(many=True, read_only=True)
    cocreation = CoCreationCheckSerializer(many=True, read_only=True, source="cocreation_checks")
    sources = ReportSourceSerializer(many=True, read_only=True)

    texts = TextProvenanceField()

    class Meta:
        model = MonitoringReport
        fields = [
            "id",
            "plan",
            "title",
            "kind",
            "covers_from",
            "covers_until",
            "summary",
            "methodology",
            "findings",
            "authors",
            "published_on",
            "updated_at",
            "page",
            "recommendations",
            "cocreation",
            "sources",
            "texts",
        ]

    def get_page(self, report: MonitoringReport) -> str:
        return self.context["request"].build_absolute_uri(report.get_absolute_url())


class AssessmentListSerializer(serializers.ListSerializer):
    """A page of assessments reads all their revisions in one query."""

    def to_representation(self, data):
        rows = list(data.all() if hasattr(data, "all") else data)
        ids = [row.pk for row in rows]
        self.child.context["revisions"] = revisions_of(CommitmentAssessment, ids)
        return super().to_representation(rows)


class AssessmentSerializer(serializers.ModelSerializer):
    """Texts (narrative, justifications) are read and written in the request's language; the
    indicators a report does not judge are left empty."""

    report = serializers.PrimaryKeyRelatedField(queryset=MonitoringReport.objects.all())
    commitment = serializers.SlugRelatedField(slug_field="code", queryset=Commitment.objects.all())

    texts = TextProvenanceField()
    revisions = serializers.SerializerMethodField(
        help_text="Changes made to it after publication, newest first: when, why, and the "
        "verdict they replaced."
    )

    class Meta:
        list_serializer_class = AssessmentListSerializer
        model = CommitmentAssessment
        fields = [
            "id",
            "report",
            "commitment",
            "verifiability",
            "access_to_information",
            "civic_participation",
            "public_accountability",
            "technology_innovation",
            "inclusion",
            "potential_for_results",
            "completion",
            "opened_government",
            "early_results",
            *JUSTIFICATIONS,
            "narrative",
            "evidence",
            "disagrees_with_government",
            "updated_at",
            "texts",
            "revisions",
        ]
        read_only_fields = ["disagrees_with_government", "updated_at"]

    def get_revisions(self, assessment: CommitmentAssessment) -> list[dict]:
        if assessment.pk is None:
            return []
        known = self.context.get("revisions", {})
        found = known[assessment.pk] if assessment.pk in known else revisions(assessment)
        return [
            {
                "revised_at": revision.revised_at.isoformat(),
                "reason": revision.reason,
                "earlier": {
                    "completion": revision.earlier.completion,
                    "potential_for_results": revision.earlier.potential_for_results,
                    "verifiability": revision.earlier.verifiability,
                    "narrative": revision.earlier.narrative,
                },
            }
            for revision in found
        ]


class ReportFileSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    commitment = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "plan",
            "commitment",
            "monitoring_report",
            "language",
            "data_as_of",
            "finished_at",
            "size",
            "sha256",
            "download_url",
        ]

    def get_download_url(self, job: ReportJob) -> str:
        return self.context["request"].build_absolute_uri(job.get_absolute_url())
