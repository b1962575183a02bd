from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from .models import CommitmentAssessment, MonitoringReport


@register(MonitoringReport)
class MonitoringReportTranslation(TranslationOptions):
    fields = ("title", "summary", "findings", "recommendations")


@register(CommitmentAssessment)
class CommitmentAssessmentTranslation(TranslationOptions):
    fields = ("narrative", "recommendations")


# The monitor's verdicts are public statements: every change to them is kept.
for model in (MonitoringReport, CommitmentAssessment):
    track_history(model, app="monitoring")
