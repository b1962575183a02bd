"""Public feedback statistics, checked against values worked out by hand on a fixed data set.

Roads (Leninsky district), ten ratings submitted 1-10 June 2026, one a day:
  ratings 1 2 3 4 5 5 4 4 2 5      -> mean 3.5; satisfied (4-5) 6 of 10; Wilson 95 % 0.3127-0.8318
  first answer after 1 2 3 4 5 6 7 8 15 20 days -> median 5.5; p90 at rank 9.1 = 15 + 0.1 * 5 = 15.5
                                      deadline 14 days -> 8 of 10 answered within it
  resolved after 2 4 ... 20 days   -> median 11; p90 = 18 + 0.1 * 2 = 18.2
  answers rated 5 5 4 4 4 3 2 1 5 4 -> 7 of 10 rated 4-5
Heating (Oktyabrsky district), nine ratings of 5, never answered -> fewer than 10: withheld.
"""

import csv
import datetime
import io
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback.models import District, Feedback, Service
from feedback.selectors import feedback_headline, feedback_statistics, wilson_interval
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db

BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")
NOW = datetime.datetime(2026, 7, 15, 12, 0, tzinfo=BISHKEK)
DAY = datetime.timedelta(days=1)

RATINGS = [1, 2, 3, 4, 5, 5, 4, 4, 2, 5]
ANSWER_DAYS = [1, 2, 3, 4, 5, 6, 7, 8, 15, 20]
ANSWER_RATINGS = [5, 5, 4, 4, 4, 3, 2, 1, 5, 4]


def at(created: datetime.datetime, **fields) -> Feedback:
    feedback = FeedbackFactory(**fields)
    # created_at is set on insert; move it, with the deadline it implies, to the fixed date.
    Feedback.objects.filter(pk=feedback.pk).update(
        created_at=created,
        answer_due_at=created + feedback.service.response_days * DAY,
        first_answered_at=fields.get("first_answered_at"),
        resolved_at=fields.get("resolved_at"),
    )
    return feedback


@pytest.fixture
def fixed_data():
    roads = Service.objects.get(code="roads")
    heating = Service.objects.get(code="heating")
    leninsky = District.objects.get(slug="leninsky")
    oktyabrsky = District.objects.get(slug="oktyabrsky")
    for i in range(10):
        created = datetime.datetime(2026, 6, 1 + i, 10, 0, tzinfo=BISHKEK)
        at(
            created,
            service=roads,
            district=leninsky,
            rating=RATINGS[i],
            first_answered_at=created + ANSWER_DAYS[i] * DAY,
            resolved_at=created + 2 * (i + 1) * DAY,
            status=Feedback.Status.RESOLVED,
            answer_rating=ANSWER_RATINGS[i],
        )
    for i in range(9):
        created = datetime.datetime(2026, 6, 1 + i, 11, 0, tzinfo=BISHKEK)
        at(created, service=heating, district=oktyabrsky, rating=5)


def cell(cells, key):
    return next(c for c in cells if c.key == key)


def test_wilson_interval_matches_published_values():
    assert wilson_interval(6, 10) == pytest.approx((0.3127, 0.8318), abs=1e-4)
    assert wilson_interval(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert wilson_interval(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)


def test_ratings_mean_and_satisfied_share_with_its_interval(fixed_data):
    roads = cell(feedback_statistics(now=NOW).by_service, "roads")
    assert roads.ratings == 10
    assert roads.mean == pytest.approx(3.5)
    assert (roads.satisfied.part, roads.satisfied.total) == (6, 10)
    assert roads.satisfied.interval == pytest.approx((0.3127, 0.8318), abs=1e-4)


def test_median_and_p90_time_to_first_answer_and_to_resolution(fixed_data):
    roads = cell(feedback_statistics(now=NOW).by_service, "roads")
    assert (roads.to_first_answer.median, roads.to_first_answer.p90) == pytest.approx((5.5, 15.5))
    assert (roads.to_resolution.median, roads.to_resolution.p90) == pytest.approx((11, 18.2))


def test_share_answered_within_deadline_and_answers_rated_well(fixed_data):
    roads = cell(feedback_statistics(now=NOW).by_service, "roads")
    assert (roads.on_time.part, roads.on_time.total) == (8, 10)
    assert (roads.answers_rated_well.part, roads.answers_rated_well.total) == (7, 10)


def test_unanswered_feedback_past_its_deadline_counts_as_late(fixed_data):
    heating = cell(feedback_statistics(now=NOW).by_service, "heating")
    assert (heating.on_time.part, heating.on_time.total) == (0, 9)


def test_cells_with_fewer_than_ten_ratings_are_withheld(fixed_data):
    stats = feedback_statistics(now=NOW)
    assert cell(stats.by_service, "heating").suppressed
    assert cell(stats.by_district, "oktyabrsky").suppressed
    assert not cell(stats.by_district, "leninsky").suppressed
    assert cell(stats.by_service, "street-lighting").ratings == 0


def test_months_cover_the_last_twelve_and_group_by_bishkek_month(fixed_data):
    months = feedback_statistics(now=NOW).by_month
    assert (months[0].key, months[-1].key, len(months)) == ("2025-08", "2026-07", 12)
    june = cell(months, "2026-06")
    assert june.ratings == 19
    assert june.mean == pytest.approx(80 / 19)
    assert (june.to_first_answer.median, june.to_first_answer.p90) == pytest.approx((5.5, 15.5))


def test_a_rating_in_the_first_hours_of_a_month_counts_in_that_bishkek_month():
    # 1 July 02:00 in Bishkek is still 30 June in UTC.
    at(datetime.datetime(2026, 7, 1, 2, 0, tzinfo=BISHKEK))
    months = feedback_statistics(now=NOW).by_month
    assert cell(months, "2026-07").ratings == 1
    assert cell(months, "2026-06").ratings == 0


def test_statistics_take_the_same_queries_for_ten_or_a_hundred_ratings(fixed_data):
    with CaptureQueriesContext(connection) as few:
        feedback_statistics(now=NOW)
    for i in range(90):
        at(datetime.datetime(2026, 5, 1, 9, 0, tzinfo=BISHKEK) + i * datetime.timedelta(hours=1))
    with CaptureQueriesContext(connection) as many:
        feedback_statistics(now=NOW)
    assert len(many) == len(few) <= 12


def test_headline_counts_this_month_and_answers_on_time():
    headline_now = datetime.datetime(2026, 6, 20, 12, 0, tzinfo=BISHKEK)
    for i in range(10):
        created = datetime.datetime(2026, 6, 1 + i, 10, 0, tzinfo=BISHKEK)
        at(created, first_answered_at=created + ANSWER_DAYS[i] * DAY)
    at(datetime.datetime(2026, 5, 31, 10, 0, tzinfo=BISHKEK))  # last month, never answered
    headline = feedback_headline(now=headline_now)
    assert headline.ratings_this_month == 10
    assert (headline.on_time.part, headline.on_time.total) == (8, 11)


def test_stats_page_shows_figures_intervals_and_withheld_cells(client, fixed_data):
    page = client.get("/en/feedback/stats/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "not a representative survey" in html
    assert '60 % <span class="meta">(31 %\N{EN DASH}83 %)</span>' in html
    assert "<svg" in html


def test_stats_page_says_in_one_sentence_how_many_ratings_and_how_many_satisfied(
    client, fixed_data
):
    html = client.get("/en/feedback/stats/").content.decode()
    # 19 ratings: 6 of the 10 on roads and all 9 on heating are 4 or 5.
    assert re.search(r"19 ratings since \w+ \d{4}; 79 % satisfied \(4 or 5 out of 5\)\.", html)


def test_stats_tables_show_only_rows_with_enough_ratings_and_count_the_rest(client, fixed_data):
    html = client.get("/en/feedback/stats/").content.decode()
    service_table = html[html.index('id="by-service"') : html.index('id="by-district"')]
    assert "Roads" in service_table and "Heating" not in service_table
    others = Service.objects.count() - 1
    assert f"{others} services with fewer than 10 ratings so far." in service_table
    assert "not enough responses" not in service_table


def test_stats_page_without_any_feedback_says_so_and_shows_no_empty_rows(client):
    html = client.get("/en/feedback/stats/").content.decode()
    assert re.search(r"No ratings yet since \w+ \d{4}\.", html)
    assert f"{Service.objects.count()} services with fewer than 10 ratings so far." in html
    assert "<table>" not in html


def test_stats_page_explains_each_term_in_one_line(client):
    html = client.get("/en/feedback/stats/").content.decode()
    for term in ("Satisfied", "95 % interval", "Median", "90th percentile"):
        assert f"<dt>{term}</dt><dd>" in html


def test_stats_csv_has_the_figures_and_empty_withheld_cells(client, fixed_data):
    response = client.get("/en/feedback/stats.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    roads = next(r for r in rows if r["dimension"] == "service" and r["key"] == "roads")
    heating = next(r for r in rows if r["dimension"] == "service" and r["key"] == "heating")
    assert roads["ratings"] == "10"
    assert roads["share_satisfied"] == "0.6"
    assert roads["share_satisfied_ci95_low"] == "0.3127"
    assert roads["median_days_to_first_answer"] == "5.5"
    assert roads["p90_days_to_resolution"] == "18.2"
    assert heating["enough_responses"] == "False"
    assert heating["ratings"] == heating["mean_rating"] == ""


def test_kgbsk0003_page_shows_the_tool_headline_figures(client, plan):
    FeedbackFactory.create_batch(2)
    html = client.get("/en/commitments/KGBSK0003/").content.decode()
    assert "<strong>2</strong> ratings this month" in html
    assert "answered within the deadline" in html
    assert 'href="/en/feedback/stats/"' in html
