"""The sitemap: every public page, in Kyrgyz, Russian and English, each naming its translations.

Django's sitemap framework writes one <url> per page and language with `hreflang` alternates and
an `x-default` (the site's default language). Each section lists exactly what its model's
`.published()` queryset makes public, so a draft or hidden row never reaches a search engine.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from commitments.models import ActionPlan, Commitment, Milestone
from feedback.models import Feedback
from monitoring.models import MonitoringReport
from participation.models import Consultation


class Translated(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class Pages(Translated):
    """The site's fixed pages, by URL name."""

    changefreq = "daily"
    names = [
        "home",
        "plan-list",
        "commitments:commitment-list",
        "commitments:update-list",
        "commitments:committee",
        "monitoring:index",
        "monitoring:report-list",
        "participation:consultation-list",
        "feedback:submit",
        "feedback:stats",
        "feedback:request-list",
        "commitments:open-data",
        "commitments:about",
    ]

    def items(self):
        return self.names

    def location(self, item):
        return reverse(item)


class Rows(Translated):
    """Pages of the public rows of one model; `lastmod` when the model keeps it."""

    queryset = None

    def items(self):
        return self.queryset.order_by("pk")

    def lastmod(self, item):
        return getattr(item, "updated_at", None)


class Plans(Rows):
    queryset = ActionPlan.objects.published()


class Commitments(Rows):
    queryset = Commitment.objects.published()


class Milestones(Rows):
    queryset = Milestone.objects.published().select_related("commitment")


class Reports(Rows):
    queryset = MonitoringReport.objects.published()


class Consultations(Rows):
    queryset = Consultation.objects.published()


class FeedbackRequests(Rows):
    queryset = Feedback.objects.published()


SITEMAPS = {
    "pages": Pages,
    "plans": Plans,
    "commitments": Commitments,
    "milestones": Milestones,
    "reports": Reports,
    "consultations": Consultations,
    "feedback": FeedbackRequests,
}
