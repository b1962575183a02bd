from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from feedback.models import OPEN311_HOURLY_LIMIT
from feedback.services import create_open311_key


class Command(BaseCommand):
    help = "Create an Open311 API key for a system that posts requests; prints the key once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="who uses the key, e.g. 'My City app'")
        parser.add_argument(
            "--hourly-limit",
            type=int,
            default=OPEN311_HOURLY_LIMIT,
            help=f"requests accepted in an hour, beyond which 429 (default {OPEN311_HOURLY_LIMIT})",
        )

    def handle(self, *args, name: str, hourly_limit: int, **options) -> None:
        try:
            key = create_open311_key(name=name, hourly_limit=hourly_limit)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stderr.write(f"Created Open311 key “{key.name}”. Store it now: it is not shown again.")
        self.stdout.write(key.secret)
