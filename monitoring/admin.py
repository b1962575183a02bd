"""The monitoring body's back office: reports, assessments and PDF report jobs."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from bishkek_ogp.admin import HistoryAdmin, TranslationFilter, reason_field, save_rows_with_reasons

from .models import (
    CoCreationCheck,
    CommitmentAssessment,
    MonitoringReport,
    Recommendation,
    ReportJob,
    ReportSource,
)
from .services import (
    REVISION_NEEDS_A_REASON,
    answer_recommendation,
    prefill_cocreation,
    published_before,
    request_report,
    save_assessment,
    save_report,
    save_report_part,
)


class RevisionForm(forms.ModelForm):
    """A report's or an assessment's form: a change to a published one needs its reason."""

    revision_reason = reason_field(
        _("Reason for the revision"),
        _(
            "Needed to change or unpublish a published report or assessment; shown on the public "
            "pages beside the revision, and the earlier version stays readable."
        ),
    )

    def report_ids(self) -> set:
        if isinstance(self.instance, MonitoringReport):
            return {self.instance.pk}
        if not hasattr(self.instance, "report_id"):
            return set()
        stored = self.instance.report_id if self.instance.pk else None
        chosen = self.cleaned_data.get("report")
        return {stored, getattr(chosen, "pk", None) or self.instance.report_id}

    def clean(self) -> dict:
        data = super().clean()
        revising = self.has_changed() and any(published_before(pk) for pk in self.report_ids())
        if revising and not data.get("revision_reason", "").strip():
            self.add_error("revision_reason", REVISION_NEEDS_A_REASON)
        return data


class ReportPartInline:
    """A part of a report, edited with it: in a published report, revised with a reason and
    never deleted."""

    form = RevisionForm
    extra = 0

    def has_delete_permission(self, request, obj=None) -> bool:
        # obj is the report.
        published = obj is not None and obj.status == MonitoringReport.Status.PUBLISHED
        return not published and super().has_delete_permission(request, obj)


class AssessmentInline(ReportPartInline, TranslationStackedInline):
    model = CommitmentAssessment
    autocomplete_fields = ["commitment"]
    fieldsets = [
        (None, {"fields": ["commitment", "narrative", "evidence"]}),
        (
            _("Design: verifiability, open-government lens, potential for results"),
            {
                "fields": [
                    "verifiability",
                    "verifiability_justification",
                    ("access_to_information", "civic_participation", "public_accountability"),
                    ("technology_innovation", "inclusion"),
                    "relevance_justification",
                    "potential_for_results",
                    "potential_justification",
                ],
                "description": _("Judged by design reviews and interim reports."),
            },
        ),
        (
            _("Results: completion, did it open government, early results"),
            {
                "fields": [
                    "completion",
                    "completion_justification",
                    "opened_government",
                    "opened_government_justification",
                    "early_results",
                    "early_results_justification",
                ],
                "description": _(
                    "Completion is judged by interim and results reports; the rest by results "
                    "reports."
                ),
            },
        ),
        (None, {"fields": ["revision_reason"]}),
    ]


class RecommendationInline(ReportPartInline, TranslationStackedInline):
    model = Recommendation
    fields = ["order", "commitment", "text", "follows_up", "city_response", "revision_reason"]
    readonly_fields = ["city_response"]
    autocomplete_fields = ["commitment", "follows_up"]

    @admin.display(description=_("the city's response"))
    def city_response(self, recommendation: Recommendation) -> str:
        # The city answers in "Recommendations"; the monitor sees the answer here.
        return recommendation.get_response_display() or _("Not answered yet")


class CoCreationInline(ReportPartInline, TranslationTabularInline):
    model = CoCreationCheck
    fields = ["standard", "rating", "evidence", "revision_reason"]


class SourceInline(ReportPartInline, admin.TabularInline):
    model = ReportSource
    fields = ["order", "title", "url", "file", "accessed_on", "commitment", "revision_reason"]
    autocomplete_fields = ["commitment"]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["__str__", "kind", "status", "published_on", "plan"]
    list_filter = ["status", "kind", "plan", TranslationFilter]
    search_fields = ["title_en", "title_ru", "title_ky", "authors"]
    inlines = [AssessmentInline, RecommendationInline, CoCreationInline, SourceInline]
    actions = ["request_pdf", "prefill_checklist"]
    form = RevisionForm
    fields = [
        "plan", "kind", "title", "authors", "covers_from", "covers_until", "summary",
        "methodology", "findings", "status", "published_on", "original_language",
        "translated_by", "revision_reason",
    ]  # fmt: skip

    def revert_allowed(self, obj) -> bool:
        # Reverting would rewrite a published statement with no reason: revisions go through
        # the form. A draft's old versions may be restored.
        return not published_before(obj.pk)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting a published report would withdraw it with no reason and no notice: it is
        # unpublished first, with its reason.
        published = obj is not None and obj.status == MonitoringReport.Status.PUBLISHED
        return not published and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change: bool) -> None:
        if change and not form.has_changed() and not self.revert_allowed(obj):
            return  # a published report saved as it was (its rows are saved by save_formset)
        reason = form.cleaned_data.get("revision_reason", "")
        save_report(report=obj, by=request.user, reason=reason)

    def save_formset(self, request, form, formset, change: bool) -> None:
        if formset.model is CommitmentAssessment:
            save = lambda assessment, **kwargs: save_assessment(assessment=assessment, **kwargs)  # noqa: E731
        else:
            save = lambda part, **kwargs: save_report_part(part=part, **kwargs)  # noqa: E731
        save_rows_with_reasons(request, formset, save, "revision_reason")

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not change:  # a new report starts with the checklist the portal can fill in
            prefill_cocreation(report=form.instance)

    @admin.action(description=_("Add the missing co-creation standards, pre-filled from the "
                                "portal's records"), permissions=["change"])  # fmt: skip
    def prefill_checklist(self, request, queryset):
        added = sum(len(prefill_cocreation(report=report)) for report in queryset)
        self.message_user(
            request, _("%(count)d standards added; confirm each rating.") % {"count": added}
        )

    @admin.action(description=_("Request the PDF of the selected reports (all languages)"),
                  permissions=["request"])  # fmt: skip
    def request_pdf(self, request, queryset):
        for report in queryset:
            for code, _name in settings.LANGUAGES:
                try:
                    request_report(
                        kind=ReportJob.Kind.MONITORING,
                        subject=report.pk,
                        language=code,
                        requested_by=request.user,
                    )
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                    return
        self.message_user(request, _("PDF reports requested; they appear under PDF reports."))

    def has_request_permission(self, request) -> bool:
        return request.user.has_perm("monitoring.add_reportjob")


@admin.register(CommitmentAssessment)
class CommitmentAssessmentAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["commitment", "report", "completion", "potential_for_results", "verifiability"]
    list_filter = [
        "report", "completion", "potential_for_results", "verifiability", TranslationFilter,
    ]  # fmt: skip
    list_select_related = ["commitment", "report"]
    search_fields = ["commitment__code", "narrative_en", "narrative_ru", "narrative_ky"]
    autocomplete_fields = ["commitment", "report"]
    form = RevisionForm

    def revert_allowed(self, obj) -> bool:
        return not published_before(obj.report_id)  # as for reports

    def has_delete_permission(self, request, obj=None) -> bool:
        published = obj is not None and published_before(obj.report_id)
        return not published and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change: bool) -> None:
        if change and not form.has_changed() and not self.revert_allowed(obj):
            return  # a published verdict saved as it was: nothing to revise
        reason = form.cleaned_data.get("revision_reason", "")
        save_assessment(assessment=obj, by=request.user, reason=reason)


class AnsweredFilter(admin.SimpleListFilter):
    title = _("answered")
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return [("no", _("Awaiting the city's response")), ("yes", _("Answered"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(response="")
        if self.value() == "yes":
            return queryset.exclude(response="")
        return queryset


@admin.register(Recommendation)
class RecommendationAdmin(HistoryAdmin, TranslationAdmin):
    """Where the city answers the monitor's recommendations (the monitor writes them in the
    report). Only a published report's recommendations are listed: they are the ones to answer."""

    list_display = ["__str__", "commitment", "report", "response", "responded_on", "implementation"]
    list_filter = [AnsweredFilter, "response", "implementation", "report__plan", "report"]
    list_select_related = ["commitment", "report"]
    search_fields = ["text_en", "text_ru", "text_ky", "commitment__code"]
    fields = [
        "report", "commitment", "text", "follows_up", "response", "response_reason",
        "planned_action", "responded_on", "implementation", "implementation_note",
    ]  # fmt: skip
    readonly_fields = ["report", "commitment", "text", "follows_up", "responded_on"]
    can_revert = False  # a revert would bypass the answer's checks (and the monitor's words)

    def get_queryset(self, request):
        published = MonitoringReport.objects.published()
        return super().get_queryset(request).filter(report__in=published)

    def has_add_permission(self, request) -> bool:
        return False  # recommendations are written in their report

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("monitoring.answer_recommendation")

    def save_model(self, request, obj, form, change: bool) -> None:
        answer_recommendation(recommendation=obj, by=request.user)


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "subject_label", "language", "status", "attempts", "size"]
    list_filter = ["status", "kind", "language"]
    list_select_related = ["plan", "commitment", "monitoring_report"]
    readonly_fields = [f.name for f in ReportJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # jobs are created by requesting a report, which checks for changes first

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a ready report is an immutable snapshot
