"""The API's JSON reader, with a limit on nesting.

Python's json module recurses once per level: a body of ten thousand nested brackets raised a
RecursionError, which DRF answered with a 500. No request of this API nests deeper than a few
levels, so anything past MAX_DEPTH is refused with a 400 that says so.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def depth(value, level: int = 1) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((depth(item, level + 1) for item in value.values()), default=level)
    if isinstance(value, list):
        return max((depth(item, level + 1) for item in value), default=level)
    return level


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
        else:
            if depth(data) <= MAX_DEPTH:
                return data
        raise ParseError(
            _("The JSON is nested too deeply; at most %(depth)d levels are accepted.")
            % {"depth": MAX_DEPTH}
        )
