"""Benchmark: render the whole-plan PDF report, with the demo data and with ten times as much.

    .venv/bin/python bench/render_report.py          (or: make bench)

Runs on a throwaway SQLite database in a temporary folder; prints wall time and peak memory.
Not a test: the figures depend on the machine. Record them in README.md ("Performance").
"""

import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="ogp-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bishkek_ogp.settings")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from commitments.models import Commitment, Milestone  # noqa: E402
from commitments.services import record_progress  # noqa: E402
from monitoring.models import ReportJob  # noqa: E402
from monitoring.pdf import render_report_pdf  # noqa: E402
from monitoring.selectors import data_fingerprint  # noqa: E402


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def render(label: str) -> None:
    plan = Commitment.objects.first().plan
    job = ReportJob.objects.create(
        kind="plan", plan=plan, language="ky", data_fingerprint=data_fingerprint()
    )
    start = time.perf_counter()
    pdf = render_report_pdf(job)
    elapsed = time.perf_counter() - start
    milestones = Milestone.objects.count()
    print(
        f"{label:<28} {milestones:>4} milestones  {elapsed:6.2f} s  "
        f"{len(pdf) / 1024:7.0f} KiB PDF  peak RSS {peak_rss_mib():6.0f} MiB"
    )


def multiply_demo_data(factor: int) -> None:
    for commitment in Commitment.objects.all():
        originals = list(commitment.milestones.all())
        order = max(m.order for m in originals)
        for _ in range(factor - 1):
            for original in originals:
                order += 1
                copy = Milestone.objects.create(
                    commitment=commitment, order=order, title_en=original.title_en,
                    starts_on=original.starts_on, ends_on=original.ends_on, is_demo=True,
                )  # fmt: skip
                for update in original.updates.all():
                    record_progress(
                        milestone=copy, author=None, status=update.status,
                        progress=update.progress, note={"en": update.note_en},
                        published_on=update.published_on, is_demo=True,
                    )  # fmt: skip


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_action_plan", stdout=io.StringIO())
    call_command("load_demo_data", stdout=io.StringIO())
    render("demo data")
    multiply_demo_data(10)
    render("10x milestones and updates")


if __name__ == "__main__":
    main()
