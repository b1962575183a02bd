"""Pages of the API's lists."""

from __future__ import annotations

from django.utils import translation
from rest_framework.exceptions import ValidationError
from rest_framework.fields import IntegerField
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .views import LANGUAGE_CODES


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
