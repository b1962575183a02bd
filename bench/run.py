"""make bench: the portal on its production shape, measured against its targets.

    .venv/bin/python bench/run.py [--citizens 200] [--seconds 60]

Starts PostgreSQL, Redis, gunicorn (3 workers) and the two Celery workers of docker-compose on
loopback (bench/stack.py), loads the plan, its demo milestones and citizens' feedback, prints
one table and exits 0 when every target holds, 1 otherwise. Not part of `make test`: timings
depend on the machine. Takes about three minutes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import measure
from bench.stack import GUNICORN_WORKERS, Stack, running_stack, start_servers

LANGUAGES = ("ky", "ru", "en")
SPIKE_PAGES = ["/{}/", "/{}/commitments/KGBSK0001/", "/{}/commitments/KGBSK0003/", "/{}/updates/",
               "/{}/feedback/stats/", "/{}/feedback/requests/"]  # fmt: skip
PUBLIC_PAGES = [*SPIKE_PAGES, "/{}/commitments/", "/{}/commitments/KGBSK0002/", "/{}/committee/",
                "/{}/monitoring/", "/{}/reports/", "/{}/about/", "/{}/data/", "/{}/feedback/",
                "/{}/search/?q=plan"]  # fmt: skip
COLD_PAGES = {"home": "/en/", "commitment": "/en/commitments/KGBSK0001/"}
FEEDBACK_AT_1X = 60
STARTED = time.monotonic()


@dataclass
class Row:
    figure: str
    kind: str  # CPU per request, latency, throughput, wall time, size
    value: str
    target: str = ""
    passed: bool | None = None


def progress(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:4.0f} s] {message}", file=sys.stderr, flush=True)


def load_data(copies: int) -> str:
    from django.core.management import call_command

    from commitments.models import Milestone, ProgressUpdate
    from feedback.models import District, Feedback, Service
    from feedback.services import answer_feedback, submit_feedback

    quiet = {"stdout": io.StringIO(), "verbosity": 0}
    call_command("load_demo_data", remove=True, **quiet)
    call_command("load_demo_data", copies=copies, **quiet)
    services, districts = list(Service.objects.published()), list(District.objects.all())
    for n in range(Feedback.objects.count(), FEEDBACK_AT_1X * copies):
        feedback = submit_feedback(
            service=services[n % len(services)], district=districts[n % len(districts)],
            rating=1 + n % 5, description=f"Feedback number {n}.", language=LANGUAGES[n % 3],
        )  # fmt: skip
        Feedback.objects.filter(pk=feedback.pk).update(moderation=Feedback.Moderation.APPROVED)
        if n % 2:
            answer_feedback(feedback=feedback, status="resolved", answer="Fixed.")
    return (f"{Milestone.objects.count()} milestones, {ProgressUpdate.objects.count()} updates, "
            f"{Feedback.objects.count()} feedback")  # fmt: skip


def cold_rows(size: str, label: str) -> tuple[list[Row], dict[str, float]]:
    """CPU of a cold render of the home and commitment pages, in this process, with its parts."""
    from django.core.handlers.wsgi import WSGIHandler

    from bishkek_ogp.lib.page_cache import move_version

    handler = WSGIHandler()
    rows, costs = [], {}
    for name, path in COLD_PAGES.items():

        def render(path=path) -> None:
            move_version()  # every request a miss: the page is rendered and stored again
            environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
                       "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
                       "REMOTE_ADDR": "127.0.0.1", "wsgi.input": io.BytesIO(),
                       "wsgi.url_scheme": "http", "SERVER_PROTOCOL": "HTTP/1.1"}  # fmt: skip
            statuses = []
            body = handler(environ, lambda status, headers: statuses.append(status))
            b"".join(body)
            body.close()
            assert statuses[0].startswith("200"), (path, statuses)

        costs[name] = measure.cold_cost(render, repeats=30)
        parts = measure.breakdown(render, repeats=20)
        split = ", ".join(f"{part} {share:.0%}" for part, share in parts.items() if share >= 0.01)
        rows.append(Row(f"{name.title()} page, cold, {label} ({size})", "CPU per request",
                        f"{costs[name]:.1f} ms; shares of its wall time: {split}"))  # fmt: skip
    return rows, costs


def pdf_row(label: str, size: str, target: bool) -> Row:
    from commitments.models import ActionPlan
    from monitoring.models import ReportJob
    from monitoring.pdf import render_report_pdf

    job = ReportJob(kind=ReportJob.Kind.PLAN, plan=ActionPlan.objects.get(), language="ru")
    timings = []
    for _ in range(3):
        started = time.monotonic()
        render_report_pdf(job)
        timings.append(time.monotonic() - started)
    value = f"{timings[0]:.2f} s first render, {min(timings[1:]):.2f} s after"
    return Row(f"Whole-plan PDF, {label} ({size})", "wall time", value, "< 2 s" if target else "",
               timings[0] < 2)  # fmt: skip


def edit_to_pdf_row(stack: Stack) -> Row:
    """A milestone edit, then a fresh whole-plan PDF downloaded, while 200 emails are sent."""
    from django.utils import timezone

    from commitments.models import ActionPlan, Milestone, Subscription
    from commitments.services import record_progress
    from monitoring.models import ReportJob
    from monitoring.services import request_report

    plan = ActionPlan.objects.get()
    Subscription.objects.bulk_create(
        Subscription(email=f"follower{n}@example.org", plan=plan, language="ru",
                     confirmed_at=timezone.now())
        for n in range(200)
    )  # fmt: skip
    milestone = Milestone.objects.filter(status="not_started").first()
    started = time.monotonic()
    record_progress(milestone=milestone, author=None, status="in_progress", progress=10,
                    note={"en": "Started."})  # fmt: skip  # tells the 200 followers
    job = request_report(kind=ReportJob.Kind.PLAN, language="en")
    while job.status not in (ReportJob.Status.READY, ReportJob.Status.FAILED):
        if time.monotonic() - started > 60:
            break
        time.sleep(0.05)
        job.refresh_from_db()
    status, body = measure.get(stack.port, f"/reports/{job.public_id}.pdf")
    seconds = time.monotonic() - started
    ok = status == 200 and body.startswith(b"%PDF") and seconds < 5
    return Row("Milestone edit to a fresh downloaded whole-plan PDF, 200 follower emails queued",
               "wall time", f"{seconds:.2f} s", "< 5 s", ok)  # fmt: skip


def page_rows(stack: Stack) -> list[Row]:
    sizes, scripted = {}, []
    for template in PUBLIC_PAGES:
        for language in LANGUAGES:
            path = template.format(language)
            status, body = measure.get(stack.port, path)
            assert status == 200, (path, status)
            sizes[path] = len(gzip.compress(body))
            if b"<script" in body:
                scripted.append(path)
    largest = max(sizes, key=sizes.get)
    return [
        Row(f"Largest public page, gzip ({len(sizes)} pages in 3 languages)", "size",
            f"{sizes[largest] / 1024:.1f} KiB ({largest})", "< 30 KiB",
            sizes[largest] < 30 * 1024),
        Row("Public pages that load JavaScript", "content", str(len(scripted)) or "0", "0",
            not scripted),
    ]  # fmt: skip


def run(options) -> list[Row]:
    with running_stack() as stack:
        from django.core.cache import cache
        from django.core.management import call_command

        progress("migrating and loading the plan, demo milestones and feedback (1x)")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_action_plan", stdout=io.StringIO())
        size_1x = load_data(copies=1)
        start_servers(stack)
        rows = [Row("Data at 1x", "", size_1x)]

        progress(f"spike: {options.citizens} citizens for {options.seconds:.0f} s, cache empty")
        cache.clear()
        paths = [page.format(language) for page in SPIKE_PAGES for language in LANGUAGES]
        result = measure.spike(stack.port, paths, options.citizens, options.seconds, options.think)
        errors = sum(result.errors.values())
        rows += [
            Row(f"Spike: {options.citizens} citizens, a page every {options.think[0]:g}-"
                f"{options.think[1]:g} s each, {options.seconds:.0f} s, {len(paths)} pages",
                "throughput", f"{len(result.latencies) / options.seconds:.0f} req/s, "
                f"{len(result.latencies)} requests"),
            Row("Spike: errors", "count", f"{errors} {dict(result.errors) or ''}".strip(), "0",
                errors == 0),
            Row("Spike: latency p50 / p95 / p99", "latency",
                f"{result.p(0.5):.0f} / {result.p(0.95):.0f} / {result.p(0.99):.0f} ms",
                "p95 < 300 ms", result.p(0.95) < 300),
        ]  # fmt: skip

        progress("server CPU per request: bare view, warm pages")
        bare = measure.server_cpu_per_request(stack, "/en/bench/bare/", 600)
        rows.append(Row("Bare view (same server and middleware)", "CPU per request",
                        f"{bare:.2f} ms"))  # fmt: skip
        for name, path in COLD_PAGES.items():
            warm = measure.server_cpu_per_request(stack, path, 600)
            rows.append(Row(f"{name.title()} page, warm (from the shared cache)",
                            "CPU per request", f"{warm:.2f} ms, {warm / bare:.1f}x the bare view",
                            "<= 3x", warm <= 3 * bare))  # fmt: skip

        progress("page sizes")
        rows += page_rows(stack)
        progress("cold renders at 1x")
        cold, costs_1x = cold_rows(size_1x, "1x")
        progress("whole-plan PDF at 1x")
        rows += [pdf_row("1x", size_1x, target=True)]
        progress("milestone edit to a fresh PDF")
        rows.append(edit_to_pdf_row(stack))

        progress("ten times the data")
        size_10x = load_data(copies=10)
        cold_10x, costs_10x = cold_rows(size_10x, "10x")
        for name in COLD_PAGES:
            growth = costs_10x[name] / costs_1x[name]
            cold_10x.append(Row(f"{name.title()} page, cold: 10x over 1x", "CPU per request",
                                f"{growth:.2f}x; {costs_10x[name]:.1f} ms at 10x",
                                "<= 1.5x and < 15 ms",
                                growth <= 1.5 and costs_10x[name] < 15))  # fmt: skip
        rows += cold + cold_10x
        rows.append(pdf_row("10x", size_10x, target=True))
    return rows


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.machine())  # fmt: skip
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return (f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} x {cpu}, {memory:.1f} GiB, Python "
            f"{platform.python_version()}, gunicorn {GUNICORN_WORKERS} sync workers, "
            f"load average before: {os.getloadavg()[0]:.2f}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 2.0),
                        help="seconds a citizen pauses between pages (from, to)")  # fmt: skip
    options = parser.parse_args()
    header = machine()
    rows = run(options)
    print(f"\n{header}\n")
    print("| Figure | Kind | Value | Target | |\n|---|---|---|---|---|")
    for row in rows:
        verdict = {True: "pass", False: "**fail**", None: ""}[row.passed]
        print(f"| {row.figure} | {row.kind} | {row.value} | {row.target} | {verdict} |")
    return 1 if any(row.passed is False for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
