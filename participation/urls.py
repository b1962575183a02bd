from django.urls import path

from . import feeds, views

app_name = "participation"

urlpatterns = [
    path("consultations/", views.consultation_list, name="consultation-list"),
    path("consultations/feed/", feeds.ConsultationsFeed(), name="consultation-feed"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("consultations/<int:pk>/contribute/", views.contribute, name="contribute"),
    path("consultations/<int:pk>/document/", views.consultation_document, name="document"),
    path("commitments/<str:code>/ask/", views.ask, name="ask"),
    path("my/<str:token>/", views.track, name="track"),
]
