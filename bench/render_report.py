"""Benchmark: render the whole-plan PDF report at 1x and 10x data; wall time and peak memory.

    .venv/bin/python bench/render_report.py          (all benchmarks: make bench)

Runs on the throwaway PostgreSQL of bench/harness.py (no web server needed). Each size is
rendered in a fresh Python process, as in a new Celery worker process, so that the 10x figures
carry nothing over from the 1x render. The first render in a process also pays WeasyPrint's
one-time setup (fonts, the stylesheet); two more renders in the same process show the steady
cost of a worker that has rendered before.

Memory is the rendering process's resident set, from Linux's VmHWM high-water mark, reset just
before the first render (/proc/self/clear_refs): "peak" is the highest resident set during the
three renders, "growth" is that peak minus the resident set before them (Python, Django,
WeasyPrint and the data already loaded). Unlike tracemalloc this counts the C libraries
(Pango, HarfBuzz, FreeType) that do most of the work. Not a test: the figures depend on the
machine.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Row, Stack, data_size, multiply_data, run_alone

TARGET_SECONDS = 2.0
RENDERS = 3


def status_kib(field: str) -> int | None:
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    found = re.search(rf"^{field}:\s+(\d+) kB", status.read_text(), re.M)
    return int(found.group(1)) if found else None


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measure() -> dict:
    """In the child process: render RENDERS times, report times and memory as JSON."""
    import resource

    import django

    django.setup()
    from commitments.models import Commitment
    from monitoring.models import ReportJob
    from monitoring.pdf import render_report_pdf
    from monitoring.selectors import data_fingerprint

    plan = Commitment.objects.published().first().plan
    job = ReportJob.objects.create(
        kind="plan", plan=plan, language="ky", data_fingerprint=data_fingerprint()
    )
    before = status_kib("VmRSS")
    exact = reset_peak() and before is not None
    seconds, size = [], 0
    for _ in range(RENDERS):
        start = time.perf_counter()
        size = len(render_report_pdf(job))
        seconds.append(time.perf_counter() - start)
    # Without clear_refs, ru_maxrss is the peak of the whole process: an upper bound.
    peak = status_kib("VmHWM") if exact else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "first": seconds[0],
        "steady": statistics.median(seconds[1:]),
        "pdf_kib": size / 1024,
        "peak_mib": peak / 1024,
        "growth_mib": (peak - before) / 1024 if exact else None,
    }


def measure_in_subprocess(stack: Stack) -> dict:
    def all_cpus() -> None:
        # The servers are idle now: the renderer may use every CPU, as a worker would.
        os.sched_setaffinity(0, stack.all_cpus)

    result = subprocess.run(
        [sys.executable, __file__, "--measure"],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=all_cpus,
    )
    if result.returncode != 0:
        raise RuntimeError(f"PDF render failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def rows(label: str, figures: dict, sizes: str, *, with_target: bool) -> list[Row]:
    growth = figures["growth_mib"]
    memory = f"peak RSS {figures['peak_mib']:.0f} MiB" + (
        f" (+{growth:.0f} MiB while rendering)" if growth is not None else " (whole process)"
    )
    first = f"{figures['first']:.2f} s"
    return [
        Row(
            f"Whole-plan PDF at {label}: first render in a new process",
            f"{first}  ({sizes}; {figures['pdf_kib']:.0f} KiB PDF)",
            f"< {TARGET_SECONDS:.0f} s" if with_target else "",
            figures["first"] < TARGET_SECONDS if with_target else None,
        ),
        Row(f"Whole-plan PDF at {label}: later renders (median)", f"{figures['steady']:.2f} s"),
        Row(f"Whole-plan PDF at {label}: memory", memory),
    ]


def at_1x_and_10x(stack: Stack) -> list[Row]:
    table = rows("1x", measure_in_subprocess(stack), data_size(), with_target=True)
    multiply_data(10)
    return table + rows("10x", measure_in_subprocess(stack), data_size(), with_target=False)


def main() -> None:
    if sys.argv[1:] == ["--measure"]:
        print(json.dumps(measure()))
        return
    run_alone(at_1x_and_10x, web=False)


if __name__ == "__main__":
    main()
