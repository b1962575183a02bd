"""The project's URLs plus bare views that exist only in the benchmark server.

The bare view is the yardstick for the public pages: same server, same middleware, same
language prefix, and no work of its own.
"""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

from bishkek_ogp.urls import urlpatterns as project_urlpatterns


def bare(request):
    return HttpResponse("ok")


# Listed first, so that resolving them costs no more than resolving a page: if anything the
# comparison flatters the bare views, never the pages.
urlpatterns = [
    *i18n_patterns(
        path("bench/bare/", bare, name="bench-bare"),
    ),
    *project_urlpatterns,
]
