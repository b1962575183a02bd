"""A commitment's preview image for shared links (OpenGraph, Twitter cards): code, title, progress.

Drawn with Pillow in the bundled DejaVu Sans (Latin and Cyrillic, Kyrgyz letters included), in the
visitor's language; the page cache keeps it until the commitment changes, so it is made once per
change and no outside service sees it.
"""

import functools
import io

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from commitments.models import Commitment

SIZE = (1200, 630)  # the size OpenGraph and Twitter's large card ask for
ACCENT, INK, MUTED, TRACK, DEMO = "#0b5394", "#1a1a1a", "#4d4d4d", "#dde3ea", "#7a5c00"
FONTS = settings.BASE_DIR / "static" / "fonts"
TITLE_LINES = 4


@functools.cache  # read each face from disk once per process, not at every drawing
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def draw_mark(draw: ImageDraw.ImageDraw, x: int, y: int, size: int) -> None:
    """The project's mark (static/img/mark.svg): an open ring on the accent colour."""
    k = size / 32
    draw.rounded_rectangle([x, y, x + size, y + size], radius=7 * k, fill=ACCENT)
    cx, cy, r, w = x + 16 * k, y + 16 * k, 9.5 * k, 3.6 * k
    outer = r + w / 2
    draw.arc([cx - outer, cy - outer, cx + outer, cy + outer], 0, 270, fill="#fff", width=round(w))
    for ex, ey in ((cx + r, cy), (cx, cy - r)):
        draw.ellipse([ex - w / 2, ey - w / 2, ex + w / 2, ey + w / 2], fill="#fff")
    dx, dy, dr = x + 24.6 * k, y + 8.6 * k, 2.6 * k
    draw.ellipse([dx - dr, dy - dr, dx + dr, dy + dr], fill="#ffbf47")


def wrapped(text: str, face: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` rows of `width` pixels, words kept whole, the last cut with "…"."""
    rows: list[str] = []
    for word in text.split():
        if rows and face.getlength(f"{rows[-1]} {word}") <= width:
            rows[-1] = f"{rows[-1]} {word}"
        else:
            rows.append(word)
    if len(rows) > lines:
        last = rows[lines - 1]
        while last and face.getlength(f"{last} …") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        rows = [*rows[: lines - 1], f"{last} …"]
    return rows or [""]


def preview_png(commitment: Commitment) -> bytes:
    """The preview of `commitment` (with its milestones prefetched) in the active language."""
    image = Image.new("RGB", SIZE, "#fff")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, SIZE[0], 12], fill=ACCENT)
    draw_mark(draw, 60, 52, 64)
    draw.text((144, 62), _("Open Bishkek"), font=font(40, bold=True), fill=ACCENT)
    draw.text((60, 160), commitment.code, font=font(34, bold=True), fill=MUTED)
    title, y = font(44, bold=True), 210
    for row in wrapped(commitment.title, title, SIZE[0] - 120, TITLE_LINES):
        draw.text((60, y), row, font=title, fill=INK)
        y += 56
    progress = commitment.progress
    draw.rounded_rectangle([60, 500, 1140, 530], radius=15, fill=TRACK, outline=MUTED)
    if progress:
        draw.rounded_rectangle([60, 500, 60 + 1080 * progress // 100, 530], radius=15, fill=ACCENT)
    figure = _("%(value)s%% complete, as reported by the city") % {"value": progress}
    draw.text((60, 550), figure, font=font(30), fill=INK)
    if commitment.progress_includes_demo:
        draw.text((60, 590), _("includes demo data"), font=font(24), fill=DEMO)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
