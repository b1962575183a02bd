"""The monitoring body's work as data: its reports (IRM-shaped), their parts, and PDF jobs.

Translated fields are registered in translation.py, with the history of the public statements.
"""

from .jobs import ReportJob, ReportJobQuerySet
from .parts import CoCreationCheck, Recommendation, ReportSource
from .report import (
    INDICATORS,
    CommitmentAssessment,
    CommitmentAssessmentQuerySet,
    Indicator,
    MonitoringReport,
    MonitoringReportQuerySet,
)

__all__ = [
    "INDICATORS",
    "CoCreationCheck",
    "CommitmentAssessment",
    "CommitmentAssessmentQuerySet",
    "Indicator",
    "MonitoringReport",
    "MonitoringReportQuerySet",
    "Recommendation",
    "ReportJob",
    "ReportJobQuerySet",
    "ReportSource",
]
