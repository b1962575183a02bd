"""Every text of the plan says what it is: the official text, a translation (by whom, with the
official text a click away) or a text that exists only in another language, with its `lang`."""

import io

import pytest
from django.core.management import call_command

from commitments.models import Commitment, Milestone
from commitments.services import record_progress
from tests.factories import MilestoneFactory

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def demo(plan):
    call_command("load_demo_data", stdout=io.StringIO())
    return plan


def page(client, path: str) -> str:
    return client.get(path).content.decode()


def test_the_official_facts_are_loaded_in_three_languages_as_the_editors_translations(plan):
    commitment = Commitment.objects.get(code="KGBSK0003")
    assert commitment.title_ru and commitment.title_ky and commitment.problem_ru
    assert commitment.original_language == "en"
    assert commitment.text_source("ru") == commitment.text_source("ky") == "editors"
    assert commitment.text_source("en") == "official"


def test_a_russian_page_shows_the_translation_marked_with_the_official_text_a_click_away(
    client, plan
):
    html = page(client, "/ru/commitments/KGBSK0001/")
    commitment = Commitment.objects.get(code="KGBSK0001")
    assert f'<span lang="ru">{commitment.title_ru}</span>' in html
    assert 'href="/en/commitments/KGBSK0001/" hreflang="en"' in html
    assert "неофициальный перевод" in html
    assert (
        '<details class="translation"><summary><span class="badge badge-translation">'
        "Неофициальный перевод редакторов портала.</span>"
    ) in html
    assert commitment.problem_en.split(".")[0].replace("'", "&#x27;") in html  # one click away


def test_the_english_page_shows_the_official_text_unmarked(client, plan):
    html = page(client, "/en/commitments/KGBSK0001/")
    assert "unofficial translation" not in html and "badge-translation" not in html


def test_a_text_missing_in_the_pages_language_is_marked_with_its_own(client, plan):
    commitment = Commitment.objects.get(code="KGBSK0002")
    MilestoneFactory(commitment=commitment, title_en="Only in English", title_ru="", title_ky="")
    html = page(client, "/ky/commitments/KGBSK0002/")
    assert '<span lang="en">Only in English</span> <small class="badge badge-translation">' in html
    assert "англис тилинде гана бар" in html


def test_demo_rows_are_in_three_languages_and_still_demo(demo):
    milestone = Milestone.objects.filter(is_demo=True).first()
    assert milestone.title_ru and milestone.title_ky
    assert milestone.text_source("ky") == "editors"


def test_progress_written_in_two_languages_is_official_in_one_the_citys_in_the_other():
    milestone = MilestoneFactory()
    update = record_progress(
        milestone=milestone, author=None, status="in_progress", progress=5,
        note={"ru": "Слушания назначены", "en": "Hearings scheduled"},
    )  # fmt: skip
    assert update.original_language in ("ru", "en")
    other = "en" if update.original_language == "ru" else "ru"
    assert update.text_source(other) == "city"


def test_editors_list_the_rows_missing_a_translation(client, plan):
    from tests.factories import UserFactory

    commitment = Commitment.objects.get(code="KGBSK0002")
    MilestoneFactory(commitment=commitment, title_en="Untranslated step", title_ru="", title_ky="")
    MilestoneFactory(commitment=commitment, title_en="Done", title_ru="Сделано", title_ky="Бүттү")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = page(client, "/admin/commitments/milestone/?translations=missing")
    assert "Untranslated step" in listing and "Done" not in listing
    index = page(client, "/admin/")
    assert "Texts missing in Kyrgyz or Russian" in index
    assert "/admin/commitments/milestone/?translations=missing" in index


def test_editors_list_the_unofficial_translations_to_review(client, plan):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = page(client, "/admin/commitments/commitment/?translations=unofficial")
    assert "KGBSK0001" in listing  # the editors' translations of the official facts
