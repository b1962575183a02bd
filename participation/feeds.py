"""An Atom feed of consultations and of the answers given to the public's contributions."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from bishkek_ogp.lib.xml_text import xml_safe
from commitments.models import noon_on

from .models import Consultation, Contribution

FEED_LENGTH = 50


class ConsultationsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Open Bishkek: consultations and answers")

    def subtitle(self):
        return _("Consultations opened on the action plan, and the answers to what people sent.")

    def link(self):
        return reverse("participation:consultation-list")

    def items(self):
        consultations = list(Consultation.objects.published()[:FEED_LENGTH])
        answers = list(
            Contribution.objects.published()
            .exclude(response="")
            .select_related("consultation")
            .order_by("-responded_at")[:FEED_LENGTH]
        )
        return sorted(consultations + answers, key=self._when, reverse=True)[:FEED_LENGTH]

    def _when(self, item):
        return noon_on(item.opens_on) if isinstance(item, Consultation) else item.responded_at

    def item_title(self, item) -> str:
        if isinstance(item, Consultation):
            return xml_safe(_("Consultation: %(title)s") % {"title": item.title})
        return xml_safe(
            _("%(response)s: a contribution to “%(title)s”")
            % {"response": item.get_response_display(), "title": item.consultation.title}
        )

    def item_description(self, item) -> str:
        # Escaped here into paragraphs: the syndication framework escapes only for XML.
        if isinstance(item, Consultation):
            text = item.question
        else:
            text = f"{item.text}\n\n{_('Reason:')} {item.response_reason}"
        return xml_safe(linebreaks(text, autoescape=True))

    def item_pubdate(self, item):
        return self._when(item)
