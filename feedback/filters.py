from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, FilterSet, ModelChoiceFilter

from .models import District, Feedback, Service

OPEN_OR_CLOSED = [("open", _("Open")), ("closed", _("Closed"))]


class FeedbackFilter(FilterSet):
    """Filters of the public request list; unknown values are reported, never a crash."""

    service = ModelChoiceFilter(
        label=_("Service"), queryset=Service.objects.all(), to_field_name="code"
    )
    district = ModelChoiceFilter(
        label=_("District"), queryset=District.objects.all(), to_field_name="slug"
    )
    state = ChoiceFilter(label=_("State"), choices=OPEN_OR_CLOSED, method="filter_state")

    class Meta:
        model = Feedback
        fields = ["service", "district", "state"]

    def filter_state(self, queryset, name, value):
        return (
            queryset.open()
            if value == "open"
            else queryset.exclude(status__in=Feedback.OPEN_STATUSES)
        )
