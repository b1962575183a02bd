"""The monitoring body's back office: reports, assessments and PDF report jobs."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from bishkek_ogp.admin import HistoryAdmin, TranslationFilter, reason_field, save_rows_with_reasons

from .models import CommitmentAssessment, MonitoringReport, ReportJob
from .services import (
    REVISION_NEEDS_A_REASON,
    published_before,
    request_report,
    save_assessment,
    save_report,
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
        stored = self.instance.report_id if self.instance.pk else None
        chosen = self.cleaned_data.get("report")
        return {stored, getattr(chosen, "pk", None) or self.instance.report_id}

    def clean(self) -> dict:
        data = super().clean()
        revising = self.has_changed() and any(published_before(pk) for pk in self.report_ids())
        if revising and not data.get("revision_reason", "").strip():
            self.add_error("revision_reason", REVISION_NEEDS_A_REASON)
        return data


class AssessmentInline(TranslationStackedInline):
    model = CommitmentAssessment
    form = RevisionForm
    extra = 0
    autocomplete_fields = ["commitment"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # obj is the report: a published report's verdicts are revised, never deleted.
        published = obj is not None and obj.status == MonitoringReport.Status.PUBLISHED
        return not published and super().has_delete_permission(request, obj)


@admin.register(MonitoringReport)
class MonitoringReportAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["__str__", "period", "status", "published_on", "plan"]
    list_filter = ["status", "period", "plan", TranslationFilter]
    search_fields = ["title_en", "title_ru", "title_ky", "authors"]
    inlines = [AssessmentInline]
    actions = ["request_pdf"]
    form = RevisionForm

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
        save_rows_with_reasons(
            request,
            formset,
            lambda assessment, **kwargs: save_assessment(assessment=assessment, **kwargs),
            "revision_reason",
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
