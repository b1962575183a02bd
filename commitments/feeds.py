"""Atom feeds of progress updates: the whole plan, and one per commitment."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bishkek_ogp.lib.xml_text import xml_safe

from .models import Commitment, ProgressUpdate, noon_on, provenance_notice

FEED_LENGTH = 50


def translation_mark(row, field: str) -> str:
    """The notice a reader of the feed gets for a text that is not the official one."""
    notice = provenance_notice(row.text_provenance(field, get_language()))
    return f"({notice})" if notice else ""


class PlanUpdatesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Open Bishkek: progress updates")

    def subtitle(self):
        return _("Progress on the commitments of Bishkek's OGP Local action plan.")

    def link(self):
        return reverse("commitments:update-list")

    def updates(self):
        return ProgressUpdate.objects.published().for_listing()

    def items(self):
        return self.updates()[:FEED_LENGTH]

    def item_title(self, item: ProgressUpdate) -> str:
        title = _("%(code)s: %(status)s, %(progress)d%%") % {
            "code": item.milestone.code,
            "status": item.get_status_display(),
            "progress": item.progress,
        }
        return f"{title} ({_('demo data')})" if item.is_demo else title

    def item_description(self, item: ProgressUpdate) -> str:
        # An Atom summary of type "html" is rendered as HTML by feed readers, and the syndication
        # framework escapes it only for XML: the texts are escaped here, into paragraphs.
        text = f"{item.milestone.title}\n\n{item.note}"
        mark = translation_mark(item, "note")
        return xml_safe(linebreaks(f"{text}\n\n{mark}" if mark else text, autoescape=True))

    def item_pubdate(self, item: ProgressUpdate):
        # When it happened (the update's date); "updated" is when it was recorded.
        return noon_on(item.published_on)

    def item_updateddate(self, item: ProgressUpdate):
        return item.published_at or item.created_at


class CommitmentUpdatesFeed(PlanUpdatesFeed):
    def get_object(self, request, code: str) -> Commitment:
        return get_object_or_404(Commitment.objects.published(), code=code)

    def title(self, obj: Commitment):
        return _("%(code)s: progress updates") % {"code": obj.code}

    def subtitle(self, obj: Commitment):
        return xml_safe(obj.title)

    def link(self, obj: Commitment):
        return obj.get_absolute_url()

    def items(self, obj: Commitment):
        return self.updates().filter(milestone__commitment=obj)[:FEED_LENGTH]
