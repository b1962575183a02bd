"""How the benchmark measures: CPU time of processes, HTTP requests, and a request in parts.

CPU time is the scheduler's count for the processes that serve a request (Linux /proc), so it
does not depend on how busy the machine is; wall times and rates do, and the table says which
figure is which.
"""

from __future__ import annotations

import http.client
import os
import random
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: Iterable[int]) -> float:
    """User and system CPU time of processes, from /proc/<pid>/stat (fields 14 and 15)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def server_cpu_per_request(stack, path: str, requests: int) -> float:
    """Milliseconds of server CPU (gunicorn, Redis, PostgreSQL) per request for `path`."""
    pids = stack.server_pids()
    before = cpu_seconds(pids)
    for _ in range(requests):
        status, _body = get(stack.port, path)
        assert status == 200, (path, status)
    return (cpu_seconds(pids) - before) / requests * 1000


@dataclass
class Spike:
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def p(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0


def spike(port: int, paths: list[str], citizens: int, seconds: float, think: tuple) -> Spike:
    """`citizens` at once, each opening random pages with a pause between them, for `seconds`."""
    result = Spike()
    deadline = time.monotonic() + seconds

    def citizen(seed: int) -> None:
        rng = random.Random(seed)
        time.sleep(rng.uniform(0, think[1]))  # citizens arrive over the first pause, not at once
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                status, _body = get(port, rng.choice(paths))
            except OSError as error:
                status = type(error).__name__
            with result.lock:
                result.latencies.append(time.monotonic() - started)
                if status != 200:
                    result.errors[status] += 1
            time.sleep(rng.uniform(*think))

    threads = [threading.Thread(target=citizen, args=(n,)) for n in range(citizens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


# Where a request's wall time goes. Each sample is charged to the innermost frame of the rendering
# thread that belongs to one of these parts, so that work the standard library does for the ORM
# counts as the ORM's, and a query run by a template tag as the database's. Querying builds SQL
# and rows in the ORM; the driver is "database"; translation, URL reversing and formatting are
# named apart from the template engine that calls them.
PARTS = [
    ("database driver (psycopg, Django's backend)", ("/psycopg/", "django/db/backends/")),
    ("ORM (building queries and rows)", ("django/db/models/", "django/db/utils",
                                         "modeltranslation/manager")),
    ("translation", ("django/utils/translation/", "/gettext.py", "modeltranslation/")),
    ("URL reversing", ("django/urls/",)),
    ("formatting (dates, numbers)", ("django/utils/formats", "django/utils/dateformat",
                                     "django/utils/numberformat", "contrib/humanize/")),
    ("templates", ("django/template/",)),
    ("page cache (Redis, pickling)", ("/django_redis/", "/redis/", "django/core/cache/",
                                      "bishkek_ogp/lib/page_cache")),
    ("project code (views, selectors, models)", ("/bishkek_ogp/", "/commitments/",
                                                 "/monitoring/", "/feedback/")),
    ("request handling and middleware", ("django/core/handlers/", "django/middleware/",
                                         "django/contrib/", "django/http/", "/csp/", "/axes/",
                                         "/whitenoise/", "/simple_history/")),
]  # fmt: skip
OTHER = "other (Python itself, libraries)"


def part_of(filename: str) -> str | None:
    return next((label for label, marks in PARTS if any(m in filename for m in marks)), None)


def breakdown(render: Callable[[], None], repeats: int) -> dict[str, float]:
    """Share of each part in `render`'s wall time, from stack samples every half millisecond."""
    import sys

    target = threading.get_ident()
    counts: Counter = Counter()
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            frame = sys._current_frames().get(target)
            while frame is not None:
                part = part_of(frame.f_code.co_filename)
                if part is not None:
                    counts[part] += 1
                    break
                frame = frame.f_back
            else:
                counts[OTHER] += 1
            time.sleep(0.0005)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)  # let the sampler in often enough
    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        for _ in range(repeats):
            render()
    finally:
        done.set()
        sampler.join()
        sys.setswitchinterval(interval)
    total = sum(counts.values()) or 1
    return {label: counts[label] / total for label, _marks in [*PARTS, (OTHER, ())]}


def cold_cost(render: Callable[[], None], repeats: int) -> float:
    """Median milliseconds of this process's CPU for one cold render."""
    render()  # imports, template loading and the first connection are not a visit's cost
    times = []
    for _ in range(repeats):
        started = time.process_time()
        render()
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000
