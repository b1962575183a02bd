"""The monitoring body's back office: reports, assessments and PDF report jobs."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from bishkek_ogp.admin import HistoryAdmin, TranslationFilter

from .models import CommitmentAssessment, MonitoringReport, ReportJob
from .services import request_report


class AssessmentInline(TranslationStackedInline):
    model = CommitmentAssessment
    extra = 0
    autocomplete_fields = ["commitment"]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["__str__", "period", "status", "published_on", "plan"]
    list_filter = ["status", "period", "plan", TranslationFilter]
    search_fields = ["title_en", "title_ru", "title_ky", "authors"]
    inlines = [AssessmentInline]
    actions = ["request_pdf"]

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
