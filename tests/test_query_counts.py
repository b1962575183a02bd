"""Every public page, API list and Open311 read costs the same number of SQL queries at ten times
the data: nothing is queried per milestone, update, feedback or report.

The data is built once for the module (the plan, its demo milestones, feedback, monitoring
reports and report files, then ten times as much), every address is read at both sizes with an
empty page cache, and the whole of it is rolled back afterwards.
"""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commitments.demo import load_demo_data
from commitments.models import ActionPlan, Commitment, Milestone
from feedback.models import Feedback
from monitoring.models import ReportJob
from tests.factories import CommitmentAssessmentFactory, FeedbackFactory, MonitoringReportFactory

PAGES = [
    "/en/",
    "/en/commitments/",
    "/en/commitments/KGBSK0001/",
    "/en/commitments/KGBSK0003/",
    "/en/updates/",
    "/en/updates/feed/",
    "/en/commitments/KGBSK0001/feed/",
    "/en/committee/",
    "/en/search/?q=milestone",
    "/en/about/",
    "/en/data/",
    *(
        f"/en/data/{name}.{fmt}"
        for name in ("commitments", "milestones", "updates")
        for fmt in ["csv", "json"]
    ),
    "/en/monitoring/",
    "/en/reports/",
    "/en/feedback/",
    "/en/feedback/stats/",
    "/en/feedback/stats.csv",
    "/en/feedback/requests/",
]
API_LISTS = [
    f"/api/v1/{name}/"
    for name in (
        "plans", "commitments", "milestones", "updates", "evidence", "organisations",
        "committee-members", "meetings", "monitoring-reports", "assessments", "reports",
        "feedback-statistics",
    )
]  # fmt: skip
OPEN311 = ["/open311/v2/discovery.json", "/open311/v2/services.json", "/open311/v2/requests.json"]
ADDRESSES = [*PAGES, *API_LISTS, *OPEN311]
FEEDBACK_DETAIL = "/en/feedback/requests/<id>/"

# Also tells pytest-django to set up the test database; one worker builds the data (pytest-xdist).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("query-counts")]


def add_data(plan: ActionPlan, copies: int) -> None:
    """`copies` times the 1x data: demo milestones, feedback, reports and report files."""
    Milestone.objects.filter(is_demo=True).delete()
    load_demo_data(copies=copies)
    commitments = list(Commitment.objects.all())
    for n in range(12 * copies - Feedback.objects.count()):
        FeedbackFactory(moderation=Feedback.Moderation.APPROVED, public_answer=f"Answer {n}")
    for _ in range(copies - ReportJob.objects.count()):
        report = MonitoringReportFactory(plan=plan)
        for commitment in commitments:
            CommitmentAssessmentFactory(report=report, commitment=commitment)
        ReportJob.objects.create(
            kind=ReportJob.Kind.MONITORING, plan=plan, monitoring_report=report, language="en",
            status=ReportJob.Status.READY, file=ContentFile(b"%PDF-1.7", name="report.pdf"),
        )  # fmt: skip


def query_counts(client: Client) -> dict[str, int]:
    feedback = Feedback.objects.published().order_by("-pk").first()
    addresses = {address: address for address in ADDRESSES}
    addresses[FEEDBACK_DETAIL] = FEEDBACK_DETAIL.replace("<id>", str(feedback.public_id))
    counts = {}
    for name, address in addresses.items():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
        assert response.status_code == 200, (address, response.status_code)
        counts[name] = len(captured)
    return counts


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """{address: (queries at 1x, queries at 10x)}, the data rolled back afterwards."""
    client = Client(headers={"accept-language": "en"})
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_action_plan", verbosity=0)
        plan = ActionPlan.objects.get(slug="bishkek-2025")
        add_data(plan, copies=1)
        once = query_counts(client)
        add_data(plan, copies=10)
        tenfold = query_counts(client)
        transaction.set_rollback(True)
    cache.clear()
    return {address: (once[address], tenfold[address]) for address in once}


@pytest.mark.parametrize("address", [*ADDRESSES, FEEDBACK_DETAIL])
def test_queries_do_not_grow_with_the_data(counts, address):
    once, tenfold = counts[address]
    assert once == tenfold, f"{address}: {once} queries at 1x, {tenfold} at 10x"
