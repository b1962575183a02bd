"""Participation in the API, read-only: published consultations with their public
contributions and answers, and the questions to the committee."""

from django.db.models import Prefetch
from rest_framework import viewsets

from bishkek_ogp.api.views import LanguageMixin

from .models import Consultation, Contribution, Question
from .serializers import ConsultationSerializer, QuestionSerializer


class ConsultationViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ConsultationSerializer
    filterset_fields = ["commitment__code"]

    def get_queryset(self):
        return (
            Consultation.objects.published()
            .select_related("plan", "commitment", "answering_body")
            .prefetch_related(
                Prefetch(
                    "contributions",
                    Contribution.objects.select_related(
                        "became_milestone__commitment", "became_commitment"
                    ),
                )
            )
            .order_by("-opens_on", "-pk")
        )


class QuestionViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Question.objects.published().select_related("commitment").order_by("-created_at")
    serializer_class = QuestionSerializer
    filterset_fields = ["commitment__code"]
