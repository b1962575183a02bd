"""Uploaded files at their storage URLs, for the back office only.

The admin's file widgets link to MEDIA_URL. Citizens' photos and draft evidence live there too, so
only signed-in staff may open them; the public reaches published files through the download views
of the objects they belong to, which check publication first.
"""

from pathlib import PurePath

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import Http404

from bishkek_ogp.lib.downloads import file_attachment


@staff_member_required
def staff_media(request, path: str):
    try:
        exists = default_storage.exists(path)
    except SuspiciousFileOperation as error:  # "../" and absolute paths leave MEDIA_ROOT
        raise Http404 from error
    if not exists:
        raise Http404
    return file_attachment(default_storage.open(path), PurePath(path).stem)
