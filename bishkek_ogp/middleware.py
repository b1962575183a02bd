"""The project's own middleware: a request id on every response and log line, and addresses
holding NUL refused once for every view."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from urllib.parse import unquote_plus

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

# --- Request ids ----------------------------------------------------------------------------------
# A request id on every response and every log line written while the request is handled.
#
# The proxy's X-Request-ID is kept when it looks like one, so a line in the proxy's log, the
# site's log and an error report can be matched; otherwise a new id is made.

HEADER = "X-Request-ID"
ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")

current = contextvars.ContextVar("request_id", default="-")


class RequestIdMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if ACCEPTED.fullmatch(given) else uuid.uuid4().hex
        token = current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each record ("-" outside a request, e.g. in Celery tasks)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True


# --- NUL in addresses -----------------------------------------------------------------------------
# Addresses holding a NUL character are refused once, before any view sees them.
#
# No page, record or filter value contains NUL, and PostgreSQL refuses it even inside a lookup, so
# every view, API filter, Open311 query and admin list filter would otherwise need its own guard.
# Form and JSON bodies are not checked here: their fields refuse NUL with a message of their own.


class RefuseNulMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        query = unquote_plus(request.META.get("QUERY_STRING", ""))
        if "\x00" in request.path_info or "\x00" in query:
            message = _("This address contains a NUL character, which no page or filter accepts.")
            return error_in_its_format(request, 400, message) or HttpResponseBadRequest(
                message, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


def error_in_its_format(request, status: int, message: str) -> HttpResponse | None:
    """An error as the clients of this part of the site read one (ERROR_FORMATS: the API's JSON,
    Open311's error list); None for the pages, which answer in HTML."""
    for prefix, responder in settings.ERROR_FORMATS.items():
        if request.path_info.startswith(prefix):
            return import_string(responder)(request, status, message)
    return None
