from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, ChoiceFilter, FilterSet, ModelChoiceFilter

from .models import Commitment, CompletionLevel, OgpValue, Organization


class CommitmentFilter(FilterSet):
    """The commitments list's filters; a value it does not know is reported, never a crash."""

    status = ChoiceFilter(
        label=_("Completion"), choices=CompletionLevel.choices, method="filter_status"
    )
    ogp_value = ModelChoiceFilter(
        label=_("OGP value"), field_name="ogp_values", queryset=OgpValue.objects.all()
    )
    institution = ModelChoiceFilter(
        label=_("Institution"),
        field_name="institutions",
        queryset=Organization.objects.filter(commitments__isnull=False).distinct(),
        to_field_name="slug",
    )
    overdue = BooleanFilter(
        label=_("Overdue"),
        method="filter_overdue",
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = Commitment
        fields = ["status", "ogp_value", "institution", "overdue"]

    # Completion and overdue are derived from milestones in Python (see Commitment), so these
    # filters evaluate them on the few commitments a plan has rather than duplicating the rule
    # in SQL. The queryset given to the filterset must prefetch milestones (with_milestones()).
    def filter_status(self, queryset, name, value):
        keep = [c.pk for c in queryset if c.completion == value]
        return queryset.filter(pk__in=keep)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        keep = [c.pk for c in queryset if c.is_overdue == value]
        return queryset.filter(pk__in=keep)
