"""Uploaded images, decoded within a budget and stored afresh without their metadata.

An image's size is read from its header before any pixel is decoded: a small file can claim
20000x20000 pixels (a "decompression bomb") and take gigabytes to decode. Whatever is accepted is
written out again, so that no EXIF (location, device) nor anything smuggled inside is kept.
"""

from __future__ import annotations

import contextlib
import io
import secrets
import warnings
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # a 48-megapixel phone saves 12; a scanned A4 page at 600 dpi is 35
SAVE_AS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WEBP", "webp")}


@contextlib.contextmanager
def opened(upload) -> Iterator[Image.Image]:
    """The image, opened (its header read) within the pixel budget; any failure to read it, or
    a size over the budget, is a ValidationError with the reason in the reader's language."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                _check_pixels(image.width, image.height)
                yield image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(_too_large(), "image_too_large") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("The image is damaged or not an image."), "image_type") from error
    finally:
        upload.seek(0)


def reencode(upload, *, formats: tuple[str, ...], max_side: int | None = None,
             as_jpeg: bool = False) -> ContentFile:  # fmt: skip
    """`upload` decoded (one of `formats`), turned upright, shrunk to `max_side` and saved again."""
    with opened(upload) as image:
        if image.format not in formats:
            raise ValidationError(_("This image's format is not accepted."), "image_type")
        kind, extension = SAVE_AS["JPEG" if as_jpeg else image.format]
        if max_side:
            image.draft("RGB", (max_side, max_side))  # JPEG decodes at the smaller size
        image.load()
        image = ImageOps.exif_transpose(image)
        if max_side:
            image.thumbnail((max_side, max_side))
        if kind == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, kind, quality=85)  # no exif=, so no metadata is written
    return ContentFile(buffer.getvalue(), name=f"{secrets.token_hex(8)}.{extension}")


def check(upload) -> None:
    """Refuse a damaged image or one over the pixel budget, reading its header and structure
    only: no pixel is decoded."""
    with opened(upload) as image:
        image.verify()


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ValidationError(_too_large(width, height), "image_too_large")


def _too_large(width: int | None = None, height: int | None = None) -> str:
    limit = MAX_PIXELS // 1_000_000
    if width is None:
        return _("The image has too many pixels; the limit is %(limit)d megapixels.") % {
            "limit": limit
        }
    return _("The image is %(width)d by %(height)d pixels; the limit is %(limit)d megapixels.") % {
        "width": width,
        "height": height,
        "limit": limit,
    }
