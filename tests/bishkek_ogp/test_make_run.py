"""`make run` just works: links in emails follow its address, and no warning is printed."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SEND_A_TASK = """
import django, logging
django.setup()
from celery import shared_task
logging.basicConfig(level=logging.WARNING)

@shared_task
def probe():
    return "done"

print(probe.delay().get())
"""


def make_variable(name: str, *args: str, env: dict | None = None) -> str:
    """The value `make run` exports as `name`, read through the Makefile itself."""
    rule = f"print-{name}: ; @echo $${name}"
    result = subprocess.run(
        ["make", "-s", "--eval", rule, f"print-{name}", *args],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_site_url_follows_the_port_make_run_serves_on():
    assert make_variable("SITE_URL", "PORT=8101") == "http://127.0.0.1:8101"


def test_site_url_follows_the_host_make_run_serves_on():
    assert make_variable("SITE_URL", "HOST=0.0.0.0", "PORT=8080") == "http://0.0.0.0:8080"


def test_site_url_given_in_the_environment_wins():
    site = "https://open.bishkek.example"
    assert make_variable("SITE_URL", "PORT=8101", env={"SITE_URL": site}) == site


def test_a_task_sent_without_redis_logs_no_broker_warning(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SEND_A_TASK],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "bishkek_ogp.settings",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "done"
    assert "WARNING" not in result.stderr, result.stderr
