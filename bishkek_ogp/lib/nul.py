"""Addresses holding a NUL character are refused once, before any view sees them.

No page, record or filter value contains NUL, and PostgreSQL refuses it even inside a lookup, so
every view, API filter, Open311 query and admin list filter would otherwise need its own guard.
Form and JSON bodies are not checked here: their fields refuse NUL with a message of their own.
"""

from urllib.parse import unquote_plus

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNulMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        query = unquote_plus(request.META.get("QUERY_STRING", ""))
        if "\x00" in request.path_info or "\x00" in query:
            return HttpResponseBadRequest(
                _("This address contains a NUL character, which no page or filter accepts."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
