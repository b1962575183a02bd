"""The OpenAPI schema's additions to drf-spectacular's: the language parameter and the errors.

Kept apart from `api.py` because DRF loads that module while its own views are still importing,
and drf-spectacular's schema class needs those views.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from .views import LANGUAGE_CODES


class ErrorSerializer(serializers.Serializer):
    """DRF's error answer: `detail` for most errors, one list of messages per field for 400."""

    detail = serializers.CharField(required=False)


ERRORS = {
    "400": _("The request is invalid; the answer names each problem."),
    "401": _("Authentication is needed: send `Authorization: Token <key>`."),
    "403": _("Your account lacks the permission for this."),
    "404": _("No such object, or it is not public."),
    "429": _("Too many requests; retry after the seconds in Retry-After."),
}


class ApiSchema(AutoSchema):
    """Every operation documents the language parameter, the errors it can answer, and that
    reading needs no account."""

    def get_override_parameters(self) -> list:
        language = OpenApiParameter(
            "lang",
            str,
            enum=LANGUAGE_CODES,
            description=str(_("Language of the texts; default from Accept-Language.")),
        )
        return [*super().get_override_parameters(), language]

    def get_auth(self) -> list:
        # Reading needs no account (see AdminPermissions): the token is optional there.
        auths = super().get_auth()
        if self.method in SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction: str = "response") -> dict:
        # Any operation can meet any of them: a bad token on a read is a 401, a page past the
        # end of a list a 404.
        responses = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            response = self._get_response_for_code(ErrorSerializer, code)
            response["description"] = str(description)
            responses.setdefault(code, response)
        return responses
