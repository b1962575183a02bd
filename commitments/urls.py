from django.urls import path

from . import feeds, open_data, views

app_name = "commitments"

urlpatterns = [
    path("commitments/", views.commitment_list, name="commitment-list"),
    path("commitments/<str:code>/preview.png", views.commitment_preview, name="preview"),
    path("commitments/<str:code>/feed/", feeds.CommitmentUpdatesFeed(), name="commitment-feed"),
    path(
        "commitments/<str:code>/milestones/<int:order>/",
        views.milestone_detail,
        name="milestone-detail",
    ),
    path("updates/", views.update_list, name="update-list"),
    path("updates/feed/", feeds.PlanUpdatesFeed(), name="update-feed"),
    path("committee/", views.committee, name="committee"),
    path("plans/<slug:slug>/meetings.ics", views.meetings_ical, name="meetings-ical"),
    path("data/", open_data.index, name="open-data"),
    path("data/<str:dataset>.<str:fmt>", open_data.download, name="open-data-download"),
    path("about/", views.about, name="about"),
    path("follow/", views.follow, name="follow"),
    path("follow/confirm/<str:token>/", views.follow_confirm, name="follow-confirm"),
    path("follow/stop/<str:token>/", views.follow_unsubscribe, name="follow-unsubscribe"),
]

# Uploaded documents, outside the language prefix: a file is the same in every language.
file_urlpatterns = [
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("minutes/<int:pk>/", views.meeting_minutes, name="minutes"),
]
