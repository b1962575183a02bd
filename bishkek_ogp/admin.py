"""The back office's admin site, and what the apps' admin classes share.

The project's admin site (BackOffice, the default site through BackOfficeConfig in
INSTALLED_APPS) gives a bounded search to every model registered, the apps' own and those of
Django, django-axes and DRF alike, so that no list is left out.
"""

from __future__ import annotations

from itertools import islice

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.utils.text import smart_split
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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
    site_header = _("Open Bishkek: action plan back office")
    site_title = _("Open Bishkek admin")
    index_title = _("Action plan administration")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, BoundedSearch):
            admin_class = type(admin_class.__name__, (BoundedSearch, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)


class BackOfficeConfig(AdminConfig):
    default_site = "bishkek_ogp.admin.BackOffice"


class HistoryAdmin(SimpleHistoryAdmin):
    """The change history of a row, where reverting to an old version is a change like any other.

    django-simple-history saves a posted old version for anyone who may *view* the row (it only
    hides the button), so read-only roles could write through the history page.
    """

    # An old version is saved whole, the fields the change form keeps read-only included; an
    # admin whose form protects some fields turns reverting off.
    can_revert = True

    def revert_disabled(self, request, obj=None) -> bool:
        return not self.can_revert or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.may_revert(request, unquote(object_id)):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def may_revert(self, request, object_id: str) -> bool:
        if not self.can_revert:
            return False
        obj = self.get_object(request, object_id)
        if obj is None:  # reverting a deleted row brings it back: that is adding it
            return self.has_add_permission(request)
        return self.has_change_history_permission(request, obj)
