"""Benchmark: requests/s of the public pages as a share of a bare Django view's, and of Open311.

    .venv/bin/python bench/throughput.py [--rounds 5] [--seconds 1]     (all benchmarks: make bench)

Everything goes through gunicorn on the throwaway stack of bench/harness.py, hit by a fixed
number of clients sending requests back to back (twice as many as gunicorn has workers, so a
request is always waiting). The bare view (bench/urls.py) returns a constant string behind the
same server and middleware, so a page's share of its rate is what the page itself costs,
whatever the machine. Bursts alternate: bare, page, bare, page, ..., and each page burst is
compared with the mean of the bare bursts just before and after it; the order of the pages
rotates from round to round and the figure is the median over rounds.

The server's capacity is what the targets judge. Each burst records the CPU time the stack
spent (gunicorn, PostgreSQL and Redis, from the scheduler's counts in /proc) and how much of the
server CPUs other programs took meanwhile. With the server CPUs saturated, as they are here,
requests/s = CPUs / CPU time per request, so a page's share of the bare view's requests/s is the
bare view's CPU time per request over the page's. That figure holds whatever else runs on the
machine, whereas the measured rates do not: the scheduler shares a CPU out per runnable process,
so while other programs compete, a page that keeps Redis and PostgreSQL busy as well is given
more of the CPU than the bare view, and the bare view's rate drops more. Both are printed, with
other programs' share of the server CPUs; on a quiet machine they agree.

- warm: the page is in the server-side page cache (bishkek_ogp/lib/public_cache.py);
- cold: every request misses it. Each carries a query string of its own, which is part of the
  cache key, so the page is rendered and stored every time, as on the first visit after a
  content change. (Bumping the content version from here instead would race with the
  concurrent clients: one client's render would serve another's "cold" request.)

A twin of the bare view with a page-sized body (10 KiB) shows how much of a cached page's cost
is only the size of the answer. Open311 GETs (services.json and requests.json) run in the same
rounds. POSTs run afterwards, in as many bursts of their own, since each one stores a request
(growing requests.json) and drops the cached pages that show feedback; the number of requests
stored must equal the number of successful answers.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import (
    BARE_PATH,
    PAGE_SIZED_BARE_PATH,
    PAGES,
    Burst,
    Request,
    Row,
    ServerCpuMeter,
    Stack,
    burst,
    errors_row,
    feedback_count,
    latency_summary,
    run_alone,
    send,
)

TARGETS = {"warm": 0.8, "cold": 0.3}


@dataclass
class Target:
    name: str
    make_request: Callable[[], Request]
    warm: bool = False  # requested once before the burst, so that it starts cached


def get(path: str) -> Callable[[], Request]:
    return lambda: ("GET", path, None, {})


def cold_get(path: str) -> Callable[[], Request]:
    counter = itertools.count()
    return lambda: ("GET", f"{path}?cold={next(counter)}", None, {})


def open311_post(stack: Stack) -> Callable[[], Request]:
    from feedback.models import District, Service

    # Valid service codes and district keys, as an Open311 client reads them from services.json.
    codes = list(Service.objects.published().values_list("code", flat=True))
    districts = list(District.objects.values_list("slug", flat=True))
    counter = itertools.count()

    def make() -> Request:
        n = next(counter)
        body = urllib.parse.urlencode(
            {
                "api_key": stack.open311_key,
                "service_code": codes[n % len(codes)],
                "attribute[rating]": str(1 + n % 5),
                "attribute[district]": districts[n % len(districts)],
                "address_string": f"Manas Avenue {n}",
                "description": f"Open311 bench request {n}.",
                "lat": "42.8746",
                "long": "74.5698",
            }
        ).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return "POST", "/open311/v2/requests.json", body, headers

    return make


BARE = Target("bare", get(BARE_PATH))


def measured_targets() -> list[Target]:
    return [
        Target("bare 10k", get(PAGE_SIZED_BARE_PATH)),
        *(Target(f"{page} warm", get(path), warm=True) for page, path in PAGES.items()),
        *(Target(f"{page} cold", cold_get(path)) for page, path in PAGES.items()),
        Target("open311 services", get("/open311/v2/services.json")),
        Target("open311 requests", get("/open311/v2/requests.json")),
    ]


@dataclass
class Measured:
    burst: Burst
    meter: ServerCpuMeter  # the stack's (gunicorn, PostgreSQL, Redis) CPU time meanwhile

    @property
    def cpu_per_request(self) -> float:
        return self.meter.ours / self.burst.requests if self.burst.requests else float("inf")


@dataclass
class Comparison:
    """A page's bursts against the mean of the bare bursts just before and after each."""

    by_rate: list[float] = field(default_factory=list)
    by_cpu: list[float] = field(default_factory=list)


def measure(stack: Stack, target: Target, *, seconds: float, concurrency: int) -> Measured:
    if target.warm:
        send(stack.port, target.make_request())
    with ServerCpuMeter(stack) as meter:
        result = burst(stack.port, target.make_request, concurrency=concurrency, seconds=seconds)
    return Measured(result, meter)


def run_rounds(
    stack: Stack, targets: list[Target], *, rounds: int, seconds: float, concurrency: int
) -> tuple[dict[str, list[Measured]], dict[str, Comparison]]:
    """Each round: bare, target, bare, target, ..., bare, the targets' order rotating by round."""
    measured: dict[str, list[Measured]] = {t.name: [] for t in [BARE, *targets]}
    compared = {t.name: Comparison() for t in targets}

    def run_burst(target: Target) -> Measured:
        measured[target.name].append(
            measure(stack, target, seconds=seconds, concurrency=concurrency)
        )
        return measured[target.name][-1]

    for round_number in range(rounds):
        shift = round_number % len(targets)
        before = run_burst(BARE)
        for target in targets[shift:] + targets[:shift]:
            page = run_burst(target)
            after = run_burst(BARE)
            bare_rate = (before.burst.rate + after.burst.rate) / 2
            bare_cpu = (before.cpu_per_request + after.cpu_per_request) / 2
            compared[target.name].by_rate.append(page.burst.rate / bare_rate)
            compared[target.name].by_cpu.append(bare_cpu / page.cpu_per_request)
            before = after
    return measured, compared


def warm_up(stack: Stack, targets: list[Target], concurrency: int) -> None:
    """Every worker compiles its templates and opens its connections before anything counts."""
    for target in targets:
        burst(stack.port, target.make_request, concurrency=concurrency, seconds=0.5)


def rate_summary(measured: list[Measured]) -> str:
    rates = [m.burst.rate for m in measured]
    latency = latency_summary([x for m in measured for x in m.burst.latencies], places=1)
    cpu = statistics.median(m.cpu_per_request for m in measured) * 1000
    return (
        f"{statistics.median(rates):.0f} req/s ({min(rates):.0f}-{max(rates):.0f}), "
        f"{latency}, server CPU {cpu:.2f} ms/req"
    )


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} (rounds {min(values):.2f}-{max(values):.2f})"


def run(stack: Stack, *, rounds: int = 5, seconds: float = 1.0) -> list[Row]:
    concurrency = 2 * stack.workers  # a request always waiting for each worker
    targets = measured_targets()
    warm_up(stack, [BARE, *targets], concurrency)
    measured, compared = run_rounds(
        stack, targets, rounds=rounds, seconds=seconds, concurrency=concurrency
    )
    bursts = [m for runs in measured.values() for m in runs]
    ours = statistics.median(m.meter.ours_share for m in bursts)
    others = statistics.median(m.meter.others_share for m in bursts)

    before = feedback_count()
    post = Target("open311 post", open311_post(stack))
    measured[post.name] = [
        measure(stack, post, seconds=seconds, concurrency=concurrency) for _ in range(rounds)
    ]
    stored = feedback_count() - before

    rows = [
        Row("Bare Django view (constant string)", rate_summary(measured["bare"])),
        Row(
            "Server CPUs during page bursts (medians)",
            f"{ours:.0%} used by the stack, {others:.0%} taken by other programs",
        ),
        Row("Bare view with a 10 KiB body: capacity / bare's", spread(compared["bare 10k"].by_cpu)),
    ]
    for page in PAGES:
        for state, target in TARGETS.items():
            label, comparison = f"{page.capitalize()} page, {state}", compared[f"{page} {state}"]
            rows += [
                Row(
                    f"{label}: capacity / bare's (server CPU per request)",
                    spread(comparison.by_cpu),
                    f">= {target:.2f}",
                    statistics.median(comparison.by_cpu) >= target,
                ),
                Row(f"{label}: measured req/s / bare's", spread(comparison.by_rate)),
                Row(f"{label}: measured", rate_summary(measured[f"{page} {state}"])),
            ]
    rows += [
        Row("Open311 GET services.json", rate_summary(measured["open311 services"])),
        Row("Open311 GET requests.json", rate_summary(measured["open311 requests"])),
        Row("Open311 POST requests.json", rate_summary(measured["open311 post"])),
    ]
    answered = sum(m.burst.requests - m.burst.errors for m in measured["open311 post"])
    rows.append(
        Row(
            "Open311 POST: requests stored = successful answers",
            f"{stored} stored, {answered} successful",
            "equal",
            stored == answered,
        )
    )
    every = [m.burst for runs in measured.values() for m in runs]
    errors = sum(b.errors for b in every)
    first = next((b.first_error for b in every if b.first_error), "")
    rows.append(errors_row(stack, "HTTP errors in these bursts", errors, first))
    client = max(b.client_cpu_share for b in every)
    rows.append(Row("Bench client's busiest burst: share of its CPU", f"{client:.0%}"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0, help="length of each burst")
    options = parser.parse_args()
    run_alone(run, rounds=options.rounds, seconds=options.seconds)


if __name__ == "__main__":
    main()
