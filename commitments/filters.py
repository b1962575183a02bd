from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import (
    BooleanFilter,
    CharFilter,
    ChoiceFilter,
    DateFromToRangeFilter,
    FilterSet,
    ModelChoiceFilter,
)
from drf_spectacular.utils import extend_schema_field

from bishkek_ogp.api.filters import (
    ApiFilterSet,
    DateTimeRangeFilter,
    IdFilter,
    StrictBooleanFilter,
)

from .models import (
    Commitment,
    CompletionLevel,
    Evidence,
    Milestone,
    MilestoneStatus,
    OgpValue,
    Organization,
    ProgressUpdate,
)
from .selectors import text_matches


class CommitmentFilter(FilterSet):
    """The commitments list's filters; a value it does not know is reported, never a crash."""

    status = ChoiceFilter(
        label=_("Progress reported by the city"),
        choices=CompletionLevel.choices,
        method="filter_status",
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
        widget=forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]),
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


def text_filter(*fields: str):
    """A `search` filter over the translated text columns of `fields`."""

    def filter_text(queryset, name, value):
        return queryset.filter(text_matches(value, *fields)) if value else queryset

    schema = {"type": "string", "maxLength": 200, "description": _("Search")}
    return extend_schema_field(schema)(
        CharFilter(label=_("Search"), method=filter_text, max_length=200)
    )


# The API's filters name plans, commitments and organisations by slug or code: a value that names
# none of them matches nothing (see bishkek_ogp.api.filters), where the site's form says so.


class CommitmentApiFilter(ApiFilterSet, CommitmentFilter):
    plan = CharFilter(label=_("Plan"), field_name="plan__slug")
    ogp_value = CharFilter(label=_("OGP value"), field_name="ogp_values__code")
    institution = CharFilter(label=_("Institution"), field_name="institutions__slug")
    overdue = StrictBooleanFilter(label=_("Overdue"), method="filter_overdue")
    search = text_filter("title", "problem", "status_quo", "objective")

    class Meta(CommitmentFilter.Meta):
        fields = ["plan", "status", "ogp_value", "institution", "overdue", "search"]


class MilestoneFilter(ApiFilterSet):
    plan = CharFilter(label=_("Plan"), field_name="commitment__plan__slug")
    commitment = CharFilter(label=_("Commitment"), field_name="commitment__code")
    status = ChoiceFilter(label=_("Status"), choices=MilestoneStatus.choices)
    institution = CharFilter(label=_("Institution"), field_name="responsible__slug")
    overdue = StrictBooleanFilter(label=_("Overdue"), method="filter_overdue")
    due = DateFromToRangeFilter(label=_("Due between"), field_name="ends_on")
    updated = DateTimeRangeFilter(label=_("Changed between"), field_name="updated_at")
    search = text_filter("title", "description", "expected_output")

    class Meta:
        model = Milestone
        fields = ["plan", "commitment", "status", "institution", "overdue", "due", "updated"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class ProgressUpdateFilter(ApiFilterSet):
    commitment = CharFilter(label=_("Commitment"), field_name="milestone__commitment__code")
    milestone = IdFilter(label=_("Milestone"), field_name="milestone__id")
    status = ChoiceFilter(label=_("Status"), choices=MilestoneStatus.choices)
    published = DateFromToRangeFilter(label=_("Published between"), field_name="published_on")
    search = text_filter("note")

    class Meta:
        model = ProgressUpdate
        fields = ["commitment", "milestone", "status", "published"]


class EvidenceFilter(ApiFilterSet):
    update = IdFilter(label=_("progress update"), field_name="update__id")

    class Meta:
        model = Evidence
        fields = ["update"]
