from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from feedback.services import create_open311_key


class Command(BaseCommand):
    help = "Create an Open311 API key for a system that posts requests; prints the key once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="who uses the key, e.g. 'My City app'")

    def handle(self, *args, name: str, **options) -> None:
        try:
            key, secret = create_open311_key(name=name)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stderr.write(f"Created Open311 key “{key.name}”. Store it now: it is not shown again.")
        self.stdout.write(secret)
