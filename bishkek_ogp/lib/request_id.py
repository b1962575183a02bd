"""A request id on every response and every log line written while the request is handled.

The proxy's X-Request-ID is kept when it looks like one, so a line in the proxy's log, the
site's log and an error report can be matched; otherwise a new id is made.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

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
