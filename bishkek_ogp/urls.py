from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from bishkek_ogp import health, views, web
from bishkek_ogp.media import staff_media
from commitments.urls import file_urlpatterns
from monitoring.urls import download_urlpatterns

# The admin's own look for the password pages, which are outside the admin site's views.
BACK_OFFICE = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", web.robots_txt, name="robots"),
    path("sitemap.xml", web.sitemap, name="sitemap"),
    # A new committee member chooses a password through the invitation's link (stock views).
    path(
        "admin/password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=BACK_OFFICE),
        name="password_reset_confirm",
    ),
    path(
        "admin/password/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=BACK_OFFICE),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((download_urlpatterns, "monitoring-files"))),
    path("files/", include((file_urlpatterns, "files"))),
    # Machine clients choose the language of names with Accept-Language.
    path("open311/v2/", include("feedback.open311.urls")),
    path("api/", include("bishkek_ogp.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<slug:slug>/", views.plan_detail, name="plan-detail"),
    path("commitments/<str:code>/", views.commitment_detail, name="commitment-detail"),
    path("search/", views.search_view, name="search"),
    path("", include("commitments.urls")),
    path("", include("monitoring.urls")),
    path("", include("feedback.urls")),
    path("", include("participation.urls")),
)

urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", staff_media, name="media")]

handler404 = "bishkek_ogp.views.page_not_found"
handler500 = "bishkek_ogp.views.server_error"
