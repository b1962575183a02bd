"""Checks for uploaded documents (evidence, meeting minutes): judged by content, not by name."""

from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from bishkek_ogp.lib import images

# Sniffed type -> the file name extensions that may carry it.
DOCUMENT_TYPES = {
    "pdf": {"pdf"},
    "jpg": {"jpg", "jpeg"},
    "png": {"png"},
    "webp": {"webp"},
    "doc": {"doc"},
    "docx": {"docx"},
    "xls": {"xls"},
    "xlsx": {"xlsx"},
    "ppt": {"ppt"},
    "pptx": {"pptx"},
    "odt": {"odt"},
    "ods": {"ods"},
    "odp": {"odp"},
}
IMAGE_TYPES = {"jpg", "png", "webp"}
ALLOWED_NAMES = ", ".join(sorted({ext.upper() for exts in DOCUMENT_TYPES.values() for ext in exts}))


def validate_document(upload) -> None:
    """Refuse anything that is not a PDF, an image or an office document of a sane size."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    if kind is None or kind.extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("This file's content is not an accepted type. Accepted: %(types)s."),
            code="file_type",
            params={"types": ALLOWED_NAMES},
        )
    if extension not in DOCUMENT_TYPES[kind.extension]:
        raise ValidationError(
            _(
                "The file is named .%(ext)s but its content is %(kind)s. Rename it or upload the "
                "right file."
            ),
            code="file_extension_mismatch",
            params={"ext": extension or "?", "kind": kind.extension.upper()},
        )
    if kind.extension in IMAGE_TYPES:
        _check_image(upload)


def _check_image(upload) -> None:
    try:
        images.check(upload)
    except ValidationError as error:
        raise ValidationError(error.messages, code="file_damaged") from error


def without_metadata(file):
    """A new upload that is an image, written out again without its metadata (EXIF: location,
    device); any other file, and a file already stored, as it is."""
    if not file or getattr(file, "_committed", True):
        return file
    file.seek(0)
    kind = filetype.guess(file.read(8192))
    file.seek(0)
    if kind is None or kind.extension not in IMAGE_TYPES:
        return file
    clean = images.reencode(file, formats=("JPEG", "PNG", "WEBP"))
    return ContentFile(clean.read(), name=PurePath(file.name).name)
