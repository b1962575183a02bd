"""CSV downloads shared by the open data page and the feedback statistics."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import HttpResponse


def spreadsheet_safe(value):
    """Keep a text cell from being run as a formula when the CSV is opened in a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(rows: Iterable[dict], filename: str) -> HttpResponse:
    """An attachment with a header row taken from the first row's keys."""
    rows = list(rows)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")  # lets spreadsheet programs detect UTF-8 (Cyrillic names)
    if rows:
        writer = csv.DictWriter(response, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
