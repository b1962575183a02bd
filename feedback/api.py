"""Feedback statistics in the API: the same figures, and the same withholding, as the page."""

from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from bishkek_ogp.api.views import LanguageMixin

from .selectors import MIN_RESPONSES, feedback_statistics, statistics_rows
from .serializers import StatisticsSerializer


class FeedbackStatisticsView(LanguageMixin, APIView):
    """Ratings of municipal services per service, district and month over the last 12 months."""

    @extend_schema(responses=StatisticsSerializer)
    def get(self, request) -> Response:
        stats = feedback_statistics()
        body = {
            "language": translation.get_language(),
            "since": stats.since,
            "minimum_responses": MIN_RESPONSES,
            "representative": False,
            "rows": list(statistics_rows(stats)),
        }
        return Response(StatisticsSerializer(body).data)
