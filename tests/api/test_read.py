"""The read API: only public data, in the language asked for, filtered, paged and revalidated."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.models import Evidence, Meeting, Milestone
from monitoring.models import ReportJob
from tests.factories import (
    ActionPlanFactory,
    CommitmentAssessmentFactory,
    CommitmentFactory,
    CommitteeMemberFactory,
    MilestoneFactory,
    MonitoringReportFactory,
    OrganizationFactory,
    ProgressUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_unpublished_commitment_is_neither_listed_nor_found(client):
    CommitmentFactory(code="KGBSK0001")
    CommitmentFactory(code="KGBSK0009", published=False)
    assert [c["code"] for c in results(client.get(f"{API}/commitments/"))] == ["KGBSK0001"]
    assert client.get(f"{API}/commitments/KGBSK0009/").status_code == 404


def test_milestones_of_unpublished_commitments_are_not_listed(client):
    MilestoneFactory(commitment=CommitmentFactory(published=False))
    assert results(client.get(f"{API}/milestones/")) == []


def test_texts_follow_the_lang_parameter_and_say_their_language(client):
    CommitmentFactory(code="KGBSK0001", title_en="Participation", title_ru="Участие")
    response = client.get(f"{API}/commitments/", {"lang": "ru"})
    assert response["Content-Language"] == "ru"
    assert "Accept-Language" in response["Vary"]
    assert response.json()["language"] == "ru"
    assert results(response)[0]["title"] == "Участие"


def test_texts_follow_accept_language_without_the_parameter(client):
    CommitmentFactory(code="KGBSK0001", title_en="Participation", title_ky="Катышуу")
    response = client.get(f"{API}/commitments/KGBSK0001/", headers={"accept-language": "ky"})
    assert response["Content-Language"] == "ky"
    assert response.json()["title"] == "Катышуу"


def test_unknown_language_is_a_clear_400(client):
    response = client.get(f"{API}/commitments/", {"lang": "fr"})
    assert response.status_code == 400
    assert response.json() == {"lang": ["Choose one of: ky, ru, en."]}


def test_milestones_filter_by_commitment_status_and_overdue(client):
    first = CommitmentFactory(code="KGBSK0001")
    late = MilestoneFactory(commitment=first, ends_on=datetime.date(2025, 2, 1))
    MilestoneFactory(commitment=first, status="completed", progress=100)
    MilestoneFactory(
        commitment=CommitmentFactory(code="KGBSK0002"), ends_on=datetime.date(2099, 1, 1)
    )
    ids = [m["id"] for m in results(client.get(f"{API}/milestones/", {"overdue": "true"}))]
    assert ids == [late.pk]
    by_commitment = results(client.get(f"{API}/milestones/", {"commitment": "KGBSK0001"}))
    assert len(by_commitment) == 2
    assert len(results(client.get(f"{API}/milestones/", {"status": "completed"}))) == 1


def test_milestones_filter_by_due_and_changed_dates(client):
    march = MilestoneFactory(ends_on=datetime.date(2025, 3, 31))
    MilestoneFactory(ends_on=datetime.date(2025, 9, 30))
    due = {"due_after": "2025-03-01", "due_before": "2025-04-01"}
    assert [m["id"] for m in results(client.get(f"{API}/milestones/", due))] == [march.pk]
    Milestone.objects.filter(pk=march.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=10)
    )
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    changed = results(client.get(f"{API}/milestones/", {"updated_after": since}))
    assert march.pk not in [m["id"] for m in changed] and len(changed) == 1


def test_search_finds_text_in_any_language(client):
    MilestoneFactory(title_en="Open map", title_ru="Открытая карта")
    MilestoneFactory(title_en="Hearings")
    assert len(results(client.get(f"{API}/milestones/", {"search": "карта"}))) == 1


def test_malformed_filter_is_a_400_naming_the_field(client):
    response = client.get(f"{API}/milestones/", {"due_after": "soon"})
    assert response.status_code == 400
    assert "due" in response.json()


def test_ordering_and_pages_are_stable(client):
    commitment = CommitmentFactory()
    for order in range(1, 6):
        MilestoneFactory(commitment=commitment, order=order, ends_on=datetime.date(2025, 6, 30))
    pages = [
        [m["order"] for m in results(client.get(f"{API}/milestones/", {"page": p, "page_size": 2}))]
        for p in (1, 2, 3)
    ]
    assert pages == [[1, 2], [3, 4], [5]]
    # All five are due the same day: sorted by due date they must still not shift between pages.
    by_due = [
        [m["order"] for m in results(client.get(f"{API}/milestones/", params))]
        for params in ({"ordering": "-ends_on", "page": p, "page_size": 2} for p in (1, 2, 3))
    ]
    assert by_due == [[1, 2], [3, 4], [5]]
    # The database may return ties in any order; the query itself must break them.
    with CaptureQueriesContext(connection) as captured:
        client.get(f"{API}/milestones/", {"ordering": "-ends_on"})
    listing = next(q["sql"] for q in captured if "ORDER BY" in q["sql"])
    assert listing.rstrip().split("ORDER BY")[-1].split("LIMIT")[0].strip().endswith('"id" ASC')


def test_list_answers_304_to_its_etag(client):
    CommitmentFactory()
    first = client.get(f"{API}/commitments/")
    again = client.get(f"{API}/commitments/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_detail_carries_last_modified_and_answers_304_when_unchanged(client):
    milestone = MilestoneFactory()
    first = client.get(f"{API}/milestones/{milestone.pk}/")
    assert first.has_header("Last-Modified")
    again = client.get(
        f"{API}/milestones/{milestone.pk}/",
        headers={"if-modified-since": first["Last-Modified"]},
    )
    assert again.status_code == 304


def test_changed_row_gets_a_new_etag(client):
    milestone = MilestoneFactory()
    first = client.get(f"{API}/milestones/{milestone.pk}/")
    milestone.status, milestone.progress = "in_progress", 60
    milestone.save()
    again = client.get(
        f"{API}/milestones/{milestone.pk}/", headers={"if-none-match": first["ETag"]}
    )
    assert again.status_code == 200


def test_committee_members_carry_no_account_or_email(client):
    user = UserFactory(email="member@example.org")
    CommitteeMemberFactory(user=user)
    body = client.get(f"{API}/committee-members/").content.decode()
    assert "member@example.org" not in body and user.username not in body


def test_only_published_assessments_are_read(client):
    CommitmentAssessmentFactory(report__status="draft")
    shown = CommitmentAssessmentFactory()
    assert [a["id"] for a in results(client.get(f"{API}/assessments/"))] == [shown.pk]


def test_only_ready_report_files_are_listed_with_their_download_address(client):
    plan = ActionPlanFactory()
    ReportJob.objects.create(kind="plan", plan=plan, language="en", status="queued")
    ready = ReportJob.objects.create(
        kind="plan", plan=plan, language="ru", status="ready", sha256="a" * 64, size=10
    )
    listed = results(client.get(f"{API}/reports/"))
    assert [r["id"] for r in listed] == [str(ready.public_id)]
    assert listed[0]["download_url"].endswith(ready.get_absolute_url())


def test_feedback_statistics_withhold_small_cells(client):
    body = client.get(f"{API}/feedback-statistics/").json()
    assert body["minimum_responses"] == 10 and body["representative"] is False
    roads = next(r for r in body["rows"] if r["key"] == "roads")
    assert roads["enough_responses"] is False and roads["mean_rating"] is None


# --- query counts: every list costs the same for 3 and 30 rows ------------------------------


def make_rows(n: int) -> None:
    plan = ActionPlanFactory()
    report = MonitoringReportFactory(plan=plan)
    for i in range(n):
        commitment = CommitmentFactory(plan=plan)
        commitment.ogp_values.set([])
        milestone = MilestoneFactory(commitment=commitment, responsible=OrganizationFactory())
        update = ProgressUpdateFactory(milestone=milestone)
        Evidence.objects.create(update=update, title_en="Minutes", url="https://example.org/m")
        CommitteeMemberFactory(plan=plan)
        held_on = datetime.date(2025, 1, 1) + datetime.timedelta(days=i)
        Meeting.objects.create(plan=plan, kind="committee", held_on=held_on)
        CommitmentAssessmentFactory(report=report, commitment=commitment)
        ReportJob.objects.create(
            kind="commitment", plan=plan, commitment=commitment, language="en", status="ready"
        )


LISTS = [
    "plans",
    "commitments",
    "milestones",
    "updates",
    "evidence",
    "organisations",
    "committee-members",
    "meetings",
    "monitoring-reports",
    "assessments",
    "reports",
]


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{API}/{path}/")
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("path", LISTS)
def test_list_costs_the_same_queries_for_3_and_30_rows(client, path):
    make_rows(3)
    few = queries(client, path)
    make_rows(27)
    assert queries(client, path) == few


def test_any_time_zone_offset_is_understood(client):
    # PostgreSQL itself refuses offsets beyond about 16 hours; the filter compares in UTC.
    MilestoneFactory()
    response = client.get(f"{API}/milestones/", {"updated_after": "2020-01-01T00:00:00-16:56"})
    assert len(results(response)) == 1
    edge = client.get(f"{API}/milestones/", {"updated_before": "0001-01-01T00:00:00+14:00"})
    assert results(edge) == []


def test_errors_outside_the_views_are_the_apis_json_too(client):
    missing = client.get("/api/no-such-version/")
    assert missing.status_code == 404 and "nothing at this address" in missing.json()["detail"]
    refused = client.get("/api/v1/plans/?search=a%00b")
    assert refused.status_code == 400 and "NUL" in refused.json()["detail"]


def test_each_text_says_whose_it_is_in_the_answers_language(client, plan):
    body = client.get("/api/v1/commitments/", {"lang": "ru"}).json()
    assert body["language"] == "ru"
    title = body["results"][0]["texts"]["title"]
    assert title == {"language": "ru", "status": "translation", "by": "editors"}
    english = client.get("/api/v1/commitments/", {"lang": "en"}).json()
    assert english["results"][0]["texts"]["title"] == {"language": "en", "status": "official"}


def test_a_text_missing_in_the_answers_language_says_which_it_falls_back_to(client, plan):
    from commitments.models import Commitment
    from tests.factories import MilestoneFactory

    MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"), title_en="Only English",
                     title_ru="", title_ky="")  # fmt: skip
    row = client.get("/api/v1/milestones/", {"lang": "ky"}).json()["results"][0]
    assert row["title"] == "Only English"
    assert row["texts"]["title"] == {"language": "en", "status": "fallback"}
