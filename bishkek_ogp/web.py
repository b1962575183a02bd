"""The web's conventions: the sitemap and robots.txt (favicons are files, see WHITENOISE_ROOT)."""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.shortcuts import render
from django.urls import reverse

from bishkek_ogp.lib.page_cache import public_page
from bishkek_ogp.sitemaps import SITEMAPS

# Private addresses, in every language: a citizen's own link, follow and confirmation links, and
# search results (endless combinations of the same pages).
PRIVATE_PATHS = ["my/", "feedback/track/", "follow/", "search/"]


@public_page(params=["p"], timeout=settings.BRIEF_PAGE_CACHE_SECONDS)
def sitemap(request):
    return django_sitemap(request, sitemaps=SITEMAPS)


@public_page
def robots_txt(request):
    languages = [code for code, _name in settings.LANGUAGES]
    context = {
        "private": [f"/{code}/{path}" for code in languages for path in PRIVATE_PATHS],
        "sitemap": request.build_absolute_uri(reverse("sitemap")),
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
