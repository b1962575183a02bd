"""Run the whole test suite twice: on the embedded default, then on real PostgreSQL and Redis.

    python -m tests.services.launcher [pytest arguments]

The second pass starts its own throwaway servers on free loopback ports and removes them
afterwards. When their binaries are missing the pass is skipped with a message, unless
REQUIRE_SERVICES=1, which turns that into a failure (CI sets it).
"""

import os
import subprocess
import sys

from tools.servers import missing_binaries, postgres_server, redis_server

SERVICE_MARKERS = "not postgres and not redis"


def pytest(args: list[str], env: dict[str, str]) -> int:
    return subprocess.call([sys.executable, "-m", "pytest", *args], env=env)


def main(args: list[str]) -> int:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    # The suite's own settings, whatever the shell exported or an imported module set by default
    # (importing the project loads Celery, which defaults DJANGO_SETTINGS_MODULE to production's).
    env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    print("== Pass 1: SQLite, local-memory cache, eager Celery tasks ==", flush=True)
    embedded = pytest([*args, "-m", SERVICE_MARKERS], env)

    missing = missing_binaries()
    if missing:
        message = f"PostgreSQL/Redis pass not run: missing {', '.join(missing)}."
        if os.environ.get("REQUIRE_SERVICES") == "1":
            print(f"FAILED: {message} REQUIRE_SERVICES=1 makes this a failure.", flush=True)
            return 1
        print(f"SKIPPED: {message} Install them (see README) to test on real services.")
        return embedded

    with postgres_server() as postgres, redis_server() as redis:
        print(f"== Pass 2: PostgreSQL on {postgres.url}, Redis on {redis.url} ==", flush=True)
        services = pytest(args, {**env, "DATABASE_URL": postgres.url, "REDIS_URL": redis.url})
    return embedded or services


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
