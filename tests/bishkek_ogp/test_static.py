"""Front-end assets are bundled and served by WhiteNoise with hashed, compressed names."""

import re
from pathlib import Path

from tests.collected_static import collected_static

ROOT = Path(__file__).resolve().parents[2]
EXTERNAL = re.compile(r"""(src|href)=["'](https?:)?//""")


def test_templates_load_nothing_from_other_sites():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if EXTERNAL.search(path.read_text())
    ]
    assert offenders == []


def test_stylesheets_load_nothing_from_other_sites():
    for path in (ROOT / "static").rglob("*.css"):
        assert not re.search(r"url\(\s*[\"']?(https?:)?//", path.read_text()), path


def test_bundled_font_covers_kyrgyz_letters():
    css = (ROOT / "static" / "css" / "site.css").read_text()
    assert "noto-sans-cyrillic-ext-400-normal.woff2" in css
    assert "U+0460-052F" in css  # the Kyrgyz letters are U+04A3, U+04E9 and U+04AF
    assert (ROOT / "static" / "fonts" / "noto-sans-cyrillic-ext-400-normal.woff2").exists()


def test_production_collectstatic_writes_hashed_compressed_files(tmp_path_factory):
    names = {p.name for p in (collected_static(tmp_path_factory) / "css").iterdir()}
    hashed = [n for n in names if re.fullmatch(r"site\.[0-9a-f]{12}\.css", n)]
    assert hashed, names
    assert f"{hashed[0]}.gz" in names
