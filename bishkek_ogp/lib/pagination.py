"""Pages of a public list, as Django's ListView numbers them."""

from django.core.paginator import InvalidPage, Page, Paginator
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
