"""Open311 GeoReport v2 answers in JSON or XML, the XML shaped the way the spec's examples are.

JSON mirrors XML: an answer is a list of items (or one object for discovery); in XML the list is a
root element holding one child per item, and lists inside an item nest the same way.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree

from django.http import HttpResponse

from bishkek_ogp.lib.xml_text import xml_safe

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}

# How a list is named in XML: its element, and the element of each of its items.
XML_LISTS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_safe(str(value))


def _append(parent: ElementTree.Element, name: str, value) -> None:
    element = ElementTree.SubElement(parent, name)
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list):
        for item in value:
            _append(element, XML_LISTS[name], item)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    """`data` is a list (items of `root`) or a dict (the fields of `root` itself)."""
    element = ElementTree.Element(root)
    if isinstance(data, list):
        for item in data:
            _append(element, XML_LISTS[root], item)
    else:
        for key, value in data.items():
            _append(element, key, value)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)


def respond(data, fmt: str, root: str, status: int = 200) -> HttpResponse:
    body = to_xml(root, data) if fmt == "xml" else json.dumps(data, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The spec's error answer: a list of {code, description}, one per problem."""
    data = [{"code": str(status), "description": str(d)} for d in descriptions]
    return respond(data, fmt, "errors", status=status)


def error_response(request, status: int, message: str) -> HttpResponse:
    """An error outside the Open311 views (an unknown address, a refused one, a server error) as
    the spec's error list, in the format the address names (XML, the spec's default, else)."""
    return errors("json" if request.path_info.endswith(".json") else "xml", status, message)
