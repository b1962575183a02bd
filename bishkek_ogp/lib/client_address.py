"""The one place that decides a request's client address.

The feedback and follow forms' hourly limits, Open311, the API's anonymous limit and django-axes's
login lockout all count by it. Behind the production proxy (USE_X_FORWARDED_FOR=1, set in
docker-compose) the client is the last X-Forwarded-For hop, the one the proxy appended; hops
before it are whatever the client chose to send. Without the proxy the header is ignored, or
clients could pick their own address.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.USE_X_FORWARDED_FOR and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
