import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from monitoring.models import ReportJob
from monitoring.services import request_report


class Command(BaseCommand):
    help = "Request a PDF report: plan | commitment CODE | monitoring ID, through the same service."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[k.value for k in ReportJob.Kind])
        parser.add_argument("subject", nargs="?", help="Commitment code or monitoring report id.")
        parser.add_argument("--language", default="ru", choices=[c for c, _ in settings.LANGUAGES])
        parser.add_argument("--wait", action="store_true", help="Wait for the job to finish.")
        parser.add_argument("--timeout", type=int, default=300, help="Seconds to wait at most.")

    def handle(self, *args, kind, subject, language, wait, timeout, **options):
        try:
            job = request_report(kind=kind, subject=subject, language=language)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Job {job.pk}: {job.get_status_display()}")
        if not wait:
            return
        deadline = time.monotonic() + timeout
        while job.status not in (ReportJob.Status.READY, ReportJob.Status.FAILED):
            if time.monotonic() > deadline:
                raise CommandError(f"Job {job.pk} is still {job.status} after {timeout}s.")
            time.sleep(1)
            job.refresh_from_db()
        self.stdout.write(f"Job {job.pk}: {job.get_status_display()}")
        if job.status == ReportJob.Status.FAILED:
            raise CommandError(job.error)
        self.stdout.write(f"Download: {job.get_absolute_url()}  SHA-256: {job.sha256}")
