"""Images for upload tests: decompression bombs (a small file that claims a huge size) and a
photo carrying EXIF metadata."""

import io
import struct
import zlib

from PIL import Image


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header says width x height (1-bit grey) with next to no pixel data: enough to
    be read as an image, and far too many pixels to decode."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    pixels = zlib.compress(row * min(height, 64), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


# 20000x20000 is beyond Pillow's own refusal, 11000x11000 beyond its warning, 7000x7000 beyond
# the project's budget only: each is refused before its pixels are decoded.
BOMBS = {
    "png-20000x20000": png_claiming(20000, 20000),
    "png-11000x11000": png_claiming(11000, 11000),
    "png-7000x7000": png_claiming(7000, 7000),
}


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()
