"""Translated fields (ky, ru, en) and the audit trail.

History is registered here rather than on the models: django-simple-history must build its
historical models after modeltranslation has added the per-language columns, or the audit trail
would miss the very texts citizens read.
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from .models import (
    ActionPlan,
    Commitment,
    CommitteeMember,
    Evidence,
    Meeting,
    Milestone,
    OgpValue,
    Organization,
    ProgressUpdate,
)


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "source_note")
    required_languages = ("en",)


@register(ActionPlan)
class ActionPlanTranslation(TranslationOptions):
    fields = ("title", "jurisdiction", "summary", "cocreation_summary")
    required_languages = ("en",)


@register(CommitteeMember)
class CommitteeMemberTranslation(TranslationOptions):
    fields = ("position",)


@register(OgpValue)
class OgpValueTranslation(TranslationOptions):
    fields = ("name",)


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("title", "problem", "status_quo", "objective", "funding_source")
    required_languages = ("en",)


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title", "description", "expected_output", "funding")


@register(ProgressUpdate)
class ProgressUpdateTranslation(TranslationOptions):
    fields = ("note",)


@register(Evidence)
class EvidenceTranslation(TranslationOptions):
    fields = ("title",)


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "place", "summary")


for model in (Commitment, Milestone, ProgressUpdate):
    track_history(model, app="commitments")
