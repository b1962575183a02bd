"""Settings come from the environment, with a default that works on a fresh machine."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from bishkek_ogp import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"],
    "db_name": str(db["NAME"]),
    "db_options": {k: v for k, v in db.get("OPTIONS", {}).items()},
    "health_checks": db.get("CONN_HEALTH_CHECKS"),
    "cache": s.CACHES["default"]["BACKEND"],
    "cache_options": s.CACHES["default"].get("OPTIONS", {}),
    "broker": s.CELERY_BROKER_URL,
    "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "broker_options": s.CELERY_BROKER_TRANSPORT_OPTIONS,
    "broker_timeout": s.CELERY_BROKER_CONNECTION_TIMEOUT,
    "debug": s.DEBUG,
    "secret": s.SECRET_KEY,
    "hosts": s.ALLOWED_HOSTS,
    "csrf": s.CSRF_TRUSTED_ORIGINS,
    "media": str(s.MEDIA_ROOT),
    "languages": [code for code, _ in s.LANGUAGES],
}, default=str))
"""


def settings_with(tmp_path, **env) -> dict:
    """Import the real settings module in a fresh interpreter with only `env` set."""
    environment = {"PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path / "var"), **env}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return {"error": result.stderr}
    return json.loads(result.stdout)


def test_default_database_is_sqlite_under_var_in_wal_mode(tmp_path):
    config = settings_with(tmp_path)
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["db_name"] == str(tmp_path / "var" / "db.sqlite3")
    assert "journal_mode=WAL" in config["db_options"]["init_command"]
    assert config["db_options"]["timeout"] >= 5


def test_database_url_selects_postgresql_with_health_checks(tmp_path):
    config = settings_with(tmp_path, DATABASE_URL="postgres://u:p@db.internal:5432/ogp")
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["db_name"] == "ogp"
    assert config["health_checks"] is True


def test_without_redis_cache_is_local_and_tasks_run_eagerly(tmp_path):
    config = settings_with(tmp_path)
    assert config["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert config["eager"] is True


def test_redis_url_selects_redis_cache_and_broker_with_short_timeouts(tmp_path):
    config = settings_with(tmp_path, REDIS_URL="redis://cache.internal:6379/1")
    assert config["cache"] == "django_redis.cache.RedisCache"
    assert config["broker"] == "redis://cache.internal:6379/1"
    assert config["eager"] is False
    assert config["cache_options"]["SOCKET_TIMEOUT"] <= 5
    assert config["cache_options"]["SOCKET_CONNECT_TIMEOUT"] <= 5
    # A Redis outage must degrade the cache, not fail requests (tests/services/test_faults.py).
    assert config["cache_options"]["IGNORE_EXCEPTIONS"] is True
    assert config["broker_options"]["socket_timeout"] <= 5
    assert config["broker_options"]["socket_connect_timeout"] <= 5
    assert config["broker_timeout"] <= 5


def test_hosts_origins_media_and_debug_come_from_the_environment(tmp_path):
    config = settings_with(
        tmp_path,
        ALLOWED_HOSTS="ogp.example.kg, www.ogp.example.kg",
        CSRF_TRUSTED_ORIGINS="https://ogp.example.kg",
        MEDIA_ROOT="/srv/media",
        DEBUG="1",
        SECRET_KEY="from-the-environment",
    )
    assert config["hosts"] == ["ogp.example.kg", "www.ogp.example.kg"]
    assert config["csrf"] == ["https://ogp.example.kg"]
    assert config["media"] == "/srv/media"
    assert config["debug"] is True
    assert config["secret"] == "from-the-environment"


def test_without_secret_key_a_private_random_key_is_kept_in_var(tmp_path):
    first = settings_with(tmp_path)["secret"]
    assert first == settings_with(tmp_path)["secret"]
    assert len(first) >= 50
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0
    assert settings_with(tmp_path / "other")["secret"] != first


def test_malformed_debug_value_is_a_clear_error(tmp_path):
    assert "DEBUG must be a boolean" in settings_with(tmp_path, DEBUG="maybe")["error"]


@pytest.mark.parametrize("code", ["ky", "ru", "en"])
def test_site_speaks_kyrgyz_russian_and_english(tmp_path, code):
    assert code in settings_with(tmp_path)["languages"]


def test_the_suite_runs_on_the_test_settings():
    # Not production's: importing the project (its Celery app) defaults the variable to them.
    from django.conf import settings

    assert settings.SETTINGS_MODULE == "tests.settings"
