"""Pages of a public list, as Django's ListView numbers them; the short lists of the back
office's start page."""

from dataclasses import dataclass

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _


def page_or_404(paginator: Paginator, number: str | None) -> Page:
    """The page asked for (the first when none is given, "last" for the last); 404 otherwise.

    A page number past the end is refused rather than answered with the last page, so that no
    address outside the list's own links is rendered and stored in the page cache.
    """
    if number == "last":
        number = paginator.num_pages
    try:
        return paginator.page(number or 1)
    except InvalidPage as error:
        raise Http404(_("There is no page %(number)s.") % {"number": number}) from error


# How many rows a panel of the back office's start page lists; a link leads to the whole list.
SHORTLIST = 10


@dataclass
class Shortlist:
    rows: list
    total: int

    @property
    def more(self) -> bool:
        """Whether the list holds more than is shown (a link to the whole list is due)."""
        return self.total > len(self.rows)


def shortlist(rows: QuerySet) -> Shortlist:
    """The first rows of a list shown in brief, and how many there are in all."""
    return Shortlist(list(rows[:SHORTLIST]), rows.count())
