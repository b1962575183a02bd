"""What every endpoint of the REST API shares: language, permissions, paging, limits, schema."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.fields import IntegerField
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class LanguageMixin:
    """`?lang=ky|ru|en` wins over Accept-Language (LocaleMiddleware's Content-Language says which).

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
        # Content-Language and Vary come from LocaleMiddleware, which reads the language the
        # view activated.
        return response


class AdminPermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Reading is open to all; a write needs the permission the admin asks for the same change.

    An action that writes another model than the view's names it in `required_permission`.
    A method the view does not answer at all is left to the view, which says 405.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or not hasattr(view, request.method.lower()):
            return True
        required = getattr(view, "required_permission", None)
        if required:
            user = request.user
            return bool(user and user.is_authenticated and user.has_perm(required))
        return super().has_permission(request, view)


class Pagination(PageNumberPagination):
    """Pages of 50 rows, or `page_size` up to 200. A page or size that is not a number, even a
    blank one, is an error (404 and 400, as DRF answers a page past the end), not the default."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()  # the schema says a page is a number

    def get_page_number(self, request, paginator):
        return request.query_params.get(self.page_query_param, 1)

    def get_page_size(self, request) -> int:
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        size = IntegerField(min_value=1, max_value=self.max_page_size)
        try:
            return size.run_validation(value)
        except ValidationError as error:
            raise ValidationError({self.page_size_query_param: error.detail}) from error

    def get_schema_operation_parameters(self, view) -> list:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

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
