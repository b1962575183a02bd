"""Security settings and headers, brute-force protection and the health probes."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.browser.test_accessibility import PAGES
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_check_reports_nothing_with_https_on():
    # The deployment's environment, not the test run's (the browser tests relax async safety).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "bishkek_ogp.settings",
        "HTTPS": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "ogp.example.kg",
        "REDIS_URL": "redis://redis:6379/0",  # as in docker-compose; nothing connects to it here
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p.format(lang="en") for p in PAGES])
def test_public_page_sends_the_security_headers(client, plan, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'self'" in script_src
    assert "frame-ancestors 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_admin_login_is_locked_after_five_wrong_passwords(client):
    user = UserFactory(username="clerk", is_staff=True)
    for _attempt in range(5):
        client.post("/admin/login/", {"username": "clerk", "password": "wrong"})
    response = client.post(
        "/admin/login/", {"username": "clerk", "password": "a-long-test-password"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert user.is_active


@pytest.mark.django_db
def test_lockout_is_per_username_and_address(client):
    UserFactory(username="clerk", is_staff=True)
    for _attempt in range(5):
        client.post("/admin/login/", {"username": "clerk", "password": "wrong"})
    other_address = client.post(
        "/admin/login/",
        {"username": "clerk", "password": "a-long-test-password"},
        REMOTE_ADDR="198.51.100.20",
    )
    assert other_address.status_code == 302


def test_back_office_sessions_expire_within_a_working_day():
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600


def test_short_passwords_are_refused():
    with pytest.raises(ValidationError):
        validate_password("bishkek2025")


def test_healthz_answers_while_the_process_runs(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_database_cache_and_broker(client):
    assert client.get("/readyz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_naming_an_unreachable_broker(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    assert list(response.json()["failing"]) == ["broker"]


@pytest.mark.django_db
def test_a_login_with_an_unsafe_next_lands_on_the_admin_index(client):
    UserFactory(username="clerk", is_staff=True)
    response = client.post(
        "/admin/login/?next=https://evil.example/",
        {"username": "clerk", "password": "a-long-test-password", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_deploy_check_warns_that_limits_are_per_process_without_redis(settings):
    from django.core import checks

    settings.REDIS_URL = ""
    warnings = checks.run_checks(include_deployment_checks=True, tags=["security"])
    assert "bishkek_ogp.W001" in {warning.id for warning in warnings}
    settings.REDIS_URL = "redis://redis:6379/0"
    warnings = checks.run_checks(include_deployment_checks=True, tags=["security"])
    assert "bishkek_ogp.W001" not in {warning.id for warning in warnings}
