"""Downloads: CSV files, and uploaded files served as attachments under safe names."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import PurePath

import filetype
from django.core.files import File
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

SAFE_EXTENSION = re.compile(r"[a-z0-9]{1,5}")


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
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def download_name(*parts: str, extension: str) -> str:
    """A file name of words in the reader's language ("открытыи-бишкек-обязательства-ru.csv"),
    sent in the form browsers decode (RFC 6266, with a plain ASCII fallback)."""
    words = "-".join(slugify(str(part), allow_unicode=True) for part in parts if part)
    return f"{words}.{extension}"


def safe_filename(stem: str, stored_name: str) -> str:
    """A download name from a title: letters, digits and dashes only, with the stored extension.

    Slugifying drops quotes, slashes, control and bidirectional-override characters, so a title
    such as "report\u202efdp.exe" cannot pose as another file type in the browser's dialog.
    """
    base = slugify(stem, allow_unicode=True)[:80].strip("-") or "file"
    extension = PurePath(stored_name).suffix.lower().lstrip(".")
    return f"{base}.{extension}" if SAFE_EXTENSION.fullmatch(extension) else base


def file_attachment(file: File, stem: str) -> FileResponse:
    """An uploaded file as a download: typed by its content, never shown inline by the browser."""
    handle = file.open("rb")
    kind = filetype.guess(handle.read(8192))
    handle.seek(0)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(stem, file.name),
        content_type=kind.mime if kind else "application/octet-stream",
    )
    # Even if something opened it in place, it could run no script and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
