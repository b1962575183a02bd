"""Translated fields (ky, ru, en) and the audit trail.

History is registered here rather than on the models: django-simple-history must build its
historical models after modeltranslation has added the per-language columns, or the audit trail
would miss the very texts citizens read.
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history
from simple_history.signals import pre_create_historical_record

from .models import (
    ActionPlan,
    ChangeContext,
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
    fields = ("title", "place", "agenda", "how_to_attend", "summary")


track_history(Commitment, app="commitments")


def keep_change_context(sender, instance, history_instance, **kwargs) -> None:
    # Popped: a context belongs to one save, never to a later save of the same object.
    history_instance.effective_on = instance.__dict__.pop("_change_effective_on", None)
    history_instance.reason_language = instance.__dict__.pop("_change_reason_language", "")


# Changes to milestones and updates carry their context: when they took effect, the reason's
# language (commitments/history.py shows both on the public change history). Only these
# historical models take part.
for model in (Milestone, ProgressUpdate):
    track_history(model, app="commitments", bases=[ChangeContext])
    pre_create_historical_record.connect(keep_change_context, sender=model.history.model)
