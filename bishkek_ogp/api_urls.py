"""The REST API: /api/v1/ (data), /api/schema/ (OpenAPI 3), /api/docs/ and /api/redoc/."""

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from bishkek_ogp.api.views import LanguageMixin
from commitments import api as plan_api
from feedback.api import FeedbackStatisticsView
from monitoring import api as monitoring_api
from participation import api as participation_api

router = DefaultRouter()
router.register("plans", plan_api.ActionPlanViewSet, basename="plan")
router.register("commitments", plan_api.CommitmentViewSet, basename="commitment")
router.register("milestones", plan_api.MilestoneViewSet, basename="milestone")
router.register("updates", plan_api.ProgressUpdateViewSet, basename="update")
router.register("evidence", plan_api.EvidenceViewSet, basename="evidence")
router.register("organisations", plan_api.OrganizationViewSet, basename="organisation")
router.register("committee-members", plan_api.CommitteeMemberViewSet, basename="committee-member")
router.register("meetings", plan_api.MeetingViewSet, basename="meeting")
router.register(
    "monitoring-reports", monitoring_api.MonitoringReportViewSet, basename="monitoring-report"
)
router.register("assessments", monitoring_api.AssessmentViewSet, basename="assessment")
router.register("reports", monitoring_api.ReportFileViewSet, basename="report")
router.register("consultations", participation_api.ConsultationViewSet, basename="consultation")
router.register("contributions", participation_api.ContributionViewSet, basename="contribution")
router.register("questions", participation_api.QuestionViewSet, basename="question")


@extend_schema(exclude=True)
class NoSuchResource(LanguageMixin, APIView):
    """Any other address under /api/v1/ (an id the routes refuse, say 1.5): the API's JSON 404,
    not the site's HTML page."""

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        raise NotFound()


app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/feedback-statistics/", FeedbackStatisticsView.as_view(), name="feedback-statistics"),
    # Only addresses that end in a slash, so that the others are still redirected to theirs.
    re_path(r"^v1/.+/$", NoSuchResource.as_view()),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"),
        name="redoc",
    ),
]
