"""The city's feedback back office: moderation, assignment, answers."""

from django.contrib import admin
from django.db.models import DurationField, ExpressionWrapper, F, QuerySet
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import District, Feedback, Service
from .services import answer_feedback

OPEN = [Feedback.Status.RECEIVED, Feedback.Status.IN_REVIEW, Feedback.Status.IN_PROGRESS]


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
        if self.value() != "yes":
            return queryset
        waited = ExpressionWrapper(Now() - F("created_at"), output_field=DurationField())
        overdue_ids = [
            f.pk
            for f in queryset.filter(first_answered_at__isnull=True, status__in=OPEN)
            .annotate(waited=waited)
            .select_related("service")
            if f.waited.days >= f.service.response_days
        ]
        return queryset.filter(pk__in=overdue_ids)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
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
    autocomplete_fields = ["provider", "duplicate_of"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "public_id",
        "created_at",
        "rating",
        "source",
        "language",
        "first_answered_at",
        "resolved_at",
        "citizen_confirmed",
        "answer_rating",
    ]
    exclude = ["submitter_ip", "tracking_digest", "idempotency_key"]

    def save_model(self, request, obj: Feedback, form, change: bool) -> None:
        # The model form has validated the answer; the service starts the statistics' clocks.
        answer_feedback(
            feedback=obj,
            status=obj.status,
            answer=obj.public_answer,
            rejection_reason=obj.rejection_reason,
            duplicate_of=obj.duplicate_of,
        )
