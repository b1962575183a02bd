from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("", views.home, name="home"),
    path("commitments/<str:code>/", views.commitment_detail, name="commitment-detail"),
]
