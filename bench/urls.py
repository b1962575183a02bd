"""The project's URLs plus bare views that exist only in the benchmark server.

The bare view is the yardstick for the public pages: same server, same middleware, same
language prefix, and no work of its own. Its twin with a page-sized body tells how much of a
cached page's cost is only the size of its answer.
"""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

from bishkek_ogp.urls import urlpatterns as project_urlpatterns

PAGE_SIZED = "<p>" + "x" * (10 * 1024 - 7) + "</p>"  # 10 KiB, about a public page's size


def bare(request):
    return HttpResponse("ok")


def bare_page_sized(request):
    return HttpResponse(PAGE_SIZED)


# Listed first, so that resolving them costs no more than resolving a page: if anything the
# comparison flatters the bare views, never the pages.
urlpatterns = [
    *i18n_patterns(
        path("bench/bare/", bare, name="bench-bare"),
        path("bench/bare-10k/", bare_page_sized, name="bench-bare-page-sized"),
    ),
    *project_urlpatterns,
]
