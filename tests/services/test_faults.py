"""Faults survived with nothing lost, on the production shape: gunicorn, PostgreSQL, Redis, Celery.

Each test breaks one service under the running site (tests/services/conftest.py) and puts it
back before it ends, so the tests can share one site.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from pathlib import Path

import pytest
import requests

from tests.services.site import MEMBER_PASSWORD, csrf_session, wait_until
from tests.services.smtp import smtp_sink

# One production-shaped site serves both modules: one test worker runs them (pytest-xdist).
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.xdist_group("site")]

# Enough milestones that rendering the whole-plan PDF takes a while: long enough to be killed.
MANY_MILESTONES = """
import datetime
from commitments.models import Commitment, Milestone
for commitment in Commitment.objects.all():
    Milestone.objects.bulk_create(
        Milestone(commitment=commitment, order=100 + n, title_en=f"Illustrative step {n}",
                  starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2026, 6, 30),
                  is_demo=True)
        for n in range(40)
    )
"""


@pytest.fixture(autouse=True)
def no_worker_outlives_its_test(site):
    yield
    site.stop_workers()


def signed_in(site) -> tuple[requests.Session, str]:
    session, token = csrf_session(f"{site.url}/admin/login/")
    answer = session.post(
        f"{site.url}/admin/login/",
        data={
            "username": "member",
            "password": MEMBER_PASSWORD,
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        },
        timeout=10,
    )
    assert answer.url.rstrip("/").endswith("/admin"), "the committee member could not sign in"
    return session, session.cookies["csrftoken"]


def report_jobs(site) -> list[tuple[int, str, int, str]]:
    return site.query("SELECT id, status, attempts, file FROM monitoring_reportjob ORDER BY id")


def wait_for_status(site, job_id: int, status: str, timeout: float = 120) -> None:
    wait_until(
        lambda: (
            site.query("SELECT status FROM monitoring_reportjob WHERE id = %s", (job_id,))[0][0]
            == status
        ),
        f"report job {job_id} {status}",
        timeout,
    )


def test_feedback_sent_while_redis_is_down_is_stored_and_pages_still_answer(site):
    session, token = csrf_session(f"{site.url}/en/feedback/")
    before = site.count("feedback_feedback")
    site.redis.stop()
    try:
        answers = [
            session.post(
                f"{site.url}/en/feedback/",
                data={**site.feedback_form(f"Outage report {n}"), "csrfmiddlewaretoken": token},
                timeout=30,
            )
            for n in range(5)
        ]
        pages = [
            session.get(f"{site.url}{path}", timeout=30) for path in ("/en/", "/ru/commitments/")
        ]
        ready = requests.get(f"{site.url}/readyz", timeout=30)
    finally:
        site.redis.start()
    assert [a.status_code for a in answers] == [200] * 5
    assert all("/feedback/track/" in a.text for a in answers)  # the tracking link was given
    assert site.count("feedback_feedback") == before + 5
    assert [p.status_code for p in pages] == [200, 200]
    assert ready.status_code == 503 and "cache" in ready.json()["failing"]
    wait_until(lambda: requests.get(f"{site.url}/readyz", timeout=5).ok, "readiness after Redis")


def test_following_while_redis_is_down_keeps_the_subscription(site):
    session, token = csrf_session(f"{site.url}/en/follow/")
    site.redis.stop()
    try:
        answer = session.post(
            f"{site.url}/en/follow/",
            data={"email": "citizen@example.org", "started": site.form_started(), "website": "",
                  "csrfmiddlewaretoken": token},
            timeout=30,
        )  # fmt: skip
    finally:
        site.redis.start()
    assert answer.status_code == 200
    assert site.query("SELECT email FROM commitments_subscription") == [("citizen@example.org",)]


def test_update_published_while_redis_is_down_reaches_its_followers_once_it_returns(site):
    site.redis.stop()
    try:
        # The queue is unreachable: the failure to hand the update on is logged.
        site.publish_progress(
            "KGBSK0002", "Published during the outage", "Hearings announced.",
            follower="late@example.org",
        )  # fmt: skip
    finally:
        site.redis.start()
    assert site.count("commitments_notification") == 0
    with smtp_sink() as (email_url, inbox):
        site.start_worker("announcer", EMAIL_URL=email_url)
        # What the beat job does every five minutes, for updates published five minutes ago.
        site.execute(
            "UPDATE commitments_progressupdate SET published_at = published_at - interval '10 min'"
        )
        site.manage(
            "shell", "-c", "from commitments.tasks import announce_missed_updates as a; a()"
        )
        wait_until(lambda: len(inbox.messages) == 1, "the follower's email", 60)
        time.sleep(1)  # and nothing more: the email goes out once
    [message] = inbox.messages
    assert message["To"] == "late@example.org"
    assert "Hearings announced." in message.get_body(("plain",)).get_content()


def test_report_requested_while_redis_is_down_is_rendered_once_it_returns(site):
    session, token = signed_in(site)
    site.redis.stop()
    try:
        answer = session.post(
            f"{site.url}/en/reports/request/",
            data={"report": "plan", "language": "ky", "csrfmiddlewaretoken": token},
            timeout=30,
        )
    finally:
        site.redis.start()
    assert answer.status_code == 200 and "being prepared" in answer.text
    job_id, status, _attempts, _file = report_jobs(site)[-1]
    assert status == "queued"  # stored, waiting for a broker

    site.start_worker("after-outage")
    # What the beat job does every five minutes, for jobs queued over two minutes ago.
    site.execute("UPDATE monitoring_reportjob SET created_at = created_at - interval '1 hour'")
    site.manage("shell", "-c", "from monitoring.tasks import requeue_stuck_reports as r; r()")
    wait_for_status(site, job_id, "ready")


def test_worker_killed_mid_render_leaves_the_report_to_another_worker(site):
    site.manage("shell", "-c", MANY_MILESTONES)
    first = site.start_worker("doomed")
    site.manage(
        "shell",
        "-c",
        "from monitoring.services import request_report; request_report(kind='plan', "
        "language='ru')",
    )
    job_id = report_jobs(site)[-1][0]
    wait_for_status(site, job_id, "rendering", timeout=60)
    first.send_signal(signal.SIGKILL)
    first.wait()
    _id, status, attempts, file = report_jobs(site)[-1]
    assert (status, attempts, file) == ("rendering", 1, ""), "killed after, not during, rendering"

    site.start_worker("survivor")
    # The beat job's sweep, once the render has outlasted twice the task time limit. (The broker
    # would also hand the unacknowledged task on, but only after its one-hour visibility timeout.)
    site.execute("UPDATE monitoring_reportjob SET started_at = started_at - interval '1 hour'")
    site.manage("shell", "-c", "from monitoring.tasks import requeue_stuck_reports as r; r()")
    wait_for_status(site, job_id, "ready")
    _id, status, attempts, file = report_jobs(site)[-1]
    assert (status, attempts) == ("ready", 2)
    russian = list((site.media_root / "reports").rglob("*-ru-*.pdf"))
    assert russian == [site.media_root / file], "exactly one ready file"
    sha256 = site.query("SELECT sha256 FROM monitoring_reportjob WHERE id = %s", (job_id,))[0][0]
    assert hashlib.sha256(Path(site.media_root / file).read_bytes()).hexdigest() == sha256


def test_site_recovers_from_a_postgresql_restart_without_restarting_the_web(site):
    web_pid = site.web.pid

    def page(n: int) -> int:
        # A new search each time: the page cache cannot answer, the database must.
        return requests.get(f"{site.url}/en/search/?q=plan{n}", timeout=30).status_code

    assert [page(n) for n in range(4)] == [200] * 4  # every gunicorn worker holds a connection
    site.postgres.stop("fast")
    try:
        during = page(100)
    finally:
        site.postgres.start()
    after = [page(200 + n) for n in range(10)]
    assert during >= 500
    # Health checks replace the dead persistent connections before use: not one request fails.
    assert after == [200] * 10
    assert site.web.poll() is None and site.web.pid == web_pid


def test_a_hung_redis_leaves_pages_fast_and_readyz_names_the_cache_within_a_second(site):
    assert requests.get(f"{site.url}/en/", timeout=10).status_code == 200
    os.kill(site.redis.process.pid, signal.SIGSTOP)  # alive, and answering nothing
    try:
        for path in ("/en/", "/en/commitments/KGBSK0001/", "/en/", "/en/updates/"):
            started = time.monotonic()
            page = requests.get(f"{site.url}{path}", timeout=10)
            assert page.status_code == 200
            assert time.monotonic() - started < 1, path
        started = time.monotonic()
        ready = requests.get(f"{site.url}/readyz", timeout=10)
        assert time.monotonic() - started < 1
        assert ready.status_code == 503 and "cache" in ready.json()["failing"]
    finally:
        os.kill(site.redis.process.pid, signal.SIGCONT)


def test_an_open311_post_repeated_after_a_lost_answer_stores_one_record(site):
    secret = site.manage("create_open311_key", "Retrying app").strip().splitlines()[-1]
    form = {
        "api_key": secret, "service_code": "roads", "attribute[rating]": "2",
        "attribute[district]": "leninsky", "description": "A pothole outside school 61.",
        "address_string": "Chui Avenue 120",
    }  # fmt: skip
    before = site.count("feedback_feedback")
    first = requests.post(f"{site.url}/open311/v2/requests.json", data=form, timeout=10)
    again = requests.post(f"{site.url}/open311/v2/requests.json", data=form, timeout=10)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert site.count("feedback_feedback") == before + 1
