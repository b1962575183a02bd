"""Benchmark: how soon after a change a worker has rendered the main public pages again.

    .venv/bin/python bench/warming.py          (all benchmarks: make bench)

A change drops the cached pages that show it; the Celery worker then renders the pages that
visits start from, in every language (bishkek_ogp/warming.py). Until it has, a citizen opening
one of them waits for a cold render. Measured from the commit of a change made here to the
moment every one of those pages is in Redis under the new content version.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Row, Stack, run_alone
from tests.services.site import pages_cached_under

TIMEOUT = 60.0


def run(stack: Stack) -> list[Row]:
    from django.conf import settings

    from bishkek_ogp import tasks, warming
    from bishkek_ogp.lib.public_cache import CONTENT, content_version, local
    from commitments.models import Milestone

    expected = len(warming.warmed_paths())
    milestone = Milestone.objects.order_by("pk").first()
    milestone.save()  # committed at once (autocommit): the public pages showing it are dropped
    changed = time.monotonic()
    local.clear()  # the version as it is now in Redis
    version = content_version(CONTENT)
    cached = 0
    while time.monotonic() - changed < TIMEOUT:
        cached = pages_cached_under(stack.redis.url, version)
        if cached >= expected:
            break
        time.sleep(0.05)
    seconds = time.monotonic() - changed
    languages = len(settings.LANGUAGES)
    return [
        Row(
            "After a change: main public pages rendered again by the worker",
            f"{expected} pages ({expected // languages} in {languages} languages) in "
            f"{seconds:.1f} s, {tasks.WARMING_DELAY} s of it waiting for further changes",
            f"all within {TIMEOUT:.0f} s",
            cached >= expected,
        )
    ]


def main() -> None:
    run_alone(run)


if __name__ == "__main__":
    main()
