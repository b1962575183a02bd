"""Benchmark: SQL queries per public page and API list, at 1x and at 10x data.

    .venv/bin/python bench/queries.py          (all benchmarks: make bench)

In-process (Django's test client) on the throwaway PostgreSQL and Redis of bench/harness.py.
Each address is fetched once unmeasured, so that per-process caches (content types,
translations) are filled as in a running server; then the page cache is dropped (the content
version bumped, as any edit of the plan does; every page reads it) and the next request's
queries are counted: the cost of a page when it is rendered, not served from the cache. 10x: ten
times the milestones, their updates and evidence, and ten times the citizens' feedback. A figure
that moves with the data is an N+1 query.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import PAGES, Row, Stack, data_size, multiply_data, run_alone

PAGES_COUNTED = [
    ("Home page", PAGES["home"]),
    ("Commitment list", "/en/commitments/"),
    ("Commitment page", PAGES["commitment"]),
    ("Updates", "/en/updates/"),
    ("Committee", "/en/committee/"),
    ("Feedback statistics", "/en/feedback/stats/"),
    ("Feedback request list", "/en/feedback/requests/"),
]
LISTS = [
    ("API commitments", "/api/v1/commitments/"),
    ("API milestones", "/api/v1/milestones/"),
    ("API updates", "/api/v1/updates/"),
    ("API feedback statistics", "/api/v1/feedback-statistics/"),
    ("Open311 GET services", "/open311/v2/services.json"),
    ("Open311 GET requests", "/open311/v2/requests.json"),
]


def count_queries() -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bishkek_ogp.lib.public_cache import bump_content_version

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for label, path in PAGES_COUNTED + LISTS:
        client.get(path)
        bump_content_version()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        counts[label] = len(queries)
    return counts


def rows(at_1x: dict[str, int], at_10x: dict[str, int], sizes: tuple[str, str]) -> list[Row]:
    result = [
        Row("SQL queries: data at 1x", sizes[0]),
        Row("SQL queries: data at 10x", sizes[1]),
    ]
    for label, _path in PAGES_COUNTED + LISTS:
        one, ten = at_1x[label], at_10x[label]
        result.append(
            Row(f"SQL queries: {label}", f"{one} at 1x, {ten} at 10x", "constant", one == ten)
        )
    return result


def at_1x_and_10x(_stack: Stack) -> list[Row]:
    size_1x, at_1x = data_size(), count_queries()
    multiply_data(10)
    return rows(at_1x, count_queries(), (size_1x, data_size()))


def main() -> None:
    run_alone(at_1x_and_10x, web=False)


if __name__ == "__main__":
    main()
