"""`make bench` runs end to end and prints its whole table (bench/run.py, briefly).

Timings are not judged here (they belong to the machine, and to `make bench` itself); the checks
that are not timings are: no HTTP errors, every successful POST stored, constant query counts,
and the main pages rendered again after a change.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parents[2]
BRIEFLY = ["--rounds", "1", "--seconds", "0.3", "--citizens", "3", "--duration", "8"]
FIGURES = [
    "Bare Django view (constant string)",
    "Home page, warm: capacity / bare's (server CPU per request)",
    "Home page, cold: capacity / bare's (server CPU per request)",
    "Commitment page, warm: capacity / bare's (server CPU per request)",
    "Commitment page, cold: capacity / bare's (server CPU per request)",
    "Open311 GET services.json",
    "Open311 GET requests.json",
    "Open311 POST requests.json",
    "In-process cold home render, wall ms",
    "Load: 3 citizens for 8 s",
    "Load: page cache while citizens submit",
    "Whole-plan PDF at 1x: first render in a new process",
    "Whole-plan PDF at 10x: first render in a new process",
]
CHECKS = [
    "Open311 POST: requests stored = successful answers",
    "HTTP errors in these bursts",
    "After a change: main public pages rendered again by the worker",
    "Load: errors",
    "Load: feedback stored = thank-you pages",
    "SQL queries: Home page",
    "SQL queries: Commitment page",
    "SQL queries: API commitments",
    "SQL queries: Open311 GET requests",
]


@pytest.fixture(scope="module")
def table() -> dict[str, str]:
    """Each row of the printed table: figure -> the rest of its line."""
    # The benchmark starts its own servers and settings: none of the test run's may leak in.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    done = subprocess.run(
        [sys.executable, "bench/run.py", *BRIEFLY],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr[-3000:]  # 1: a timing target missed here
    lines = done.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Figure "))
    rows = {}
    for line in lines[start + 2 :]:
        if not line.strip():
            break
        figure, _, rest = line.partition("  ")
        rows[figure.strip()] = rest
    return rows


@pytest.mark.parametrize("figure", FIGURES)
def test_the_table_has_the_figure(table, figure):
    assert figure in table


@pytest.mark.parametrize("check", CHECKS)
def test_a_check_that_is_not_a_timing_passes(table, check):
    assert table[check].rstrip().endswith("PASS"), table[check]
