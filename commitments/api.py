"""Read API for the action plan, and the committee's write: progress on a milestone."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bishkek_ogp.api.views import LanguageMixin

from .filters import CommitmentApiFilter, EvidenceFilter, MilestoneFilter, ProgressUpdateFilter
from .models import (
    ActionPlan,
    Commitment,
    CommitteeMember,
    Evidence,
    Meeting,
    Milestone,
    Organization,
    ProgressUpdate,
)
from .serializers import (
    ActionPlanSerializer,
    CommitmentSerializer,
    CommitteeMemberSerializer,
    EvidenceSerializer,
    MeetingSerializer,
    MilestoneSerializer,
    OrganizationSerializer,
    ProgressUpdateSerializer,
    RecordProgressSerializer,
    ScheduleSerializer,
)
from .services import record_progress, save_milestone


class ReadOnly(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Lists and details; every queryset is ordered to the last column, so pages are stable."""


class ActionPlanViewSet(ReadOnly):
    queryset = (
        ActionPlan.objects.published()
        .prefetch_related("lead_institutions", "endorsed_by")
        .select_related("monitoring_body")
        .order_by("-ends_on", "pk")
    )
    serializer_class = ActionPlanSerializer
    lookup_field = "slug"
    filterset_fields = ["status"]
    ordering_fields = ["ends_on", "starts_on"]


class CommitmentViewSet(ReadOnly):
    queryset = (
        Commitment.objects.published()
        .with_milestones()
        .prefetch_related("ogp_values", "institutions")
        .order_by("code")
    )
    serializer_class = CommitmentSerializer
    lookup_field = "code"
    filterset_class = CommitmentApiFilter
    ordering_fields = ["code", "starts_on", "ends_on", "updated_at"]


class MilestoneViewSet(ReadOnly):
    queryset = (
        Milestone.objects.published()
        .select_related("commitment__plan", "responsible")
        .order_by("commitment__code", "order", "pk")
    )
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    ordering_fields = ["ends_on", "starts_on", "updated_at", "progress"]

    @property
    def required_permission(self) -> str | None:
        # Recording progress adds a progress update; rescheduling changes the milestone: the
        # admin's permission for each.
        return {
            "progress": "commitments.add_progressupdate",
            "schedule": "commitments.change_milestone",
        }.get(self.action)

    @extend_schema(
        request=RecordProgressSerializer,
        responses={201: ProgressUpdateSerializer, 200: ProgressUpdateSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description=(
                    "Any unique text (a UUID) per update. Sending the same request again with "
                    "the same key, after an answer was lost, returns the update recorded the "
                    "first time (200) instead of recording it twice."
                ),
            )
        ],
        summary="Record progress on a milestone",
    )
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None) -> Response:
        milestone = self.get_object()
        data = RecordProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update = record_progress(
            milestone=milestone,
            author=request.user,
            idempotency_key=request.headers.get("Idempotency-Key", "")[:200] or None,
            **data.validated_data,
        )
        body = ProgressUpdateSerializer(update, context=self.get_serializer_context()).data
        repeated = getattr(update, "repeated", False)
        return Response(body, status=status.HTTP_200_OK if repeated else status.HTTP_201_CREATED)

    @extend_schema(
        request=ScheduleSerializer,
        responses={200: MilestoneSerializer},
        summary="Move a milestone's dates",
        description=(
            "Moving a published milestone's due date, or setting one after the plan's end, "
            "needs a reason; it is shown on the public change history."
        ),
    )
    @action(detail=True, methods=["post"])
    def schedule(self, request, pk=None) -> Response:
        milestone = self.get_object()
        data = ScheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reason = data.validated_data.pop("reason", "")
        for name, value in data.validated_data.items():
            setattr(milestone, name, value)
        save_milestone(milestone=milestone, by=request.user, reason=reason)
        return Response(MilestoneSerializer(milestone, context=self.get_serializer_context()).data)


class ProgressUpdateViewSet(ReadOnly):
    queryset = (
        ProgressUpdate.objects.published()
        .for_listing()
        .order_by("-published_on", "-created_at", "-pk")
    )
    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilter
    ordering_fields = ["published_on", "created_at"]


class EvidenceViewSet(ReadOnly):
    queryset = Evidence.objects.filter(update__in=ProgressUpdate.objects.published()).order_by(
        "created_at", "pk"
    )
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter
    ordering_fields = ["created_at"]


class OrganizationViewSet(ReadOnly):
    queryset = Organization.objects.order_by("slug")
    serializer_class = OrganizationSerializer
    lookup_field = "slug"
    filterset_fields = ["kind"]
    ordering_fields = ["slug"]


class CommitteeMemberViewSet(ReadOnly):
    queryset = (
        CommitteeMember.objects.filter(plan__in=ActionPlan.objects.published())
        .select_related("plan", "organization")
        .order_by("plan__slug", "order", "pk")
    )
    serializer_class = CommitteeMemberSerializer
    filterset_fields = ["side"]
    ordering_fields = ["order"]


class MeetingViewSet(ReadOnly):
    queryset = Meeting.objects.published().select_related("plan").order_by("-held_on", "pk")
    serializer_class = MeetingSerializer
    filterset_fields = ["kind"]
    ordering_fields = ["held_on"]
