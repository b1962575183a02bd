"""Every benchmark on one throwaway stack, and one table of figures and targets at the end.

    make bench
    .venv/bin/python bench/run.py [--rounds 5] [--seconds 1] [--citizens 20] [--duration 30]

The stack is bench/harness.py's: PostgreSQL, Redis, gunicorn and a Celery worker on loopback,
DEBUG off. In order: SQL query counts and the whole-plan PDF at 1x data (bench/queries.py,
bench/render_report.py); CPU per request in-process (bench/request_cost.py); public pages against
the bare view, warm and cold, and Open311 GET and POST (bench/throughput.py); how soon after a
change the worker has rendered the main pages again (bench/warming.py); the load test
(bench/load.py); then the data multiplied tenfold for the query counts and the PDF at 10x. Each
script also runs on its own. Exit status 1 when a target is missed or a check fails. Takes about
three minutes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import load, queries, render_report, request_cost, throughput, warming
from bench.harness import (
    data_size,
    load_average,
    machine_description,
    multiply_data,
    report,
    running_stack,
)

STARTED = time.monotonic()


def progress(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} s] {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="throughput rounds")
    parser.add_argument("--seconds", type=float, default=1.0, help="length of each burst")
    parser.add_argument("--citizens", type=int, default=20, help="load test: citizens at once")
    parser.add_argument("--duration", type=float, default=30.0, help="load test: seconds")
    options = parser.parse_args()

    load_before = load_average()
    progress("starting PostgreSQL, Redis and gunicorn; loading the plan, demo data, feedback")
    with running_stack() as stack:
        header = machine_description(stack)
        progress("SQL queries at 1x")
        size_1x, queries_1x = data_size(), queries.count_queries()
        progress("whole-plan PDF at 1x")
        pdf_1x = render_report.measure_in_subprocess(stack)
        progress("CPU per request, in-process")
        costs = request_cost.run(stack)
        progress(f"throughput: {options.rounds} rounds of {options.seconds:g} s bursts")
        rows = throughput.run(stack, rounds=options.rounds, seconds=options.seconds)
        rows += costs
        progress("pages rendered again after a change")
        rows += warming.run(stack)
        progress(f"load: {options.citizens} citizens for {options.duration:.0f} s")
        rows += load.run(stack, citizens=options.citizens, duration=options.duration)
        progress("multiplying the data tenfold")
        multiply_data(10)
        progress("SQL queries at 10x")
        size_10x, queries_10x = data_size(), queries.count_queries()
        progress("whole-plan PDF at 10x")
        pdf_10x = render_report.measure_in_subprocess(stack)
    rows += queries.rows(queries_1x, queries_10x, (size_1x, size_10x))
    rows += render_report.rows("1x", pdf_1x, size_1x, with_target=True)
    rows += render_report.rows("10x", pdf_10x, size_10x, with_target=False)
    progress("done")

    print("\n".join(header))
    # Other programs on the machine take CPU time from the servers; the ratios mostly cancel it,
    # the absolute rates do not.
    print(f"Load average (1, 5, 15 min) at start: {load_before}; at end: {load_average()}")
    report(rows)


if __name__ == "__main__":
    main()
