"""The back office's admin site, and what the apps' admin classes share.

The project's admin site (BackOffice, the default site through BackOfficeConfig in
INSTALLED_APPS) gives its rules for lists (a bounded search, filters only on what the list offers)
to every model registered, the apps' own and those of Django, django-axes and DRF alike, so that
no list is left out.
"""

from __future__ import annotations

from itertools import islice

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied
from django.db.models.constants import LOOKUP_SEP
from django.shortcuts import redirect
from django.utils.text import smart_split
from django.utils.translation import gettext_lazy as _
from import_export.tmp_storages import CacheStorage
from simple_history.admin import SimpleHistoryAdmin

from bishkek_ogp.lib.translations import missing_translations

SEARCH_MAX_WORDS = 10


# The lookups Django's own list filters put in a list's address (choices, booleans, relations,
# dates, empty values); a relation's filter names the related row by its primary key.
FILTER_LOOKUPS = {"", "exact", "isnull", "isempty", "in", "gte", "gt", "lt", "lte"}
HIERARCHY_LOOKUPS = {"year", "month", "day"}


class ListRules:
    """What every back-office list allows in its address and its search box."""

    def get_search_results(self, request, queryset, search_term):
        # Search on the first words only. The admin asks the database for every word in every
        # search field; a pasted page of text (thousands of words) made SQLite refuse the query
        # (a 500) and kept PostgreSQL busy for over a minute per request.
        words = islice(smart_split(search_term), SEARCH_MAX_WORDS)
        return super().get_search_results(request, queryset, " ".join(words))

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        """Only the filters the list shows, with the lookups they use.

        Django also allows any lookup on any of the model's own fields, so that
        `?idempotency_key__startswith=a` answered, row by row, whether a private value starts
        with "a": an oracle for secrets and addresses, a character at a time.
        """
        if lookup in self._filter_parameters(request):
            return True
        for path, lookups in self._filter_paths(request):
            if lookup == path or lookup.startswith(f"{path}{LOOKUP_SEP}"):
                rest = lookup[len(path) :].removeprefix(LOOKUP_SEP)
                return rest in lookups and super().lookup_allowed(lookup, value, request)
        return False

    def _filter_parameters(self, request) -> set[str]:
        """The parameters of the list's own filter classes (SimpleListFilter)."""
        return {
            item.parameter_name
            for item in self.get_list_filter(request)
            if isinstance(item, type) and issubclass(item, admin.SimpleListFilter)
        }

    def _filter_paths(self, request) -> list[tuple[str, set[str]]]:
        paths = [(self.date_hierarchy, HIERARCHY_LOOKUPS)] if self.date_hierarchy else []
        for item in self.get_list_filter(request):
            path = item[0] if isinstance(item, list | tuple) else item
            if not isinstance(path, str):
                continue
            lookups = set(FILTER_LOOKUPS)
            field = get_fields_from_path(self.model, path)[-1]
            if field.is_relation:
                pk = field.related_model._meta.pk.name
                lookups |= {f"{pk}{LOOKUP_SEP}{name}" for name in ("exact", "in")}
            paths.append((path, lookups))
        return paths


class TranslationFilter(admin.SimpleListFilter):
    """For editors: rows whose texts are missing in a language, or are unofficial translations."""

    title = _("translations")
    parameter_name = "translations"

    def lookups(self, request, model_admin):
        return [
            ("missing", _("Missing in Kyrgyz or Russian")),
            ("unofficial", _("Unofficial translations (to review)")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(missing_translations(queryset.model))
        if self.value() == "unofficial":
            return queryset.exclude(translated_by={})
        return queryset


class ImportUploads(CacheStorage):
    """Where a spreadsheet waits between the import's preview and its confirmation: the cache,
    under a random name, expiring on its own (IMPORT_EXPORT_TMP_STORAGE_CLASS). A name that holds
    nothing (forged, or expired) is refused by ConfirmedImport rather than read as an empty file."""

    def read(self):
        data = super().read()
        if data is None:
            raise UploadGone(self.name)
        return data


class UploadGone(Exception):
    pass


class ConfirmedImport:
    """For an admin with django-import-export: a confirmation whose upload is gone says so."""

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except UploadGone:
            messages.error(
                request, _("This import is no longer available. Please upload the file again.")
            )
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")


class OfferedChoices(AutocompleteJsonView):
    """An autocomplete offers what the form it fills accepts: the choices the source field's
    admin gives it (its formfield_for_foreignkey), so that nobody picks a row only to be told
    "Select a valid choice" on saving."""

    def get_queryset(self):
        rows = super().get_queryset()
        field = self.source_field
        source_admin = self.admin_site._registry.get(field.model)
        if source_admin is None or not field.concrete:  # a reverse relation has no form field
            return rows
        if field.many_to_many:
            formfield = source_admin.formfield_for_manytomany(field, self.request)
        else:
            formfield = source_admin.formfield_for_foreignkey(field, self.request)
        if formfield is None:
            return rows
        return rows.filter(pk__in=formfield.queryset.values("pk"))


class BackOffice(admin.AdminSite):
    site_header = _("Open Bishkek: action plan back office")
    site_title = _("Open Bishkek admin")
    index_title = _("Action plan administration")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ListRules):
            admin_class = type(admin_class.__name__, (ListRules, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)

    def index(self, request, extra_context=None):
        # The start page leads with the person's work (templates/admin/index.html).
        return super().index(request, {"title": _("My work"), **(extra_context or {})})

    def autocomplete_view(self, request):
        return OfferedChoices.as_view(admin_site=self)(request)


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
        allowed = self.can_revert and (obj is None or self.revert_allowed(obj))
        return not allowed or super().revert_disabled(request, obj)

    def revert_allowed(self, obj) -> bool:
        """Whether this row's old versions may be restored (a published statement's may not)."""
        return True

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
        return self.revert_allowed(obj) and self.has_change_history_permission(request, obj)


def reason_field(label: str, help_text: str) -> forms.CharField:
    """A change form's "why" box, for changes a service accepts only with a reason."""
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=help_text
    )


def save_rows_with_reasons(request, formset, save, reason_field_name: str) -> None:
    """Save an inline formset row by row through a service, `save(row, by=, reason=)`, each with
    the reason given in its row; the service, not formset.save(), is the one write."""
    saving = set(formset.save(commit=False))
    for removed in formset.deleted_objects:
        removed._history_user = request.user
        removed.delete()
    for row in formset.forms:
        if row.instance in saving:
            reason = row.cleaned_data.get(reason_field_name, "")
            save(row.instance, by=request.user, reason=reason)
