"""What every endpoint of the REST API shares: language, permissions, paging, limits, schema."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class LanguageMixin:
    """`?lang=ky|ru|en` wins over Accept-Language; Content-Language says which one answered.

    Also stamps Last-Modified from the rows' `updated_at`, where they have one, so that clients
    can revalidate with If-Modified-Since as well as with the ETag.
    """

    last_modified = None

    def initial(self, request, *args, **kwargs) -> None:
        language = request.query_params.get("lang")
        if language is not None:
            if language not in LANGUAGE_CODES:
                message = _("Choose one of: %(codes)s.") % {"codes": ", ".join(LANGUAGE_CODES)}
                raise ValidationError({"lang": [message]})
            translation.activate(language)
            request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)

    def get_object(self):
        obj = super().get_object()
        self.last_modified = getattr(obj, "updated_at", None)
        return obj

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        stamps = [row.updated_at for row in page or [] if getattr(row, "updated_at", None)]
        self.last_modified = max(stamps, default=None)
        return page

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.last_modified and request.method in SAFE_METHODS and response.status_code == 200:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        response["Content-Language"] = translation.get_language()
        response.setdefault("Vary", "Accept-Language")
        return response


class AdminPermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Reading is open to all; a write needs the permission the admin asks for the same change.

    An action that writes another model than the view's names it in `required_permission`.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        required = getattr(view, "required_permission", None)
        if required:
            user = request.user
            return bool(user and user.is_authenticated and user.has_perm(required))
        return super().has_permission(request, view)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response(self, data) -> Response:
        response = super().get_paginated_response(data)
        response.data = {"language": translation.get_language(), **response.data}
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"] = {
            "language": {"type": "string", "enum": LANGUAGE_CODES},
            **paginated["properties"],
        }
        paginated["required"] = ["language", *paginated.get("required", [])]
        return paginated


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self) -> str:
        return settings.API_ANONYMOUS_RATE


class UserThrottle(UserRateThrottle):
    def get_rate(self) -> str:
        return settings.API_USER_RATE
