"""The city's feedback back office: moderation, assignment, answers."""

import re

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import District, Feedback, Open311Key, ResponseTemplate, Service
from .services import answer_feedback, create_open311_key


@admin.register(Service)
class ServiceAdmin(TranslationAdmin):
    list_display = ["name", "code", "provider", "response_days", "active"]
    list_filter = ["active", "provider"]
    search_fields = ["code", "name_en", "name_ru", "name_ky"]
    autocomplete_fields = ["provider"]


@admin.register(District)
class DistrictAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_en", "name_ru", "name_ky"]


class OverdueFeedbackFilter(admin.SimpleListFilter):
    title = _("answer overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Not answered within the service's deadline"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        return queryset.overdue() if self.value() == "yes" else queryset


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(TranslationAdmin):
    list_display = ["name", "status", "active"]
    list_filter = ["status", "active"]
    search_fields = ["name", "text_en", "text_ru", "text_ky"]


class FeedbackAdminForm(forms.ModelForm):
    response_template = forms.ModelChoiceField(
        ResponseTemplate.objects.filter(active=True),
        required=False,
        label=_("Answer from a template"),
        help_text=_(
            "Fills the public answer, in the citizen's language, when you leave it empty. "
            "The template must be for the status you set."
        ),
    )

    class Meta:
        model = Feedback
        # The admin passes its own field list; this one only keeps the private fields out.
        fields = [
            "status", "moderation", "moderated_description", "provider", "public_answer",
            "rejection_reason",
        ]  # fmt: skip

    def clean(self) -> dict:
        data = super().clean()
        template = data.get("response_template")
        if template is None:
            return data
        if template.status != data.get("status"):
            self.add_error(
                "response_template",
                _("This template is for the status “%(status)s”.")
                % {"status": template.get_status_display()},
            )
        elif not data.get("public_answer"):
            with translation.override(self.instance.language):
                data["public_answer"] = template.text
        return data


# A reference number as Feedback.reference writes it, the hyphen optional.
REFERENCE = re.compile(r"([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    form = FeedbackAdminForm
    list_display = [
        "created_at",
        "service",
        "district",
        "rating",
        "status",
        "moderation",
        "provider",
    ]
    list_filter = ["moderation", "status", OverdueFeedbackFilter, "service", "provider", "district"]
    list_select_related = ["service", "district", "provider"]
    search_fields = ["description", "address", "public_answer"]
    search_help_text = _(
        "Search the texts and addresses, or give a reference number such as 4F2A-09C1."
    )
    autocomplete_fields = ["provider", "duplicate_of"]
    date_hierarchy = "created_at"
    # What the citizen sent is never edited: moderators write their own fields (the answer, a
    # public version of the text), so no rating moves between services or districts.
    readonly_fields = [
        "service",
        "district",
        "description",
        "address",
        "latitude",
        "longitude",
        "photo",
        "email",
        "public_id",
        "created_at",
        "rating",
        "source",
        "language",
        "first_answered_at",
        "resolved_at",
        "answer_due_at",
        "citizen_confirmed",
        "answer_rating",
    ]
    # Private fields (IP address, tracking digest, idempotency key) are in no fieldset.
    fieldsets = [
        (
            _("Answer"),
            {
                "fields": [
                    "moderation",
                    "moderated_description",
                    "status",
                    "provider",
                    "response_template",
                    "public_answer",
                    "rejection_reason",
                    "duplicate_of",
                ]
            },
        ),
        (
            _("The citizen's report"),
            {
                "fields": [
                    "service",
                    "district",
                    "rating",
                    "description",
                    "address",
                    ("latitude", "longitude"),
                    "photo",
                    "email",
                    "language",
                    "source",
                ]
            },
        ),
        (
            _("Clocks"),
            {
                "fields": [
                    "public_id",
                    "created_at",
                    "answer_due_at",
                    "first_answered_at",
                    "resolved_at",
                    "citizen_confirmed",
                    "answer_rating",
                ]
            },
        ),
    ]

    def get_search_results(self, request, queryset, search_term):
        # A citizen calling about their feedback quotes its reference (Feedback.reference).
        found, distinct = super().get_search_results(request, queryset, search_term)
        reference = REFERENCE.fullmatch(search_term.strip())
        if reference is None:
            return found, distinct
        digits = "".join(reference.groups()).lower()
        return found | queryset.filter(public_id__startswith=digits), distinct

    def save_model(self, request, obj: Feedback, form, change: bool) -> None:
        # The model form has validated the answer; the service starts the statistics' clocks.
        answer_feedback(
            feedback=obj,
            status=obj.status,
            answer=obj.public_answer,
            rejection_reason=obj.rejection_reason,
            duplicate_of=obj.duplicate_of,
        )


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "active", "hourly_limit", "created_at", "last_used_at"]
    list_filter = ["active"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]

    def save_form(self, request, form, change: bool):
        if change:
            return super().save_form(request, form, change)
        data = form.cleaned_data
        key = create_open311_key(name=data["name"], hourly_limit=data["hourly_limit"])
        messages.warning(
            request,
            _("The key for “%(name)s” is %(key)s. Copy it now: it is not shown again.")
            % {"name": key.name, "key": key.secret},
        )
        return key

    def save_model(self, request, obj: Open311Key, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        # A new key was saved by create_open311_key in save_form.

    def save_related(self, request, form, formsets, change: bool) -> None:
        if change:  # a new key was saved whole by create_open311_key
            super().save_related(request, form, formsets, change)
