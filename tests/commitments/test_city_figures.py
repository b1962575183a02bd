"""The city's figures apart from the monitor's: percentages computed from the city's own reporting
say so, carry the demo mark while demo rows feed them, and never speak the IRM's vocabulary, which
belongs to the monitoring body's verdict."""

import csv
import io

import pytest
from django.core.management import call_command

from tests.factories import CommitmentAssessmentFactory, MonitoringReportFactory

pytestmark = pytest.mark.django_db

# "Not started" is also a milestone's own status, the city's word; these are the IRM's alone.
IRM_COMPLETION_WORDS = ["Limited", "Substantial", "Complete<"]


@pytest.fixture
def demo(plan):
    call_command("load_demo_data", verbosity=0)
    return plan


def headline(page: str) -> str:
    """The text of the page's first progress figure."""
    start = page.index('class="progress-figure"')
    return page[start : page.index("</span>\n", start)]


@pytest.mark.parametrize("url", ["/en/", "/en/commitments/", "/en/commitments/KGBSK0001/"])
def test_headline_figures_say_they_are_the_citys_and_carry_the_demo_mark(client, demo, url):
    figure = headline(client.get(url).content.decode())
    assert "complete, as reported by the city" in figure
    assert "includes demo data" in figure


def test_without_demo_rows_the_figures_carry_no_demo_mark(client, plan):
    figure = headline(client.get("/en/commitments/KGBSK0001/").content.decode())
    assert "as reported by the city" in figure
    assert "demo" not in figure


@pytest.mark.parametrize("url", ["/en/", "/en/commitments/", "/en/commitments/KGBSK0001/"])
def test_the_citys_figures_never_use_the_irm_completion_words(client, demo, url):
    page = client.get(url).content.decode()
    for word in IRM_COMPLETION_WORDS:
        assert word not in page, word


def test_the_irm_scale_appears_as_the_monitoring_bodys_verdict_with_its_report(client, demo):
    report = MonitoringReportFactory(plan=demo, title_en="Mid-term review", status="published")
    commitment = demo.commitments.get(code="KGBSK0001")
    CommitmentAssessmentFactory(report=report, commitment=commitment, completion="substantial")
    page = client.get("/en/commitments/KGBSK0001/").content.decode()
    assert "The monitoring body rates completion as “Substantial”" in page
    assert f"the city reports {commitment.progress}% complete." in page
    assert "Mid-term review" in page


def test_csv_flags_the_official_commitments_as_not_demo(client, demo):
    content = client.get("/en/data/commitments.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert {row["code"] for row in rows} == {"KGBSK0001", "KGBSK0002", "KGBSK0003"}
    assert {row["demo"] for row in rows} == {"False"}
    assert {row["progress_includes_demo"] for row in rows} == {"True"}
    assert "completion" not in rows[0]


def test_api_gives_the_citys_figure_without_the_irm_vocabulary(client, demo):
    body = client.get("/api/v1/commitments/KGBSK0001/").json()
    assert "completion" not in body
    assert body["progress_includes_demo"] is True
