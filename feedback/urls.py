from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("feedback/", views.submit, name="submit"),
    path("feedback/track/<str:token>/", views.track, name="track"),
]
