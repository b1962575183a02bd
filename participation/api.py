"""Participation in the API: published consultations with their public contributions, and the
questions to the committee, for all; answers written by the answering body, with the admin's
permission and through the same `review`."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bishkek_ogp.api.views import LanguageMixin

from .models import Consultation, Contribution, Question
from .serializers import (
    AnswerContributionSerializer,
    AnswerQuestionSerializer,
    ConsultationSerializer,
    ContributionSerializer,
    QuestionSerializer,
)
from .services import review


class ConsultationViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ConsultationSerializer
    filterset_fields = ["commitment__code"]

    def get_queryset(self):
        contributions = Contribution.objects.select_related(
            "became_milestone__commitment", "became_commitment"
        )
        return (
            Consultation.objects.published()
            .select_related("plan", "commitment", "answering_body")
            .prefetch_related(Prefetch("contributions", contributions))
            .order_by("-opens_on", "-pk")
        )


class Answerable(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Published rows for all; `answer` for the answering body (`participation.answer_<row>`)."""

    answer_serializer = None

    @property
    def required_permission(self) -> str | None:
        name = self.queryset.model._meta.model_name
        return f"participation.answer_{name}" if self.action == "answer" else None

    def answer(self, request, pk=None) -> Response:
        row = self.get_object()
        data = self.answer_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        for name, value in data.validated_data.items():
            setattr(row, name, value)
        review(row=row, by=request.user)
        return Response(self.get_serializer(row).data)


class ContributionViewSet(Answerable):
    queryset = (
        Contribution.objects.published()
        .select_related("became_milestone__commitment", "became_commitment")
        .order_by("created_at", "pk")
    )
    serializer_class = ContributionSerializer
    answer_serializer = AnswerContributionSerializer

    @extend_schema(
        request=AnswerContributionSerializer,
        responses={200: ContributionSerializer},
        summary="Answer a contribution (the answering body)",
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None) -> Response:
        return super().answer(request, pk)


class QuestionViewSet(Answerable):
    queryset = Question.objects.published().select_related("commitment").order_by("-created_at")
    serializer_class = QuestionSerializer
    answer_serializer = AnswerQuestionSerializer
    filterset_fields = ["commitment__code"]

    @extend_schema(
        request=AnswerQuestionSerializer,
        responses={200: QuestionSerializer},
        summary="Answer a question to the committee",
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None) -> Response:
        return super().answer(request, pk)
