from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("feedback/", views.submit, name="submit"),
    path("feedback/track/<str:token>/", views.track, name="track"),
    path("feedback/stats/", views.stats, name="stats"),
    path("feedback/stats.csv", views.stats_csv, name="stats-csv"),
    path("feedback/requests/", views.request_list, name="request-list"),
    path("feedback/requests/<uuid:public_id>/", views.request_detail, name="request-detail"),
]
