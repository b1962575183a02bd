"""What the benchmarks share: a throwaway production-like stack, data, a bounded HTTP client.

Not run by itself. `running_stack()` starts PostgreSQL and Redis on free loopback ports
(tools/servers.py), migrates, collects static files, loads the official plan, the demo
data and some citizens' feedback, creates an Open311 key and serves the project with gunicorn
(DEBUG=0, the production settings plus bench/urls.py's bare view) beside a Celery worker, which
renders the public pages again after changes as in production. Everything is deleted afterwards.

On a machine with two or more CPUs the servers (gunicorn, PostgreSQL, Redis) are pinned to all
CPUs but the first and the benchmark client to the first, so that the client's own work does not
take CPU time from the server it measures; the header of each report says how CPUs were split.
Linux only: CPU affinity, and CPU time read from /proc.
"""

from __future__ import annotations

import contextlib
import datetime
import http.client
import importlib.metadata
import io
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import django

from tools.servers import (
    PostgresServer,
    RedisServer,
    celery_worker_command,
    free_port,
    missing_binaries,
    postgres_server,
    redis_server,
    stop_process,
)

ROOT = Path(__file__).resolve().parents[1]
SEED_FEEDBACK = 60  # citizens' feedback rows at "1x"; enough to fill the statistics' groups
BARE_PATH = "/en/bench/bare/"  # see bench/urls.py
PAGE_SIZED_BARE_PATH = "/en/bench/bare-10k/"
# The two public pages the throughput and request-cost benchmarks measure warm and cold.
PAGES = {"home": "/en/", "commitment": "/en/commitments/KGBSK0001/"}
HOST = "127.0.0.1"


@dataclass
class Stack:
    postgres: PostgresServer
    redis: RedisServer
    var_dir: Path
    open311_key: str
    all_cpus: set[int]
    server_cpus: set[int]  # all of them when there is only one
    client_cpus: set[int]
    workers: int = 0
    port: int = 0
    gunicorn: subprocess.Popen | None = None
    celery: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def describe_cpus(self) -> str:
        if self.server_cpus == self.client_cpus:
            return "client and servers share all CPUs (only one available)"
        server = ",".join(map(str, sorted(self.server_cpus)))
        client = ",".join(map(str, sorted(self.client_cpus)))
        return f"servers (gunicorn, PostgreSQL, Redis) on CPU {server}, client on CPU {client}"


def split_cpus(cpus: set[int]) -> tuple[set[int], set[int]]:
    """Servers' CPUs and the client's: all but the first, and the first (all for both if one)."""
    ordered = sorted(cpus)
    if len(ordered) < 2:
        return cpus, cpus
    return set(ordered[1:]), {ordered[0]}


def bench_environment(database_url: str, redis_url: str, var_dir: Path) -> dict[str, str]:
    """Production's variables (DEBUG off, real services), plus the limits a benchmark must lift."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "VAR_DIR": str(var_dir),
        # 60 requests a minute per address would turn the API figures into a count of 429s.
        "API_ANONYMOUS_RATE": "10000000/min",
        "API_USER_RATE": "10000000/min",
        # As behind the production proxy (docker-compose): the client's address is the last
        # X-Forwarded-For hop. The load script plays that proxy, giving each visit its own
        # address, so that the form's hourly limit per address (FEEDBACK_HOURLY_LIMIT) holds as
        # it does for a city's citizens, who do not share one address.
        "USE_X_FORWARDED_FOR": "1",
        "LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def running_stack(*, web: bool = True) -> Iterator[Stack]:
    """PostgreSQL, Redis and (with `web`) gunicorn, with the 1x data loaded; torn down after."""
    if missing := missing_binaries():
        raise SystemExit(
            f"The benchmarks need PostgreSQL and Redis: missing {', '.join(missing)} (see README)."
        )
    original_cpus = os.sched_getaffinity(0)
    server_cpus, client_cpus = split_cpus(original_cpus)
    var_dir = Path(tempfile.mkdtemp(prefix="ogp-bench-"))
    os.sched_setaffinity(0, server_cpus)  # inherited by every server started below
    try:
        with postgres_server() as postgres, redis_server() as redis:
            os.environ.update(bench_environment(postgres.url, redis.url, var_dir))
            django.setup()
            prepare_database()
            stack = Stack(
                postgres=postgres,
                redis=redis,
                var_dir=var_dir,
                open311_key=create_key(),
                all_cpus=original_cpus,
                server_cpus=server_cpus,
                client_cpus=client_cpus,
            )
            try:
                if web:
                    # Sync workers: one request each at a time; one more than twice the CPUs
                    # (gunicorn's rule) keeps the CPUs busy while others wait on the database.
                    stack.workers = 2 * len(server_cpus) + 1
                    start_gunicorn(stack)
                    start_celery(stack)
                os.sched_setaffinity(0, client_cpus)
                yield stack
            finally:
                stop_process(stack.celery)
                stop_process(stack.gunicorn)
                from django.db import connections

                connections.close_all()
    finally:
        os.sched_setaffinity(0, original_cpus)
        shutil.rmtree(var_dir, ignore_errors=True)


# --- Data -----------------------------------------------------------------------------------------


def prepare_database() -> None:
    from django.core.management import call_command

    quiet = {"stdout": io.StringIO(), "verbosity": 0}
    call_command("migrate", interactive=False, **quiet)
    # DEBUG=0 serves static files through the manifest, which only collectstatic writes.
    call_command("collectstatic", interactive=False, **quiet)
    call_command("load_action_plan", **quiet)
    call_command("load_demo_data", **quiet)
    add_feedback(SEED_FEEDBACK)


def add_feedback(count: int) -> None:
    """Citizens' feedback spread over services, districts, ratings, statuses and six weeks."""
    from django.utils import timezone

    from feedback.models import District, Feedback, Service
    from feedback.services import answer_feedback, submit_feedback

    services = list(Service.objects.published())
    districts = list(District.objects.all())
    now = timezone.now()
    start = Feedback.objects.count()
    for i in range(start, start + count):
        feedback = Feedback(
            service=services[i % len(services)],
            district=districts[i % len(districts)],
            rating=1 + i % 5,
            description=f"Bench feedback number {i}.",
            address=f"Chui Avenue {i}",
            language="en",
            moderation=Feedback.Moderation.APPROVED if i % 2 else Feedback.Moderation.PENDING,
            created_at=now - datetime.timedelta(hours=17 * (i % 60)),
        )
        submitted = submit_feedback(feedback=feedback).feedback
        if i % 3 == 1:
            answer_feedback(feedback=submitted, status="in_progress", answer="We are on it.")
        elif i % 3 == 2:
            answer_feedback(feedback=submitted, status="resolved", answer="Fixed.")


def multiply_data(factor: int) -> None:
    """Milestones (with their updates and evidence) and feedback to `factor` times the 1x data.

    Feedback counts from the 1x seed: rows the load and Open311 benchmarks added count towards it.
    """
    from commitments.models import Commitment, Evidence, Milestone
    from commitments.services import record_progress

    for commitment in Commitment.objects.all():
        originals = list(commitment.milestones.prefetch_related("updates__evidence"))
        if not originals:
            continue
        order = max(m.order for m in originals)
        for _ in range(factor - 1):
            for original in originals:
                order += 1
                copy = Milestone.objects.create(
                    commitment=commitment, order=order, title_en=original.title_en,
                    starts_on=original.starts_on, ends_on=original.ends_on, is_demo=True,
                )  # fmt: skip
                for update in original.updates.all():
                    new = record_progress(
                        milestone=copy, author=None, status=update.status,
                        progress=update.progress, note={"en": update.note_en},
                        published_on=update.published_on, is_demo=True,
                    )  # fmt: skip
                    for evidence in update.evidence.all():
                        Evidence.objects.create(
                            update=new, url=evidence.url, title_en=evidence.title_en, is_demo=True
                        )
    add_feedback(max(0, SEED_FEEDBACK * factor - feedback_count()))


def data_size() -> str:
    from commitments.models import Milestone, ProgressUpdate
    from feedback.models import Feedback

    return (
        f"{Milestone.objects.count()} milestones, {ProgressUpdate.objects.count()} updates, "
        f"{Feedback.objects.count()} feedback"
    )


def feedback_count() -> int:
    from feedback.models import Feedback

    return Feedback.objects.count()


def create_key() -> str:
    from feedback.services import create_open311_key

    # The Open311 bursts post far more than a partner app's hourly allowance.
    _key, secret = create_open311_key(name="Bench client", hourly_limit=10**9)
    return secret


# --- gunicorn -------------------------------------------------------------------------------------


def gunicorn_version() -> tuple[int, ...]:
    numbers = re.findall(r"\d+", importlib.metadata.version("gunicorn"))
    return tuple(int(n) for n in numbers[:2])


def start_gunicorn(stack: Stack) -> None:
    stack.port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "bishkek_ogp.wsgi:application",
        "--bind", f"{HOST}:{stack.port}", "--workers", str(stack.workers),
        # As in the Dockerfile: heartbeat files in memory. A deep backlog, so that a burst of
        # connections waits for a worker instead of being refused.
        "--backlog", "2048",
    ]  # fmt: skip
    if Path("/dev/shm").is_dir():
        command += ["--worker-tmp-dir", "/dev/shm"]
    if gunicorn_version() >= (25, 1):
        # Its default control socket is one per user: it would clash with another gunicorn.
        command += ["--no-control-socket"]
    with (stack.var_dir / "gunicorn.log").open("wb") as log:
        stack.gunicorn = subprocess.Popen(
            command, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if stack.gunicorn.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{gunicorn_log(stack)}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{stack.base_url}/readyz", timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn was not ready within 60 s:\n{gunicorn_log(stack)}")


def start_celery(stack: Stack) -> None:
    """A worker, as in production: it renders the public pages again after each change."""
    command = celery_worker_command("bench", loglevel="warning")
    with (stack.var_dir / "celery.log").open("wb") as log:
        stack.celery = subprocess.Popen(
            command, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT
        )


def gunicorn_log(stack: Stack) -> str:
    path = stack.var_dir / "gunicorn.log"
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-40:])


# --- Other programs on the machine ----------------------------------------------------------------


def _parents() -> dict[int, int]:
    """pid -> parent pid, for every process."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):  # the process ended meanwhile
                # After the name (which may hold spaces and parentheses): state, parent pid.
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
    return parents


def _cpu_seconds(pid: int) -> float:
    """CPU time of all of a process's threads, to the nanosecond (the scheduler's own count)."""
    total = 0
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError, ValueError, IndexError):
                total += int((task / "schedstat").read_text().split()[0])
    return total / 1e9


class ServerCpuMeter:
    """How much of the server CPUs the stack used, and how much other programs took.

    The stack is every process descending from this one (gunicorn, Redis) or from PostgreSQL's
    postmaster, which pg_ctl detaches. The benchmark's own process is left out: it runs on the
    client CPU. A process that ends during the measurement takes the CPU time it used meanwhile
    with it: database connections are renewed only once a minute, so that is little.
    """

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.cpus = stack.server_cpus

    def _postmaster(self) -> list[int]:
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid_file = self.stack.postgres.data_dir / "postmaster.pid"
            return [int(pid_file.read_text().split()[0])]
        return []

    def _stack_seconds(self) -> dict[int, float]:
        children: dict[int, list[int]] = {}
        for pid, parent in _parents().items():
            children.setdefault(parent, []).append(pid)
        pending = [*children.get(os.getpid(), []), *self._postmaster()]
        seconds: dict[int, float] = {}
        while pending:
            pid = pending.pop()
            if pid not in seconds:
                seconds[pid] = _cpu_seconds(pid)
                pending += children.get(pid, [])
        return seconds

    def _busy_seconds(self) -> float:
        """Time the server CPUs were busy, with anything (in clock ticks: coarser)."""
        busy = 0
        for line in Path("/proc/stat").read_text().splitlines():
            name, *values = line.split()
            if name.startswith("cpu") and name[3:].isdigit() and int(name[3:]) in self.cpus:
                numbers = [int(v) for v in values]
                busy += sum(numbers[:8]) - numbers[3] - numbers[4]  # all but idle and iowait
        return busy / os.sysconf("SC_CLK_TCK")

    def __enter__(self) -> ServerCpuMeter:
        self.start = (self._busy_seconds(), self._stack_seconds(), time.monotonic())
        return self

    def __exit__(self, *exc) -> None:
        busy, stack, end = self._busy_seconds(), self._stack_seconds(), time.monotonic()
        self.capacity = (end - self.start[2]) * len(self.cpus)  # CPU seconds there were
        # Per process: one that ended meanwhile (a database connection renewed) takes its time
        # away, and must not take away what it had used before we started.
        self.ours = sum(used - self.start[1].get(pid, 0.0) for pid, used in stack.items())
        self.others = max(0.0, busy - self.start[0] - self.ours)

    @property
    def ours_share(self) -> float:
        return self.ours / self.capacity

    @property
    def others_share(self) -> float:
        return self.others / self.capacity

    def describe(self) -> str:
        return (
            f"{self.others_share:.0%} of the server CPUs taken by other programs, "
            f"{self.ours_share:.0%} used by the stack"
        )


# --- A bounded HTTP client ------------------------------------------------------------------------

# method, path, body, headers
Request = tuple[str, str, bytes | None, dict[str, str]]


@dataclass
class Burst:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    client_cpu_seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    first_error: str = ""

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def client_cpu_share(self) -> float:
        """Share of the burst's wall time the client process spent on a CPU (1.0 = one CPU)."""
        return self.client_cpu_seconds / self.seconds if self.seconds else 0.0


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def send(port: int, request: Request) -> int:
    """One request on a new connection, its answer read whole; the HTTP status.

    A new connection each time: gunicorn's sync workers close every connection anyway.
    """
    method, path, body, headers = request
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def burst(
    port: int, make_request: Callable[[], Request], *, concurrency: int, seconds: float
) -> Burst:
    """`concurrency` clients send requests back to back for `seconds`; each waits for its answer.

    The rate counts every answer, including those that arrive after the deadline, over the time
    until the last one arrived.
    """
    result = Burst()
    lock = threading.Lock()
    ready = threading.Barrier(concurrency + 1)
    deadline = 0.0

    def client() -> None:
        latencies, errors, first_error = [], 0, ""
        ready.wait()
        while time.perf_counter() < deadline:
            request = make_request()
            started = time.perf_counter()
            try:
                status = send(port, request)
                if not 200 <= status < 400:
                    errors += 1
                    first_error = first_error or f"{request[0]} {request[1]}: HTTP {status}"
            except (OSError, http.client.HTTPException) as error:
                errors += 1
                first_error = first_error or f"{request[0]} {request[1]}: {error!r}"
            latencies.append(time.perf_counter() - started)
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            result.first_error = result.first_error or first_error

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    cpu_before = cpu_seconds()
    start = time.perf_counter()
    deadline = start + seconds
    ready.wait()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - start
    result.client_cpu_seconds = cpu_seconds() - cpu_before
    result.requests = len(result.latencies)
    return result


def latency_summary(latencies: list[float], places: int = 0) -> str:
    """p50, p95 and p99 in milliseconds, with `places` decimals."""
    if len(latencies) < 2:
        value = latencies[0] * 1000 if latencies else float("nan")
        cuts = {50: value, 95: value, 99: value}
    else:
        every = statistics.quantiles(latencies, n=100, method="inclusive")
        cuts = {p: every[p - 1] * 1000 for p in (50, 95, 99)}
    return ", ".join(f"p{p} {ms:.{places}f} ms" for p, ms in cuts.items())


# --- Reporting ------------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the report; `passed` is None for a figure without a target."""

    figure: str
    value: str
    target: str = ""
    passed: bool | None = None


def errors_row(stack: Stack, figure: str, errors: int, first: str) -> Row:
    """The check that nothing failed; on a failure, gunicorn's log (on stderr) says why."""
    if errors:
        print(f"gunicorn's log ends with:\n{gunicorn_log(stack)}", file=sys.stderr)
    detail = f" (first: {first})" if first else ""
    return Row(figure, f"{errors}{detail}", "0", errors == 0)


def report(rows: list[Row]) -> NoReturn:
    """Print the table and the failures; exit with status 1 if a target or check failed."""
    width = max(len(r.figure) for r in rows)
    value_width = max(len(r.value) for r in rows)
    target_width = max([len(r.target) for r in rows] + [6])
    print(f"{'Figure':<{width}}  {'Value':<{value_width}}  {'Target':<{target_width}}  Result")
    print("-" * (width + value_width + target_width + 12))
    for row in rows:
        verdict = "" if row.passed is None else ("PASS" if row.passed else "FAIL")
        print(
            f"{row.figure:<{width}}  {row.value:<{value_width}}  "
            f"{row.target:<{target_width}}  {verdict}"
        )
    failed = [r for r in rows if r.passed is False]
    checked = [r for r in rows if r.passed is not None]
    print(f"\n{len(checked) - len(failed)} of {len(checked)} targets and checks met.")
    for row in failed:
        print(f"FAIL: {row.figure}: {row.value} (target {row.target})")
    sys.exit(1 if failed else 0)


def run_alone(run: Callable[..., list[Row]], *, web: bool = True, **options) -> NoReturn:
    """A benchmark script run by itself: its rows on a fresh stack, exit status 1 on a failure."""
    with running_stack(web=web) as stack:
        print("\n".join(machine_description(stack)))
        rows = run(stack, **options)
    report(rows)


def machine_description(stack: Stack) -> list[str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    memory = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
    cpu = model.group(1) if model else platform.processor() or "unknown"
    ram = f"{int(memory.group(1)) / 1024**2:.1f} GiB" if memory else "unknown"
    lines = [
        f"CPU: {cpu}, {os.cpu_count()} CPUs; RAM: {ram}",
        f"System: {platform.platform()}; Python {platform.python_version()}",
        f"PostgreSQL {postgres_version()}; Redis {redis_version(stack.redis.url)}",
    ]
    if stack.workers:
        lines.append(
            f"gunicorn: {stack.workers} sync workers, and a Celery worker; {stack.describe_cpus()}"
        )
    return lines


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def redis_version(url: str) -> str:
    import redis

    return redis.Redis.from_url(url).info("server")["redis_version"]
