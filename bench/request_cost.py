"""Benchmark: what a request costs the application itself, without gunicorn and the network.

    .venv/bin/python bench/request_cost.py          (all benchmarks: make bench)

Requests go straight into Django's WSGI handler in this process, which runs on the server CPUs
beside PostgreSQL and Redis, as a gunicorn worker would. The cost of a request is CPU time: this
process's plus what PostgreSQL and Redis spent answering it (bench/harness.py ServerCpuMeter).
CPU time, unlike requests/s, hardly changes when other programs share the machine, so these
figures explain the requests/s ratios of bench/throughput.py and stay comparable between runs.

- the bare view, and the home and commitment pages warm (page cache hit) and cold (a miss: a
  query string of its own each time), measured in alternating batches, medians of the batches;
- a warm hit whose page comes from Redis (the process's own copies of pages emptied before
  each, the version still held in the process, as it is for a second at a time): what a
  process's first hit on a page costs; and what each Redis read a hit can make costs: the
  content version (once a second per process) and the page;
- a cold render in parts, in wall time: executing SQL (driver and PostgreSQL), the ORM around it
  (compiling queries, building objects), template rendering, and the rest (views, selectors,
  middleware, storing the page).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import BARE_PATH, PAGES, Row, ServerCpuMeter, Stack, run_alone

BATCHES = 7
FROM_REDIS = "home, warm, from Redis (process memory emptied)"


@functools.cache
def wsgi_handler():
    from django.core.handlers.wsgi import WSGIHandler

    return WSGIHandler()


def wsgi_get(path: str, query: str = "") -> None:
    from bishkek_ogp.warming import page_environ

    statuses = []
    response = wsgi_handler()(page_environ(path, query), lambda status, _h: statuses.append(status))
    b"".join(response)
    response.close()
    if not statuses[0].startswith("200"):
        raise RuntimeError(f"{path}?{query} answered {statuses[0]}")


@contextlib.contextmanager
def on_server_cpus(stack: Stack) -> Iterator[None]:
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, stack.server_cpus)
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def cpu_per_call(stack: Stack, call: Callable[[], None], repeat: int) -> float:
    """Seconds of CPU per call: this process's, PostgreSQL's and Redis's."""
    with ServerCpuMeter(stack) as meter:
        start = time.process_time()
        for _ in range(repeat):
            call()
        own = time.process_time() - start
    return (own + meter.ours) / repeat


def request_variants() -> dict[str, tuple[Callable[[], None], int]]:
    """name -> (one request, requests per batch)."""
    from bishkek_ogp.lib import public_cache

    counter = itertools.count()
    variants = {"bare view": ((lambda: wsgi_get(BARE_PATH)), 300)}
    for name, path in PAGES.items():
        variants[f"{name}, warm"] = ((lambda p=path: wsgi_get(p)), 300)
    for name, path in PAGES.items():
        variants[f"{name}, cold"] = ((lambda p=path: wsgi_get(p, f"cold={next(counter)}")), 15)

    def from_redis() -> None:
        public_cache.local.pages.clear()
        wsgi_get(PAGES["home"])

    variants[FROM_REDIS] = (from_redis, 300)
    return variants


def warm_hit_parts(stack: Stack) -> dict[str, float]:
    from django.core.cache import cache
    from django.utils import translation

    from bishkek_ogp.lib.public_cache import CONTENT, VERSION_KEYS, page_key

    with translation.override("en"):
        key = page_key(PAGES["home"])
    wsgi_get(PAGES["home"])  # cached under the current version
    if cache.get(key) is None:
        raise RuntimeError("the home page was not cached under its key")
    return {
        "Redis read of the content version": cpu_per_call(
            stack, lambda: cache.get(VERSION_KEYS[CONTENT]), 1000
        ),
        "Redis read of the cached page": cpu_per_call(stack, lambda: cache.get(key), 1000),
    }


@contextlib.contextmanager
def timed_parts(totals: dict[str, float]) -> Iterator[None]:
    """Add up wall time spent executing SQL, in the ORM, and rendering templates."""
    from django.db import connection
    from django.db.models.query import QuerySet
    from django.template.backends.django import Template

    depth = {"orm": 0, "render": 0}
    original_fetch, original_render = QuerySet._fetch_all, Template.render

    def execute(run, sql, params, many, context):
        start = time.perf_counter()
        try:
            return run(sql, params, many, context)
        finally:
            totals["sql"] += time.perf_counter() - start

    def outermost(kind: str, original):
        def timed(*args, **kwargs):
            if depth[kind]:
                return original(*args, **kwargs)
            depth[kind] += 1
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                depth[kind] -= 1
                spent = time.perf_counter() - start
                totals[kind] += spent
                if kind == "orm" and depth["render"]:
                    totals["orm in render"] += spent

        return timed

    QuerySet._fetch_all = outermost("orm", original_fetch)
    Template.render = outermost("render", original_render)
    try:
        with connection.execute_wrapper(execute):
            yield
    finally:
        QuerySet._fetch_all, Template.render = original_fetch, original_render


def cold_parts(path: str, repeat: int = 30) -> dict[str, float]:
    """Milliseconds per cold render, by part (wall time)."""
    counter = itertools.count()
    totals = dict.fromkeys(("sql", "orm", "render", "orm in render"), 0.0)
    with timed_parts(totals):
        start = time.perf_counter()
        for _ in range(repeat):
            wsgi_get(path, f"cold-parts={next(counter)}")
        wall = time.perf_counter() - start
    # SQL runs inside ORM fetches; ORM fetches may run inside template rendering.
    parts = {
        "SQL": totals["sql"],
        "ORM": totals["orm"] - totals["sql"],
        "templates": totals["render"] - totals["orm in render"],
    }
    parts["rest"] = wall - sum(parts.values())
    return {name: seconds / repeat * 1000 for name, seconds in parts.items()}


def run(stack: Stack) -> list[Row]:
    with on_server_cpus(stack):
        variants = request_variants()
        for call, _repeat in variants.values():
            for _ in range(3):
                call()  # templates compiled, connections open
        samples: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(BATCHES):
            for name, (call, repeat) in variants.items():
                samples[name].append(cpu_per_call(stack, call, repeat))
        cost = {name: statistics.median(values) * 1e6 for name, values in samples.items()}
        hit = {name: seconds * 1e6 for name, seconds in warm_hit_parts(stack).items()}
        cold = {name: cold_parts(path) for name, path in PAGES.items()}

    bare = cost["bare view"]
    rows = [Row("In-process CPU per request: bare view", f"{bare:.0f} us")]
    for name, value in cost.items():
        if name != "bare view":
            label = f"In-process CPU per request: {name}"
            rows.append(Row(label, f"{value:.0f} us = {value / bare:.1f} x bare"))
    reads = ", ".join(f"{name} {us:.0f} us" for name, us in hit.items())
    rows.append(
        Row(
            "In-process warm hit beyond the bare view (home)",
            f"{cost['home, warm'] - bare:.0f} us from process memory, "
            f"{cost[FROM_REDIS] - bare:.0f} us from Redis; {reads}",
        )
    )
    for name, parts in cold.items():
        described = ", ".join(f"{part} {ms:.1f}" for part, ms in parts.items())
        total = sum(parts.values())
        rows.append(Row(f"In-process cold {name} render, wall ms", f"{total:.1f}: {described}"))
    return rows


def main() -> None:
    run_alone(run, web=False)


if __name__ == "__main__":
    main()
