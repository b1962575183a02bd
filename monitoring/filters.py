from django.utils.translation import gettext_lazy as _

from bishkek_ogp.api.filters import ApiFilterSet, IdFilter

from .models import CommitmentAssessment


class AssessmentFilter(ApiFilterSet):
    report = IdFilter(label=_("Report"), field_name="report__id")

    class Meta:
        model = CommitmentAssessment
        fields = ["report", "completion"]
