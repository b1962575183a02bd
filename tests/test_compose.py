"""docker-compose.yml and the Dockerfile: the production shape, and commands that name real things.

No Docker needed: the files are parsed, and every program they run is resolved against the project
(gunicorn's WSGI target, the Celery app and subcommand, manage.py commands), so that renaming one
of those fails here rather than in a deployment.
"""

import importlib
import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.bin.celery import celery as celery_cli
from django.core.management import get_commands
from gunicorn.config import Config as GunicornConfig

ROOT = Path(__file__).resolve().parent.parent
SERVICES = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
LONG_RUNNING = ["web", "worker", "pdf-worker", "beat", "db", "redis"]
APP_SERVICES = ["web", "worker", "pdf-worker", "beat"]
HEALTHY = {"db": "service_healthy", "redis": "service_healthy"}


def programs(command: str | list[str]) -> list[list[str]]:
    """The argv of each program a command runs: `sh -c "a && b"` (or CMD-SHELL) runs a, then b."""
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if argv[0] == "CMD":
        argv = argv[1:]
    elif argv[0] == "CMD-SHELL":
        argv = ["sh", "-c", argv[1]]
    if Path(argv[0]).name in {"sh", "bash"} and argv[1] == "-c":
        return [shlex.split(part) for part in argv[2].split("&&")]
    return [argv]


def image_command() -> list[str]:
    """ENTRYPOINT plus CMD of the Dockerfile, both in exec (JSON array) form."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    found = {"ENTRYPOINT": [], "CMD": []}
    for line in text.splitlines():
        instruction, _, rest = line.strip().partition(" ")
        if instruction.upper() in found:
            found[instruction.upper()] = json.loads(rest)
    return found["ENTRYPOINT"] + found["CMD"]


def compose_commands() -> list[tuple[str, list[str]]]:
    """(where, argv) for every program the compose file runs, health checks included."""
    found = []
    for name, service in SERVICES.items():
        test = service.get("healthcheck", {}).get("test")
        commands = {
            "entrypoint": service.get("entrypoint"),
            "command": service.get("command"),
            "healthcheck": ["CMD-SHELL", test] if isinstance(test, str) else test,
        }
        for key, command in commands.items():
            if command and command != ["NONE"]:
                found += [(f"{name} {key}", argv) for argv in programs(command)]
    return found


def resolve(module: str, attribute: str):
    try:
        return getattr(importlib.import_module(module), attribute, None)
    except (ImportError, ValueError):
        return None


def unknown_names(argv: list[str]) -> list[str]:
    """What one program invocation names that the project lacks; empty when everything exists."""
    program, args = Path(argv[0]).name, argv[1:]
    if program.startswith("python") and args[:1] == ["manage.py"]:
        return [] if args[1] in get_commands() else [f"no management command {args[1]!r}"]
    if program == "gunicorn":
        target = GunicornConfig().parser().parse_args(args).args[0]
        module, _, attribute = target.partition(":")
        found = resolve(module, attribute or "application")
        return [] if callable(found) else [f"no WSGI application {target!r}"]
    if program == "celery":
        app_name, subcommand, rest = "", None, iter(args)
        for arg in rest:
            if arg in ("-A", "--app"):
                app_name = next(rest, "")
            elif not arg.startswith("-"):
                subcommand = arg
                break
        module, _, attribute = app_name.partition(":")
        problems = []
        names = [attribute] if attribute else ["celery_app", "app"]
        if not any(isinstance(resolve(module, name), Celery) for name in names):
            problems.append(f"no Celery app in {app_name!r}")
        if subcommand not in celery_cli.commands:
            problems.append(f"no celery subcommand {subcommand!r}")
        return problems
    return []


def depends_on(service: str) -> dict[str, str]:
    depends = SERVICES[service].get("depends_on", {})
    if isinstance(depends, list):  # the short form only waits for the containers to start
        return dict.fromkeys(depends, "service_started")
    return {name: spec.get("condition", "service_started") for name, spec in depends.items()}


def test_compose_defines_the_six_services_and_the_migrate_job():
    assert {*LONG_RUNNING, "migrate"} <= set(SERVICES)


@pytest.mark.parametrize("service", LONG_RUNNING)
def test_every_long_running_service_has_a_healthcheck_command(service):
    test = SERVICES[service].get("healthcheck", {}).get("test")
    assert test and test != ["NONE"] and programs(test)[0], f"{service} has no health check"


@pytest.mark.parametrize("service", LONG_RUNNING)
def test_long_running_services_restart_unless_stopped(service):
    assert SERVICES[service].get("restart") == "unless-stopped"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_wait_for_healthy_db_and_redis_and_completed_migrate(service):
    expected = {**HEALTHY, "migrate": "service_completed_successfully"}
    assert depends_on(service).items() >= expected.items()


def test_migrate_waits_for_healthy_db_and_redis():
    assert depends_on("migrate").items() >= HEALTHY.items()


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        ("web", ["gunicorn"]),
        ("worker", ["celery -A bishkek_ogp worker"]),
        ("pdf-worker", ["celery -A bishkek_ogp worker"]),
        ("beat", ["celery -A bishkek_ogp beat"]),
        ("migrate", ["python manage.py migrate", "python manage.py load_action_plan"]),
    ],
)
def test_each_app_service_runs_its_program(service, expected):
    runs = programs(SERVICES[service].get("command") or image_command())
    assert len(runs) == len(expected)
    for argv, words in zip(runs, expected, strict=True):
        assert argv[: len(words.split())] == words.split()


@pytest.mark.parametrize("argv", [pytest.param(argv, id=at) for at, argv in compose_commands()])
def test_every_compose_command_names_something_real(argv):
    assert unknown_names(argv) == [], shlex.join(argv)


def test_dockerfile_serves_the_project_wsgi_application_with_gunicorn():
    argv = image_command()
    assert Path(argv[0]).name == "gunicorn"
    assert unknown_names(argv) == []


@pytest.mark.parametrize(
    "command",
    [
        "gunicorn --bind 0.0.0.0:8000 bishkek_ogp.renamed_wsgi:application",
        "gunicorn bishkek_ogp.wsgi:app",
        "celery -A commitments worker",
        "celery -A bishkek_ogp wrker",
        "python manage.py load_action_plans",
    ],
)
def test_names_missing_from_the_project_are_reported(command):
    assert unknown_names(shlex.split(command)) != []


def queues(service: str) -> list[str]:
    return SERVICES[service]["command"].split("-Q", 1)[1].split()[0].split(",")


def test_pdfs_have_a_worker_of_their_own():
    # A report must not wait behind a batch of follower emails (make bench measures it).
    assert queues("pdf-worker") == ["pdf"]
    assert queues("worker") == ["celery"]


def test_app_trusts_the_proxy_for_client_addresses():
    # Without it every citizen would share the proxy's address and its feedback rate limit.
    assert SERVICES["web"]["environment"]["USE_X_FORWARDED_FOR"] == "1"


def test_gunicorn_believes_forwarded_headers_only_from_the_configured_proxy():
    assert SERVICES["web"]["environment"]["FORWARDED_ALLOW_IPS"].startswith("${FORWARDED_ALLOW_IPS")
