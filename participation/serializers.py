from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bishkek_ogp.api.fields import TextProvenanceField
from commitments.models import Commitment, Milestone

from .models import TEXT_MAX_LENGTH, Consultation, Contribution, Question


class ContributionSerializer(serializers.ModelSerializer):
    """A published contribution and its answer: nothing personal (no email, no address)."""

    became = serializers.SerializerMethodField(help_text="The milestone or commitment code.")
    language = serializers.CharField(read_only=True, help_text="The language it was written in.")

    class Meta:
        model = Contribution
        fields = ["id", "consultation", "kind", "text", "language", "created_at", "response",
                  "response_reason", "responded_at", "became"]  # fmt: skip

    def get_became(self, contribution: Contribution) -> str | None:
        became = contribution.became_milestone or contribution.became_commitment
        return became.code if became else None


class ConsultationSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    commitment = serializers.SlugRelatedField(slug_field="code", read_only=True)
    answering_body = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    contributions = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    texts = TextProvenanceField()

    class Meta:
        model = Consultation
        fields = ["id", "plan", "commitment", "title", "question", "opens_on", "closes_on",
                  "answering_body", "summary", "page", "contributions", "texts"]  # fmt: skip

    @extend_schema_field(ContributionSerializer(many=True))
    def get_contributions(self, consultation: Consultation) -> list[dict]:
        public = [c for c in consultation.contributions.all() if c.moderation == "approved"]
        return ContributionSerializer(public, many=True).data

    def get_page(self, consultation: Consultation) -> str:
        return self.context["request"].build_absolute_uri(consultation.get_absolute_url())


class QuestionSerializer(serializers.ModelSerializer):
    commitment = serializers.SlugRelatedField(slug_field="code", read_only=True)
    language = serializers.CharField(read_only=True, help_text="The language it was written in.")

    class Meta:
        model = Question
        fields = ["id", "commitment", "text", "language", "created_at", "answer", "answered_at",
                  "answer_due_on"]  # fmt: skip


class AnswerContributionSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=Contribution.Response.choices)
    response_reason = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    became_milestone = serializers.PrimaryKeyRelatedField(
        queryset=Milestone.objects.published(), required=False, allow_null=True
    )
    became_commitment = serializers.SlugRelatedField(
        slug_field="code", queryset=Commitment.objects.published(), required=False,
        allow_null=True,
    )  # fmt: skip


class AnswerQuestionSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=TEXT_MAX_LENGTH)
