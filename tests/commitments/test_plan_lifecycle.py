"""A plan that ends: after its end date the site says so, open milestones read "not completed by
the end of the plan" rather than "overdue", its page shows its final results beside the monitoring
body's end-of-term verdict, and a next plan takes the home page without changing the first's."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

from commitments.models import ActionPlan
from tests.factories import CommitmentFactory, MonitoringReportFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def demo(plan):
    call_command("load_demo_data", verbosity=0)
    return plan


def test_while_the_plan_runs_late_milestones_are_overdue_and_no_banner(client, demo, clock):
    clock(D(2025, 11, 1))
    page = client.get("/en/commitments/KGBSK0003/").content.decode()
    assert "⚠ Overdue" in page
    assert "Not completed by the end of the plan" not in page
    assert "plan-banner" not in page


def test_after_the_end_nothing_is_overdue_and_the_site_says_the_plan_ended(client, demo, clock):
    clock(D(2026, 3, 1))
    for url in ("/en/", "/en/commitments/", "/en/commitments/KGBSK0003/", "/en/updates/"):
        page = client.get(url).content.decode()
        assert "⚠ Overdue" not in page, url
        assert 'class="plan-banner"' in page, url
        assert "ended on" in page, url
    page = client.get("/en/commitments/KGBSK0003/").content.decode()
    assert "Not completed by the end of the plan" in page
    api = client.get("/api/v1/milestones/?commitment=KGBSK0003").json()["results"]
    assert not any(row["is_overdue"] for row in api)


def test_an_ended_plan_shows_its_final_results_and_then_the_verdict(client, demo, clock):
    clock(D(2026, 3, 1))
    home = client.get("/en/").content.decode()
    assert "Final results" in home
    assert "complete at the end of the plan, as reported by the city." in home
    assert "were not completed by the end of the plan" in home
    assert "has not published its end-of-term assessment yet" in home
    assert "Ended, awaiting the final assessment" in home
    assert "Next deadlines" not in home

    MonitoringReportFactory(
        plan=demo, kind="results", status="published", published_on=D(2026, 2, 20),
        title_en="End-of-term report 2025",
    )  # fmt: skip
    cache.clear()
    home = client.get("/en/").content.decode()
    final = home[home.index('id="final-heading"') :]
    assert "End-of-term report 2025" in final


def without_next_plan_links(page: str) -> str:
    """A page with what announces a next plan taken out (banner, links, "an earlier plan")."""
    page = re.sub(r'<p class="plan-banner".*?</p>', "", page, flags=re.S)
    page = re.sub(
        r'<p class="meta"><a href="/en/plans/">Action plans</a> › An earlier[^<]*</p>', "", page
    )
    return re.sub(r"<p><strong><a [^>]*>The next action plan:.*?</p>", "", page, flags=re.S)


def test_a_second_plan_takes_the_home_page_and_leaves_the_first_ones_pages_and_data(
    client, demo, clock
):
    clock(D(2026, 3, 1))
    first = [
        "/en/plans/bishkek-2025/",
        "/en/commitments/KGBSK0001/",
        "/en/commitments/KGBSK0001/milestones/1/",
        "/en/monitoring/?plan=bishkek-2025",
        "/en/data/?plan=bishkek-2025",
        "/en/data/commitments.csv?plan=bishkek-2025",
        "/en/data/milestones.json?plan=bishkek-2025",
        "/en/data/updates.csv?plan=bishkek-2025",
    ]
    before = {url: client.get(url) for url in first}
    assert all(response.status_code == 200 for response in before.values())

    nxt = ActionPlan.objects.create(
        slug="bishkek-2027", title_en="Action plan – Bishkek, 2026 – 2027",
        jurisdiction_en="Bishkek", starts_on=D(2026, 2, 1), ends_on=D(2027, 12, 31),
    )  # fmt: skip
    CommitmentFactory(plan=nxt, code="KGBSK0004", title_en="Open city budget hearings")
    cache.clear()

    for url, earlier in before.items():
        after = client.get(url)
        assert after.status_code == 200, url
        assert without_next_plan_links(after.content.decode()) == without_next_plan_links(
            earlier.content.decode()
        ), url
    home = client.get("/en/").content.decode()
    assert "Action plan – Bishkek, 2026 – 2027" in home and "KGBSK0004" in home
    assert "KGBSK0001" not in home
    old = client.get("/en/plans/bishkek-2025/").content.decode()
    assert 'href="/en/plans/bishkek-2027/"' in old  # points to the next plan
    assert (
        "KGBSK0004" not in client.get("/en/data/commitments.csv?plan=bishkek-2025").content.decode()
    )


def test_an_unknown_plan_is_not_found(client, plan):
    assert client.get("/en/plans/no-such-plan/").status_code == 404
    assert client.get("/en/data/commitments.csv?plan=no-such-plan").status_code == 404
    assert client.get("/en/monitoring/?plan=no-such-plan").status_code == 404
