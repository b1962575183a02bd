"""Monitoring in the API: published reports and assessments for all, drafts written by monitors."""

from __future__ import annotations

from rest_framework import mixins, viewsets
from rest_framework.permissions import SAFE_METHODS

from bishkek_ogp.api.views import LanguageMixin

from .filters import AssessmentFilter
from .models import CommitmentAssessment, MonitoringReport, ReportJob
from .serializers import AssessmentSerializer, MonitoringReportSerializer, ReportFileSerializer
from .services import save_draft_assessment


class MonitoringReportViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    queryset = (
        MonitoringReport.objects.published()
        .select_related("plan")
        .prefetch_related("recommendations__commitment", "cocreation_checks", "sources__commitment")
        .order_by("-published_on", "-pk")
    )
    serializer_class = MonitoringReportSerializer
    filterset_fields = ["kind"]
    ordering_fields = ["published_on", "updated_at"]


class AssessmentViewSet(
    LanguageMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    ordering_fields = ["updated_at"]

    def get_queryset(self):
        # Everyone reads the published ones; a monitor's write may target a draft.
        assessments = CommitmentAssessment.objects.select_related("commitment", "report")
        if self.request.method not in SAFE_METHODS:
            return assessments.order_by("pk")
        return (
            assessments.published()
            .prefetch_related("commitment__milestones")
            .order_by("commitment__code", "pk")
        )

    def perform_create(self, serializer) -> None:
        serializer.instance = save_draft_assessment(**serializer.validated_data)

    def perform_update(self, serializer) -> None:
        serializer.instance = save_draft_assessment(
            assessment=serializer.instance, **serializer.validated_data
        )


class ReportFileViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    queryset = (
        ReportJob.objects.published()
        .select_related("plan", "commitment")
        .order_by("-finished_at", "-pk")
    )
    serializer_class = ReportFileSerializer
    lookup_field = "public_id"
    filterset_fields = ["kind", "language"]
    ordering_fields = ["finished_at"]
