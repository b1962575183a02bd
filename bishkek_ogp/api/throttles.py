"""Requests a minute: anonymous clients counted by address, signed-in ones by account."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from bishkek_ogp.lib.client_address import client_address


class ClientAddress:
    """Counts anonymous clients by the project's client address, not DRF's own reading of
    X-Forwarded-For (NUM_PROXIES), which would be a second rule for the same question."""

    def get_ident(self, request) -> str:
        return client_address(request)


class AnonymousThrottle(ClientAddress, AnonRateThrottle):
    def get_rate(self) -> str:
        return settings.API_ANONYMOUS_RATE


class UserThrottle(ClientAddress, UserRateThrottle):
    def get_rate(self) -> str:
        return settings.API_USER_RATE
