"""The action plan as data: plans, commitments, milestones, progress and the people behind them.

Translated fields (see translation.py) get one column per language from django-modeltranslation;
history (django-simple-history) is registered there too, after the translated columns exist.
"""

from .base import (
    COMMITMENT_CODE,
    ChangeContext,
    MilestoneStatus,
    TranslatedTexts,
    TranslationSource,
    missing_translation_errors,
    noon_on,
    provenance_notice,
    today,
)
from .commitment import (
    Commitment,
    CommitmentInstitution,
    CompletionLevel,
    completion_level,
    rounded_percent,
    weighted_progress,
)
from .follow import Notification, Subscription
from .milestone import Evidence, Milestone, ProgressUpdate, status_progress_errors
from .plan import ActionPlan, CommitteeMember, Meeting, OgpValue, Organization

__all__ = [
    "COMMITMENT_CODE",
    "ActionPlan",
    "ChangeContext",
    "Commitment",
    "CommitmentInstitution",
    "CommitteeMember",
    "CompletionLevel",
    "Evidence",
    "Meeting",
    "Milestone",
    "MilestoneStatus",
    "Notification",
    "OgpValue",
    "Organization",
    "ProgressUpdate",
    "Subscription",
    "TranslatedTexts",
    "TranslationSource",
    "completion_level",
    "missing_translation_errors",
    "noon_on",
    "provenance_notice",
    "rounded_percent",
    "status_progress_errors",
    "today",
    "weighted_progress",
]
