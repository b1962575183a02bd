"""The language of an answer, and the date its rows last changed."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS

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
