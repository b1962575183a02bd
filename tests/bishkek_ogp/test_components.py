"""The public pages share one set of components: a status, a demo row, a translation or a late
milestone is flagged by the one badge of site.css, a code is a pill, and a short table carries
its column names on its cells, so that it stacks on a phone."""

import datetime
import io
import re

import pytest
from django.core.management import call_command

from commitments.services import record_progress
from tests.factories import CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

# The one-off flags the badge replaced.
RETIRED_CLASSES = ["demo-tag", "text-mark", "overdue-marker"]


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_a_progress_updates_status_is_a_status_badge(client):
    record_progress(milestone=MilestoneFactory(), author=None, status="in_progress", progress=40,
                    note="Hearings scheduled.")  # fmt: skip
    html = page(client, "/en/updates/")
    assert re.search(r'<span class="badge badge-in_progress">.*?</span> In progress</span>', html)


def test_demo_rows_and_figures_carry_the_demo_badge(client, plan):
    call_command("load_demo_data", stdout=io.StringIO())
    html = page(client, "/en/commitments/KGBSK0001/")
    assert '<span class="badge badge-demo">demo</span>' in html
    assert '<span class="badge badge-demo">includes demo data</span>' in html


def test_a_translated_text_carries_the_translation_badge(client, plan):
    html = page(client, "/ru/commitments/KGBSK0001/")
    assert '<small class="badge badge-translation"><a href="/en/commitments/KGBSK0001/"' in html


def test_an_overdue_milestone_carries_the_warning_badge(client):
    # In a plan still running: the official plan has ended, and nothing in it is overdue.
    late = CommitmentFactory(ends_on=datetime.date(2025, 6, 30))
    MilestoneFactory(commitment=late, status="in_progress", progress=40)
    html = page(client, late.get_absolute_url())
    assert '<strong class="badge badge-warning">⚠ Overdue</strong>' in html


@pytest.mark.parametrize(
    "path", ["/en/", "/en/commitments/KGBSK0001/", "/ru/commitments/KGBSK0001/", "/en/updates/"]
)
def test_pages_flag_nothing_with_the_retired_one_off_classes(client, plan, path):
    call_command("load_demo_data", stdout=io.StringIO())
    html = page(client, path)
    assert "badge badge-" in html
    assert [name for name in RETIRED_CLASSES if f'"{name}"' in html] == []


def test_a_commitment_code_is_a_pill_on_its_page(client, plan):
    html = page(client, "/en/commitments/KGBSK0001/")
    assert '<h1><span class="code">KGBSK0001</span>' in html


def test_the_monitoring_table_names_each_column_on_its_cells(client, plan):
    html = page(client, "/en/monitoring/")
    table = html[html.index('<table class="table-stack">') : html.index("</table>")]
    headers = re.findall(r'<th scope="col">(.*?)</th>', table)
    first_row = table[table.index("<tbody>") :].split("</tr>")[0]
    labels = re.findall(r'<td data-label="(.*?)">', first_row)
    assert labels == headers[1:]  # the first column is the row's own header
