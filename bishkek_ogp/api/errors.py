"""The API's error answers: DRF's, plus the services' own validation errors as 400.

DRF already maps Django's Http404 and PermissionDenied; the services raise Django's
ValidationError too (full_clean, business rules), and that one it would answer with a 500.
Kept apart from the other API modules, which DRF loads while its views are still importing.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from rest_framework.exceptions import ValidationError
from rest_framework.fields import get_error_detail
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(get_error_detail(exc))
    return drf_exception_handler(exc, context)


def error_response(request: HttpRequest, status: int, message: str) -> JsonResponse:
    """An error outside DRF's views (an unknown address, a refused one) as the API answers one."""
    return JsonResponse({"detail": str(message)}, status=status)
