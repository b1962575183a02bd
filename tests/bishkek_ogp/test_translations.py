"""Every UI string is translated into Kyrgyz and Russian, and the catalogues are up to date."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    "bishkek_ogp",
    "commitments",
    "monitoring",
    "feedback",
    "participation",
    "templates",
    "manage.py",
]


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory) -> Path:
    """Run makemessages on a copy of the sources, to compare with the committed catalogues."""
    copy = tmp_path_factory.mktemp("sources")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ky", "-l", "ru", "-v0"],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "VAR_DIR": str(copy / "var")},
    )
    return copy / "locale"


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_catalogue_has_every_string_of_the_code(fresh_catalogues, language):
    committed = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    fresh = fresh_catalogues / language / "LC_MESSAGES" / "django.po"
    # msgcmp fails for any msgid in the fresh extraction that the committed catalogue lacks.
    result = subprocess.run(["msgcmp", str(committed), str(fresh)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    catalogue = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    for flag in ("--untranslated", "--only-fuzzy"):
        result = subprocess.run(
            ["msgattrib", flag, "--no-obsolete", str(catalogue)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip() == "", f"{flag} entries in {language}:\n{result.stdout}"


@pytest.mark.parametrize(
    ("language", "text"),
    [("ky", "Ачык Бишкек"), ("ru", "Открытый Бишкек"), ("en", "Open Bishkek")],
)
def test_home_page_speaks_the_language_of_its_url(client, db, language, text):
    assert text in client.get(f"/{language}/").content.decode()


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_server_error_page_is_in_the_visitors_language(language):
    with translation.override(language):
        response = server_error(RequestFactory().get(f"/{language}/"))
        expected = translation.gettext("Something went wrong")
    assert response.status_code == 500
    page = response.content.decode()
    assert f'lang="{language}"' in page
    assert expected in page
    if language != "en":
        assert expected != "Something went wrong"
