"""Search in three languages on both databases: other grammatical forms, plurals, Cyrillic
capitals, codes as shown, names in either alphabet; what a hit shows is what it matched."""

import io

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def demo(plan):
    call_command("load_demo_data", stdout=io.StringIO())
    return plan


def results(client, language: str, query: str) -> str:
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_a_russian_word_in_another_case_finds_its_text(client, demo):
    # "обращениях" (prepositional plural); the data says "обращения", "обращений".
    page = results(client, "ru", "обращениях")
    assert "KGBSK0001" in page and "<mark>" in page


def test_a_russian_plural_finds_the_singular(client, demo):
    page = results(client, "ru", "слушания")  # the milestone says "слушания" / "слушаний"
    assert "KGBSK0001.3" in page


def test_a_kyrgyz_word_in_capitals_finds_its_text(client, demo):
    page = results(client, "ky", "МИЛДЕТТЕНМЕЛЕР")
    assert "<mark>" in page


def test_a_kyrgyz_stem_finds_its_suffixed_forms(client, demo):
    page = results(client, "ky", "жарандар")  # "жарандардын", "жарандар менен"
    assert "KGBSK0003" in page


@pytest.mark.parametrize("language", ["en", "ru", "ky"])
def test_a_milestone_code_as_shown_finds_that_milestone(client, demo, language):
    page = results(client, language, "KGBSK0003.2")
    assert "KGBSK0003.2" in page and "/commitments/KGBSK0003/milestones/2/" in page


@pytest.mark.parametrize("query", ["Kudabaev", "Кудабаев", "kudabaev"])
def test_a_committee_member_is_found_in_either_alphabet(client, plan, query):
    assert "Kudabaev" in results(client, "ru", query)


def test_an_english_plural_finds_the_singular(client, demo):
    assert "KGBSK0002.1" in results(client, "en", "inventories")


def test_a_text_only_in_english_is_found_from_a_russian_page_and_marked(client, plan):
    from commitments.models import Commitment
    from tests.factories import MilestoneFactory

    MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0002"),
                     title_en="Zoning hearings", title_ru="", title_ky="")  # fmt: skip
    page = results(client, "ru", "hearings")
    assert "Zoning" in page and "есть только на английском" in page


def test_a_demo_hit_carries_the_demo_badge(client, demo):
    assert 'class="badge badge-demo"' in results(client, "en", "inventory")


def test_institutions_meetings_and_reports_are_found(client, plan):
    from tests.factories import MonitoringReportFactory

    MonitoringReportFactory(plan=plan, title_en="Mid-term review", title_ru="Промежуточный обзор")
    assert "Alliance" in results(client, "en", "alliance")
    assert "Организационная" in results(client, "ru", "организационной")
    assert "Промежуточный обзор" in results(client, "ru", "обзоры")
