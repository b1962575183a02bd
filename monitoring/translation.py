from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from .models import (
    CoCreationCheck,
    CommitmentAssessment,
    MonitoringReport,
    Recommendation,
    ReportSource,
)
from .models.report import JUSTIFICATIONS


@register(MonitoringReport)
class MonitoringReportTranslation(TranslationOptions):
    fields = ("title", "summary", "methodology", "findings")


@register(CommitmentAssessment)
class CommitmentAssessmentTranslation(TranslationOptions):
    fields = ("narrative", *JUSTIFICATIONS)


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("text", "response_reason", "planned_action", "implementation_note")


@register(CoCreationCheck)
class CoCreationCheckTranslation(TranslationOptions):
    fields = ("evidence",)


# The monitor's verdicts and the city's answers are public statements: every change is kept.
for model in (
    MonitoringReport,
    CommitmentAssessment,
    Recommendation,
    CoCreationCheck,
    ReportSource,
):
    track_history(model, app="monitoring")
