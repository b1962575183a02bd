from django.urls import path

from . import feeds, views

app_name = "monitoring"

urlpatterns = [
    path("monitoring/", views.monitoring_index, name="index"),
    path("monitoring/reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("monitoring/feed/", feeds.MonitoringReportsFeed(), name="report-feed"),
    path(
        "monitoring/assessments/<int:pk>/versions/",
        views.assessment_versions,
        name="assessment-versions",
    ),
    path("reports/", views.report_list, name="report-list"),
    path("reports/request/", views.report_request, name="report-request"),
]

# Outside the language prefix: a report's address never changes, whatever the visitor's language.
download_urlpatterns = [
    path("reports/<uuid:public_id>.pdf", views.report_download, name="report-download"),
    path("reports/sources/<int:pk>/", views.source_file, name="source-file"),
]
