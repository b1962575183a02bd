"""A bounded search for every back-office list (and the autocomplete fields that use it).

The project's admin site (BackOffice, the default site through BackOfficeConfig in
INSTALLED_APPS) gives it to every model registered, the apps' own and those of Django, django-axes
and DRF alike, so that no list is left out.
"""

from __future__ import annotations

from itertools import islice

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.text import smart_split

SEARCH_MAX_WORDS = 10


class BoundedSearch:
    """Search on the first words only.

    The admin asks the database for every word in every search field; a pasted page of text
    (thousands of words) made SQLite refuse the query (a 500) and kept PostgreSQL busy for over a
    minute per request. A few words find any row.
    """

    def get_search_results(self, request, queryset, search_term):
        words = islice(smart_split(search_term), SEARCH_MAX_WORDS)
        return super().get_search_results(request, queryset, " ".join(words))


class BackOffice(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, BoundedSearch):
            admin_class = type(admin_class.__name__, (BoundedSearch, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)


class BackOfficeConfig(AdminConfig):
    default_site = "bishkek_ogp.lib.admin_search.BackOffice"
