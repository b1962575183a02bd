"""An Atom feed of the monitoring body's published reports."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from bishkek_ogp.lib.xml_text import xml_safe
from commitments.feeds import translation_mark
from commitments.models import noon_on

from .models import MonitoringReport


class MonitoringReportsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Open Bishkek: independent monitoring reports")

    def subtitle(self):
        return _("The monitoring body's reports on Bishkek's OGP Local action plans.")

    def link(self):
        return reverse("monitoring:index")

    def items(self):
        return MonitoringReport.objects.published().select_related("plan__monitoring_body")[:50]

    def item_title(self, item: MonitoringReport) -> str:
        return xml_safe(f"{item} ({item.get_kind_display()})")

    def item_description(self, item: MonitoringReport) -> str:
        # Escaped here into paragraphs: the syndication framework escapes only for XML.
        mark = translation_mark(item, "summary")
        text = f"{item.summary}\n\n{mark}" if mark else item.summary
        return xml_safe(linebreaks(text, autoescape=True))

    def item_author_name(self, item: MonitoringReport) -> str:
        return item.authors or (item.plan.monitoring_body.name if item.plan.monitoring_body else "")

    def item_pubdate(self, item: MonitoringReport):
        return noon_on(item.published_on)

    def item_updateddate(self, item: MonitoringReport):
        return item.updated_at
