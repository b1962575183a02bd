from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from bishkek_ogp import health
from monitoring.urls import download_urlpatterns

admin.site.site_header = _("Open Bishkek: action plan back office")
admin.site.site_title = _("Open Bishkek admin")
admin.site.index_title = _("Action plan administration")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((download_urlpatterns, "monitoring-files"))),
    # Machine clients choose the language of names with Accept-Language.
    path("open311/v2/", include("feedback.open311.urls")),
    path("api/", include("bishkek_ogp.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("commitments.urls")),
    path("", include("monitoring.urls")),
    path("", include("feedback.urls")),
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
