"""The back office of participation: consultations, and the queue of what citizens sent.

Moderators publish or hide; the answering body (committee members) answers. Each sees as
editable only the fields their role changes, and `review` holds the same rule for every door.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from bishkek_ogp.admin import HistoryAdmin
from commitments.admin import ResponsibilityFilter
from commitments.responsibility import may_edit, refusal

from .models import Consultation, Contribution, Moderation, Question
from .services import ANSWER_FIELDS, review


@admin.register(Consultation)
class ConsultationAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["title", "plan", "commitment", "opens_on", "closes_on", "published"]
    list_filter = ["published", "plan", "commitment"]
    search_fields = ["title_en", "title_ru", "title_ky"]
    autocomplete_fields = ["commitment", "answering_body"]
    date_hierarchy = "opens_on"


class ReviewAdmin(HistoryAdmin):
    """What citizens sent: their words read-only, the rest editable by role."""

    list_filter = ["moderation"]
    can_revert = False  # an old version would bypass `review`'s rule
    # The sender's address and network address are never shown in the back office either.
    exclude = ["email"]

    def get_readonly_fields(self, request, obj=None):
        label = self.model._meta.model_name
        editable = set()
        if request.user.has_perm(f"participation.moderate_{label}"):
            editable.add("moderation")
        if request.user.has_perm(f"participation.answer_{label}"):
            editable |= {name.removesuffix("_id") for name in ANSWER_FIELDS[self.model]}
        return [f for f in self.get_fields(request, obj) if f not in editable]

    def get_fields(self, request, obj=None):
        return self.fields

    def has_change_permission(self, request, obj=None) -> bool:
        label = self.model._meta.model_name
        if request.user.has_perm(f"participation.moderate_{label}"):
            return True
        # The answering body answers what a moderator has published, nothing else.
        answers = request.user.has_perm(f"participation.answer_{label}")
        return answers and (obj is None or self.may_answer(request, obj))

    def may_answer(self, request, obj) -> bool:
        return obj.moderation == Moderation.APPROVED

    def log_change(self, request, obj, message):
        if message:  # a form saved as it was (a field the role may not change) is no change
            return super().log_change(request, obj, message)
        return None

    def has_add_permission(self, request) -> bool:
        return False  # citizens send them through the site

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # hidden, never deleted: the record of what was sent stays

    def save_model(self, request, obj, form, change: bool) -> None:
        review(row=obj, by=request.user)

    @admin.display(description=_("waiting for moderation"), boolean=True)
    def pending(self, obj) -> bool:
        return obj.moderation == Moderation.PENDING


@admin.register(Contribution)
class ContributionAdmin(ReviewAdmin):
    list_display = ["__str__", "consultation", "kind", "moderation", "response", "created_at"]
    list_filter = ["moderation", "response", "kind", "consultation"]
    list_select_related = ["consultation"]
    search_fields = ["text"]
    autocomplete_fields = ["became_commitment", "became_milestone"]
    fields = [
        "consultation", "kind", "text", "language", "created_at", "moderation",
        "response", "response_reason", "became_commitment", "became_milestone", "responded_at",
    ]  # fmt: skip


@admin.register(Question)
class QuestionAdmin(ReviewAdmin):
    list_display = ["__str__", "commitment", "moderation", "created_at", "answered_at"]
    list_filter = ["moderation", "commitment"]
    list_select_related = ["commitment"]
    search_fields = ["text", "commitment__code"]
    fields = ["commitment", "text", "language", "created_at", "moderation", "answer", "answered_at"]

    def may_answer(self, request, obj: Question) -> bool:
        # A commitment's questions are answered by the members responsible for it.
        return super().may_answer(request, obj) and may_edit(request.user, obj.commitment)

    def get_list_filter(self, request):
        return [ResponsibilityFilter, *super().get_list_filter(request)]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        answers = request.user.has_perm("participation.answer_question")
        if obj is not None and answers and not may_edit(request.user, obj.commitment):
            messages.info(request, refusal(obj.commitment))
        return super().render_change_form(request, context, add, change, form_url, obj)
