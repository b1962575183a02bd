"""A bounded search for every back-office list (and the autocomplete fields that use it)."""

from __future__ import annotations

from itertools import islice

from django.utils.text import smart_split

SEARCH_MAX_WORDS = 10


class BoundedSearch:
    """Search on the first words only.

    The admin asks the database for every word in every search field; a pasted page of text
    (thousands of words) made SQLite refuse the query (a 500) and kept PostgreSQL busy for over a
    minute per request. A few words find any row.
    """

    def get_search_results(self, request, queryset, search_term):
        words = islice(smart_split(search_term), SEARCH_MAX_WORDS)
        return super().get_search_results(request, queryset, " ".join(words))
