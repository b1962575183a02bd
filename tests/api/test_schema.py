"""The OpenAPI schema: valid, complete, browsable offline, and what the API really answers.

Schemathesis takes the schema the server publishes and sends every operation generated requests
(schema examples, coverage cases and fuzzed ones) over HTTP to pytest-django's live server, with
the official plan, demo progress, monitoring and feedback loaded. All of its checks judge each
answer: no server error; documented status codes, content types, headers and bodies; valid data
accepted and invalid data rejected; authentication enforced where the schema asks for it. It runs
once anonymously and once with a superuser's token, so that the writes are carried out too.
"""

import datetime
import hashlib
import io
import json
import zlib
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
import yaml
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import ignored_auth

from bishkek_ogp.api_urls import router
from commitments.models import Commitment, today
from feedback.models import Feedback
from monitoring.models import CommitmentAssessment, MonitoringReport, ReportJob
from tests.factories import (
    CommitmentAssessmentFactory,
    FeedbackFactory,
    MonitoringReportFactory,
    UserFactory,
)

# Every route of the API, as the schema must list them.
API_PATHS = {
    "/api/v1/plans/",
    "/api/v1/plans/{slug}/",
    "/api/v1/commitments/",
    "/api/v1/commitments/{code}/",
    "/api/v1/milestones/",
    "/api/v1/milestones/{id}/",
    "/api/v1/milestones/{id}/progress/",
    "/api/v1/milestones/{id}/schedule/",
    "/api/v1/updates/",
    "/api/v1/updates/{id}/",
    "/api/v1/evidence/",
    "/api/v1/evidence/{id}/",
    "/api/v1/organisations/",
    "/api/v1/organisations/{slug}/",
    "/api/v1/committee-members/",
    "/api/v1/committee-members/{id}/",
    "/api/v1/meetings/",
    "/api/v1/meetings/{id}/",
    "/api/v1/monitoring-reports/",
    "/api/v1/monitoring-reports/{id}/",
    "/api/v1/assessments/",
    "/api/v1/assessments/{id}/",
    "/api/v1/reports/",
    "/api/v1/reports/{public_id}/",
    "/api/v1/consultations/",
    "/api/v1/consultations/{id}/",
    "/api/v1/contributions/",
    "/api/v1/contributions/{id}/",
    "/api/v1/contributions/{id}/answer/",
    "/api/v1/questions/",
    "/api/v1/questions/{id}/",
    "/api/v1/questions/{id}/answer/",
    "/api/v1/feedback-statistics/",
}

# Enough generated requests per operation to find the usual mistakes, few enough for CI; the same
# ones on every run, so that a failure in CI can be reproduced.
FUZZING = hypothesis_settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def generated_schema() -> dict:
    """The schema /api/schema/ serves to an English client, as drf-spectacular generates it."""
    out = io.StringIO()
    call_command("spectacular", "--format", "openapi-json", "--lang", "en", stdout=out)
    return json.loads(out.getvalue())


# Loaded when the tests are collected, as Schemathesis needs the operations to make one test of
# each. Its lazy loader, `schemathesis.pytest.from_fixture`, would read the live server's schema,
# but it fails on pytest 9.2 (it sets `Function._nodeid`, which pytest no longer has); that the
# server serves this same schema is tested below.
API_SCHEMA = generated_schema()
api = schemathesis.openapi.from_dict(API_SCHEMA)
# No NUL characters in generated text: DRF refuses them in every text field (PostgreSQL cannot
# store them), a rule the schema does not repeat on each field.
api.config.generation.update(allow_x00=False)

WRITES_TO_ASSESSMENTS = {
    ("POST", "/api/v1/assessments/"),
    ("PUT", "/api/v1/assessments/{id}/"),
    ("PATCH", "/api/v1/assessments/{id}/"),
}
RECORD_PROGRESS = ("POST", "/api/v1/milestones/{id}/progress/")
SCHEDULE = ("POST", "/api/v1/milestones/{id}/schedule/")
# Business rules a valid body may still break, given their reason (a lowered figure, a due date
# moved): the schema cannot say when a reason is needed.
REASON = "Checked against the schema."
# What a path parameter is called in the list's rows (a PDF report's public_id is its "id").
ROW_FIELDS = {"slug": "slug", "code": "code", "id": "id", "public_id": "id"}


def schema_paths(tmp_path) -> dict:
    path = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(path), stdout=io.StringIO())
    return yaml.safe_load(path.read_text())["paths"]


def test_spectacular_validates_the_schema_without_warnings(tmp_path):
    path = tmp_path / "schema.yml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(path), stdout=io.StringIO()
    )
    assert yaml.safe_load(path.read_text())["openapi"].startswith("3.")


def test_schema_lists_every_route_of_the_api(tmp_path):
    assert set(schema_paths(tmp_path)) == API_PATHS


def test_schema_lists_every_resource_registered_with_the_router(tmp_path):
    paths = schema_paths(tmp_path)
    missing = [
        prefix for prefix, _viewset, _name in router.registry if f"/api/v1/{prefix}/" not in paths
    ]
    assert missing == []


class ResourceLinks(HTMLParser):
    """Collects the addresses a page loads: scripts, stylesheets, icons, images, preconnects."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img"} and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])


def loaded_urls(html: str) -> list[str]:
    parser = ResourceLinks()
    parser.feed(html)
    return parser.urls


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_api_documentation_page_answers(client, page):
    assert client.get(page).status_code == 200


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_api_documentation_page_loads_nothing_from_other_sites(client, page):
    urls = loaded_urls(client.get(page).content.decode())
    assert urls, "the page should load its scripts"
    assert [url for url in urls if urlsplit(url).scheme or urlsplit(url).netloc] == []


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_api_documentation_page_loads_static_files_that_exist(client, page):
    urls = loaded_urls(client.get(page).content.decode())
    static = django_settings.STATIC_URL
    # Swagger UI's initialiser is served by the docs view itself (?script), as a file, for the
    # Content-Security-Policy; everything else is a bundled static file.
    missing = [
        url
        for url in urls
        if url != f"{page}?script="
        and (not url.startswith(static) or not finders.find(url.removeprefix(static)))
    ]
    assert missing == []


@pytest.fixture
def api_data(plan):
    """The official plan with demo progress, a published monitoring report with an assessment, a
    ready PDF report and enough rated feedback for the statistics to show figures."""
    call_command("load_demo_data", stdout=io.StringIO())
    published = MonitoringReportFactory(plan=plan, covers_from=datetime.date(2025, 1, 1))
    commitment = Commitment.objects.published().filter(plan=plan).order_by("code").first()
    CommitmentAssessmentFactory(report=published, commitment=commitment)
    now = timezone.now()
    ReportJob.objects.create(
        kind=ReportJob.Kind.PLAN,
        plan=plan,
        language="en",
        status=ReportJob.Status.READY,
        data_as_of=now,
        finished_at=now,
        size=4,
        sha256=hashlib.sha256(b"%PDF").hexdigest(),
    )
    for rating in [1, 2, 3, 4, 5, 5, 4, 4, 2, 5, 3, 4]:
        FeedbackFactory(
            rating=rating,
            moderation=Feedback.Moderation.APPROVED,
            status=Feedback.Status.RESOLVED,
            first_answered_at=now,
            resolved_at=now,
        )
    return plan


@pytest.fixture
def draft_assessment(api_data):
    """An assessment in a draft report: what the monitors' writes may change."""
    report = MonitoringReportFactory(
        plan=api_data, status=MonitoringReport.Status.DRAFT, published_on=None
    )
    commitment = Commitment.objects.published().filter(plan=api_data).order_by("code")[1]
    return CommitmentAssessmentFactory(report=report, commitment=commitment)


@pytest.fixture
def unlimited_requests(settings):
    """The request limits out of the way: Schemathesis sends thousands of requests a minute."""
    settings.API_ANONYMOUS_RATE = "100000/min"
    settings.API_USER_RATE = "100000/min"


@pytest.fixture
def superuser_token(db) -> str:
    user = UserFactory(is_staff=True, is_superuser=True)
    return Token.objects.create(user=user).key


def test_server_publishes_the_schema_the_tests_use(client):
    assert client.get("/api/schema/?format=json").json() == API_SCHEMA


def listed(base_url: str, path: str, field: str) -> list:
    """The `field` of every row the list above the detail `path` shows."""
    answer = requests.get(f"{base_url}{path[: path.index('{')]}?page_size=200", timeout=10)
    return [row[field] for row in answer.json()["results"]]


def pick(values: list, seed: object):
    """One of `values`, the same for the same generated `seed` on every run."""
    return values[zlib.crc32(repr(seed).encode()) % len(values)]


def name_existing_rows(case, base_url: str, draft: CommitmentAssessment) -> None:
    """Let a schema-valid (positive) case reach the API's logic rather than its 404s and 400s.

    Generated ids and codes name no row, so the detail answers would never be checked; and a
    write must name a report and commitment that exist, in a draft report, with a progress that
    fits the status, and the indicators the report's kind judges: rules the API checks but a
    schema cannot state. So half of the detail requests name a listed row; progress is recorded
    on a listed milestone and fits its status; assessment writes change the draft assessment,
    give the indicators its kind of report judges (a cross-cutting lens beside a core one), and
    move it to a new draft report.
    """
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    operation = (case.method.upper(), case.operation.path)
    body = case.body if isinstance(case.body, dict) else {}
    if operation in WRITES_TO_ASSESSMENTS:
        if "id" in (case.path_parameters or {}):
            case.path_parameters["id"] = draft.pk
        if "report" in body:
            body["report"] = MonitoringReportFactory(
                plan=draft.report.plan, status=MonitoringReport.Status.DRAFT, published_on=None
            ).pk
        if "commitment" in body:
            body["commitment"] = draft.commitment.code
        for indicator in draft.report.indicators:  # the ones its kind of report judges
            if indicator.required and not body.get(indicator.field):
                field = CommitmentAssessment._meta.get_field(indicator.field)
                body[indicator.field] = pick([value for value, _ in field.choices], indicator)
        if body.get("technology_innovation") or body.get("inclusion"):  # cross-cutting lenses
            body["civic_participation"] = True  # count only beside a core one
        return
    if operation == RECORD_PROGRESS:
        milestones = listed(base_url, case.operation.path, "id")
        case.path_parameters["id"] = pick(milestones, case.path_parameters["id"])
        if body.get("status") == "completed":
            body["progress"] = 100
        elif body.get("status") == "not_started":
            body["progress"] = 0
        if "published_on" in body:  # what happened: not in the future, not before the plan
            body["published_on"] = today().isoformat()
        body["reason"] = REASON
        return
    if operation == SCHEDULE:
        milestones = listed(base_url, case.operation.path, "id")
        case.path_parameters["id"] = pick(milestones, case.path_parameters["id"])
        if "starts_on" in body or "ends_on" in body:  # in order: a start before its due date
            body.update(starts_on="2025-01-01", ends_on="2025-12-31")
        body["reason"] = REASON
        return
    for name, value in (case.path_parameters or {}).items():
        rows = listed(base_url, case.operation.path, ROW_FIELDS[name])
        if rows and zlib.crc32(repr(value).encode()) % 2 == 0:
            case.path_parameters[name] = pick(rows, value)


@pytest.mark.django_db(transaction=True)
@api.parametrize()
@FUZZING
def test_api_conforms_to_its_schema_for_anonymous_clients(
    case, live_server, draft_assessment, unlimited_requests
):
    if case.method.upper() != "GET" and case.meta and not case.meta.generation.mode.is_positive:
        # Without credentials a write is refused before its body is read: invalid bodies are
        # judged in the superuser's run, where they reach the validation.
        return
    name_existing_rows(case, live_server.url, draft_assessment)
    case.call_and_validate(base_url=live_server.url)


# Reading answers the same to everyone (AdminPermissions: reads are open to all), so reads are
# checked by the anonymous run; this one carries out the writes.
@pytest.mark.django_db(transaction=True)
@api.exclude(method=["GET", "HEAD", "OPTIONS"]).parametrize()
@FUZZING
def test_api_conforms_to_its_schema_for_a_superuser(
    case, live_server, draft_assessment, unlimited_requests, superuser_token
):
    name_existing_rows(case, live_server.url, draft_assessment)
    case.call_and_validate(
        base_url=live_server.url,
        headers={"Authorization": f"Token {superuser_token}"},
        # The anonymous run above already sees every write refused without credentials; probing
        # again after each accepted write (twice: no token, a wrong one) doubled this run's time.
        excluded_checks=[ignored_auth],
    )
