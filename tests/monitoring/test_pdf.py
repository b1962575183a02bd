"""PDF reports: text, languages, Kyrgyz letters, metadata, and only the project's own assets."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from commitments.models import Commitment
from monitoring.models import ReportJob
from monitoring.pdf import AssetRefused, render_report_pdf, static_only_fetcher
from monitoring.selectors import data_fingerprint
from tests.factories import CommitmentAssessmentFactory, MonitoringReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def demo(plan):
    call_command("load_demo_data", stdout=io.StringIO())
    return plan


def render(plan, language: str, **subject) -> PdfReader:
    job = ReportJob.objects.create(
        kind=subject.pop("kind", "plan"),
        plan=plan,
        language=language,
        data_fingerprint=data_fingerprint(),
        **subject,
    )
    return PdfReader(io.BytesIO(render_report_pdf(job)))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    ("language", "status", "heading", "title"),
    [
        ("en", "Completed", "Summary of commitments", "Creation of a digital tool"),
        ("ru", "Завершено", "Сводка по обязательствам", "Создание цифрового инструмента"),
        ("ky", "Аякталган", "Милдеттенмелер боюнча жыйынтык", "санариптик курал"),
    ],
)
def test_plan_report_has_codes_titles_and_statuses_in_its_language(
    demo, language, status, heading, title
):
    text = " ".join(text_of(render(demo, language)).split())
    for code in ("KGBSK0001", "KGBSK0002", "KGBSK0003"):
        assert code in text
    assert title in text
    assert status in text
    assert heading in text


@pytest.mark.parametrize(("language", "note"), [("ru", "неофициальные переводы"),
                                                ("ky", "расмий эмес котормолору")])  # fmt: skip
def test_a_translated_report_says_so_on_its_cover(demo, language, note):
    cover = " ".join(render(demo, language).pages[0].extract_text().split())
    assert note in cover


def test_the_english_report_carries_no_translation_note(demo):
    cover = " ".join(render(demo, "en").pages[0].extract_text().split())
    assert "unofficial translations" not in cover


def test_kyrgyz_letters_survive_into_the_text_layer(demo):
    text = text_of(render(demo, "ky"))
    for letter in "ңөү":
        assert letter in text


def test_pages_are_numbered_n_of_m(demo):
    reader = render(demo, "en")
    total = len(reader.pages)
    assert total >= 4  # cover, summary, one section per commitment
    assert f"2 / {total}" in reader.pages[1].extract_text()


def test_metadata_names_title_author_and_language(demo):
    reader = render(demo, "ru")
    assert reader.metadata.title.startswith("Ход выполнения всего плана: ")
    assert reader.metadata.author == "Открытый Бишкек"
    assert reader.trailer["/Root"]["/Lang"] == "ru"


def test_pdf_is_tagged_for_assistive_technology(demo):
    catalog = render(demo, "en").trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])


def test_commitment_report_covers_only_that_commitment(demo):
    commitment = Commitment.objects.get(code="KGBSK0002")
    text = text_of(render(demo, "en", kind="commitment", commitment=commitment))
    assert "KGBSK0002" in text
    assert "KGBSK0001" not in text


def test_status_printout_shows_the_assessment_beside_the_government_figures(demo):
    commitment = Commitment.objects.get(code="KGBSK0001")
    report = MonitoringReportFactory(plan=demo)
    CommitmentAssessmentFactory(report=report, commitment=commitment, completion="limited")
    text = " ".join(text_of(render(demo, "en")).split())
    assert "rates completion as “Limited”" in text
    assert "They disagree." in text


def test_status_printout_says_its_figures_are_the_citys_own(demo):
    text = " ".join(
        text_of(
            render(demo, "en", kind="commitment", commitment=Commitment.objects.first())
        ).split()
    )
    assert "the progress figures are the city's own" in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://example.org/static/css/site.css",
        "https://report-assets.invalid/media/secret.pdf",
        "https://report-assets.invalid/static/../../etc/passwd",
    ],
)
def test_pdf_assets_come_only_from_the_projects_static_files(url):
    with pytest.raises(AssetRefused):
        static_only_fetcher(url)


def test_bundled_font_is_served_to_the_renderer():
    response = static_only_fetcher("https://report-assets.invalid/static/fonts/DejaVuSans.ttf")
    assert response.read()[:4] == b"\x00\x01\x00\x00"
