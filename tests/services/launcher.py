"""Run the test suite: on real PostgreSQL and Redis, then what `make run` relies on, on SQLite.

    python -m tests.services.launcher [pytest arguments]

The first pass runs the whole suite on a throwaway PostgreSQL and Redis (production's
databases), started on free loopback ports and removed afterwards. The second runs the tests
marked `embedded` on the embedded default (SQLite, local-memory cache, tasks run in-process):
migrating, loading the plan, the pages, forms and PDFs of `make run`; and those marked
`embedded_only`, which are about the embedded default alone (its SQLite backups).

Without the PostgreSQL and Redis programs the whole suite runs on the embedded default instead,
with a message; REQUIRE_SERVICES=1 (CI) turns that into a failure.
"""

import os
import subprocess
import sys

from tools.servers import missing_binaries, postgres_server, redis_server

NO_TESTS_COLLECTED = 5  # pytest's exit status when the arguments select no embedded test
# One test worker per CPU (pytest-xdist); tests sharing the production-shaped site run on one.
WORKERS = ["-n", os.environ.get("TEST_WORKERS", "auto"), "--dist", "loadgroup"]


def pytest(args: list[str], env: dict[str, str]) -> int:
    status = subprocess.call([sys.executable, "-m", "pytest", *WORKERS, *args], env=env)
    return 0 if status == NO_TESTS_COLLECTED else status


def main(args: list[str]) -> int:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    # The suite's own settings, whatever the shell exported or an imported module set by default
    # (importing the project loads Celery, which defaults DJANGO_SETTINGS_MODULE to production's).
    env["DJANGO_SETTINGS_MODULE"] = "tests.settings"

    missing = missing_binaries()
    if missing:
        message = f"PostgreSQL/Redis not found: missing {', '.join(missing)}."
        if os.environ.get("REQUIRE_SERVICES") == "1":
            print(f"FAILED: {message} REQUIRE_SERVICES=1 makes this a failure.", flush=True)
            return 1
        print(f"{message} Running the suite on the embedded default only; install them (see "
              "README) to test on production's databases.", flush=True)  # fmt: skip
        return pytest([*args, "-m", "not postgres and not redis"], env)

    with postgres_server() as postgres, redis_server() as redis:
        print(f"== Pass 1: the suite on PostgreSQL ({postgres.url}) and Redis ==", flush=True)
        services = pytest(
            [*args, "-m", "not embedded_only"],
            {**env, "DATABASE_URL": postgres.url, "REDIS_URL": redis.url},
        )
    print(
        "== Pass 2: the embedded default (SQLite, local-memory cache, eager tasks) ==", flush=True
    )
    embedded = pytest([*args, "-m", "embedded or embedded_only"], env)
    return services or embedded


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
