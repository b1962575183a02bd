"""Load test: virtual citizens browse and send feedback through the real form for a fixed time.

    .venv/bin/python bench/load.py [--citizens 20] [--duration 30]    (all benchmarks: make bench)

Against gunicorn + PostgreSQL + Redis on loopback (bench/harness.py). Each virtual citizen repeats
a visit, back to back, until the time is up:

  home page -> a commitment page -> the feedback form (GET: the CSRF cookie and token, the
  form's signed start stamp and idempotency key, the services and districts offered) -> fills
  it in (waits MIN_SECONDS_TO_FILL and a half: the form refuses anything sent faster, as from a
  bot) -> sends it as a browser does (multipart, the honeypot empty, no photo) -> follows the
  tracking link of the thank-you page.

Every visit is a new person: a new browser session, and an address of its own in
X-Forwarded-For, as the production proxy sets it (the server runs with USE_X_FORWARDED_FOR=1).
The form accepts FEEDBACK_HOURLY_LIMIT (10) submissions per address and hour, and a city's
citizens do not share one address.

Checks (exit status 1 if one fails): no errors, meaning no answer outside 2xx/3xx and no
connection error; and as many feedback rows stored as thank-you pages received. Prints
requests/s and latency percentiles, overall and per step; how often the content and feedback
versions of the page cache were bumped (a submission bumps the feedback version, which only the
feedback pages and one commitment page read); and how much of the public page views the page
cache served at least meanwhile (the worker renders pages again after each bump, see
bench/warming.py).
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import (
    Row,
    ServerCpuMeter,
    Stack,
    errors_row,
    feedback_count,
    latency_summary,
    run_alone,
)
from bishkek_ogp.lib.human_check import MIN_SECONDS_TO_FILL

THINK_SECONDS = MIN_SECONDS_TO_FILL + 0.5  # the form refuses anything sent faster
STEPS = ("home", "commitment", "form", "submit", "tracking")
PUBLIC_STEPS = ("home", "commitment")  # the steps served through the page cache
TRACKING_LINK = re.compile(r'class="tracking-link"><a href="([^"]+)"')


class FormReader(HTMLParser):
    """What a browser would send from the page's feedback form (class "feedback-form")."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.in_form = False
        self.select: str | None = None
        self.values: dict[str, str] = {}  # text and hidden inputs, with their value
        self.choices: dict[str, list[str]] = defaultdict(list)  # selects and radio groups
        self.textareas: list[str] = []
        self.files: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form" and "feedback-form" in (attributes.get("class") or "").split():
            self.in_form = True
        if not self.in_form:
            return
        if tag == "option" and self.select and attributes.get("value"):
            self.choices[self.select].append(attributes["value"])  # not the empty prompt
        if "name" not in attributes:
            return
        name, kind = attributes["name"], attributes.get("type", "text")
        if tag == "input" and kind == "radio":
            self.choices[name].append(attributes.get("value", ""))
        elif tag == "input" and kind == "file":
            self.files.append(name)
        elif tag == "input" and kind not in ("submit", "button", "checkbox"):
            self.values[name] = attributes.get("value") or ""
        elif tag == "select":
            self.select = name
        elif tag == "textarea":
            self.textareas.append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    thanked: int = 0
    visits: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, step: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.latencies[step].append(seconds)
        if error:
            self.fail(step, error)

    def fail(self, step: str, error: str) -> None:
        with self.lock:
            self.errors.append(f"{step}: {error}")


class VisitFailed(Exception):
    pass


class Citizen:
    """One virtual citizen's visits; `number` keeps their addresses apart from everyone else's."""

    def __init__(self, stack: Stack, number: int, codes: list[str], tally: Tally) -> None:
        self.stack, self.number, self.codes, self.tally = stack, number, codes, tally
        self.random = random.Random(number)
        self.visits = 0

    def address(self) -> str:
        # 10.x.y.z, one per visit: up to 256 citizens, 65536 visits each.
        return f"10.{self.number % 256}.{self.visits // 256 % 256}.{self.visits % 256}"

    def request(self, session: requests.Session, step: str, method: str, url: str, **kwargs):
        started = time.perf_counter()
        try:
            response = session.request(method, url, timeout=60, **kwargs)
        except requests.RequestException as error:
            self.tally.add(step, time.perf_counter() - started, repr(error))
            raise VisitFailed from error
        error = "" if 200 <= response.status_code < 400 else f"HTTP {response.status_code}"
        self.tally.add(step, time.perf_counter() - started, error)
        if error:
            raise VisitFailed(error)
        return response

    def visit(self) -> None:
        base = self.stack.base_url
        with requests.Session() as session:
            session.headers["X-Forwarded-For"] = self.address()
            self.request(session, "home", "GET", f"{base}/en/")
            code = self.random.choice(self.codes)
            self.request(session, "commitment", "GET", f"{base}/en/commitments/{code}/")
            page = self.request(session, "form", "GET", f"{base}/en/feedback/")
            form = FormReader(page.text)
            data = dict(form.values)
            data.update({name: self.random.choice(values) for name, values in form.choices.items()})
            data.update({name: "The bus did not come for an hour." for name in form.textareas})
            if "address" in data:
                data["address"] = "Chui Avenue and Manas Avenue"
            files = {name: ("", b"", "application/octet-stream") for name in form.files}
            time.sleep(THINK_SECONDS)
            thanks = self.request(
                session, "submit", "POST", f"{base}/en/feedback/", data=data, files=files
            )
            link = TRACKING_LINK.search(thanks.text)
            if link is None:
                self.tally.fail("submit", "no tracking link in the thank-you page")
                raise VisitFailed("no tracking link")
            with self.tally.lock:
                self.tally.thanked += 1
            self.request(session, "tracking", "GET", link.group(1))

    def run(self, deadline: float) -> None:
        # Citizens arrive spread over the first second, not in lockstep.
        time.sleep(self.random.uniform(0, 1))
        while time.monotonic() < deadline:
            with contextlib.suppress(VisitFailed):  # counted as an error; the next visit starts
                self.visit()
            self.visits += 1
        with self.tally.lock:
            self.tally.visits += self.visits


def page_cache_state(stack: Stack) -> tuple[tuple[int, int], int]:
    """The content and feedback versions, and the number of pages ever stored under any."""
    import redis

    from bishkek_ogp.lib.public_cache import CONTENT, FEEDBACK, content_version, local

    local.clear()  # read the shared versions, not the ones this process holds
    client = redis.Redis.from_url(stack.redis.url)
    stored = sum(1 for _ in client.scan_iter(match="*public-page:*", count=1000))
    return (content_version(CONTENT), content_version(FEEDBACK)), stored


def run(stack: Stack, *, citizens: int = 20, duration: float = 30.0) -> list[Row]:
    from commitments.models import Commitment

    codes = list(Commitment.objects.published().values_list("code", flat=True))
    tally = Tally()
    stored_before = feedback_count()
    version_before, pages_before = page_cache_state(stack)
    started = time.monotonic()
    deadline = started + duration
    threads = [
        threading.Thread(target=Citizen(stack, n, codes, tally).run, args=(deadline,))
        for n in range(citizens)
    ]
    with ServerCpuMeter(stack) as meter:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.monotonic() - started
    stored = feedback_count() - stored_before
    version_after, pages_after = page_cache_state(stack)

    every = [x for step in STEPS for x in tally.latencies[step]]
    rows = [
        Row(
            f"Load: {citizens} citizens for {duration:.0f} s",
            f"{tally.visits} visits, {len(every)} requests, {len(every) / elapsed:.1f} req/s; "
            f"{latency_summary(every)}",
        )
    ]
    for step in STEPS:
        latencies = tally.latencies[step]
        rows.append(Row(f"Load: {step} ({len(latencies)} requests)", latency_summary(latencies)))
    first = tally.errors[0] if tally.errors else ""
    rows.append(errors_row(stack, "Load: errors", len(tally.errors), first))
    rows.append(
        Row(
            "Load: feedback stored = thank-you pages",
            f"{stored} stored, {tally.thanked} thank-you pages",
            "equal, > 0",
            stored == tally.thanked > 0,
        )
    )
    views = sum(len(tally.latencies[step]) for step in PUBLIC_STEPS)
    fills = pages_after - pages_before
    rows.append(
        Row(
            "Load: page cache while citizens submit",
            f"versions bumped: content {version_after[0] - version_before[0]} times, feedback "
            f"{version_after[1] - version_before[1]} times; {views} public "
            f"page views, {fills} pages rendered and stored (by the web or the worker): at least "
            f"{max(0, views - fills) / views if views else 0:.0%} served from the cache",
        )
    )
    rows.append(Row("Load: server CPUs", meter.describe()))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=20, help="virtual citizens at once")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds")
    options = parser.parse_args()
    run_alone(run, citizens=options.citizens, duration=options.duration)


if __name__ == "__main__":
    main()
