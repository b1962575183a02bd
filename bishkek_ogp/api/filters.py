"""The REST API's filters: what a parameter says is read strictly, what it names loosely.

A value a filter cannot read (a word for a date, a blank for a choice) is answered with 400 and
the reason, as the schema promises, never silently ignored. A well-formed value that names
nothing (a slug no plan has, an id no report has) matches nothing, as in any other filter.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, FilterSet, IsoDateTimeFromToRangeFilter, NumberFilter
from django_filters.fields import IsoDateTimeField, RangeField
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.widgets import DateRangeWidget
from rest_framework.filters import OrderingFilter

BLANK = _("Give a value, or leave the parameter out.")


class ApiFilterSet(FilterSet):
    """A parameter given without a value is refused, unless it is text, where blank means all."""

    def is_valid(self) -> bool:
        if self.is_bound:
            errors = self.form.errors  # the fields' own checks first
            for name, field in self.form.fields.items():
                if isinstance(field, forms.CharField) or name in errors:
                    continue
                # A range is given as two parameters, name_after and name_before, or the like.
                suffixes = getattr(field.widget, "suffixes", [""])
                keys = [f"{name}_{suffix}" if suffix else name for suffix in suffixes]
                if any(self.data.get(key) == "" for key in keys):
                    self.form.add_error(name, BLANK)
        return super().is_valid()


class FilterBackend(DjangoFilterBackend):
    """Filters from a view's `filterset_fields` are ApiFilterSets too."""

    filterset_base = ApiFilterSet


class StableOrderingFilter(OrderingFilter):
    """`?ordering=` with the primary key as the last key: rows that tie (two milestones due the
    same day) keep one order, so no row moves between pages or appears on two."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not {"pk", "-pk", "id", "-id"} & set(ordering):
            ordering = [*ordering, "pk"]
        return ordering


class StrictBooleanField(forms.NullBooleanField):
    """true or false (or 1, 0); anything else is an error, not "any"."""

    widget = forms.TextInput

    def to_python(self, value) -> bool | None:
        if value in (None, ""):
            return None
        if value in (True, "true", "True", "1"):
            return True
        if value in (False, "false", "False", "0"):
            return False
        raise forms.ValidationError(_("Enter true or false."), code="invalid")


class StrictBooleanFilter(BooleanFilter):
    field_class = StrictBooleanField


class IdFilter(NumberFilter):
    """A row's id, a whole number. Give `field_name` as "relation__id": compared with the primary
    key itself, an id too large for the database matches nothing instead of failing (and the
    schema calls it an integer)."""

    field_class = forms.IntegerField


class ZonedDateTimeField(IsoDateTimeField):
    """An ISO date-time in any zone, compared in UTC.

    PostgreSQL refuses zone offsets beyond about 16 hours, which ISO 8601 allows; converted
    first, every offset works. A moment so near the calendar's ends that UTC has no room for it
    stands for "since always" or "until forever", which is what it means in a range.
    """

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None or moment.utcoffset() is None:
            return moment
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            edge = datetime.datetime.min if moment.year < 5000 else datetime.datetime.max
            return edge.replace(tzinfo=datetime.UTC)


class ZonedDateTimeRangeField(RangeField):
    widget = DateRangeWidget

    def __init__(self, *args, **kwargs) -> None:
        super().__init__((ZonedDateTimeField(), ZonedDateTimeField()), *args, **kwargs)


class DateTimeRangeFilter(IsoDateTimeFromToRangeFilter):
    """`name_after` / `name_before`, as ISO date-times with a real time zone."""

    field_class = ZonedDateTimeRangeField
