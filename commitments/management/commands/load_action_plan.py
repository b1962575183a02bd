import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from commitments.services import import_action_plan

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "action_plan_2025.json"


class Command(BaseCommand):
    help = "Load the official facts of the action plan (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="Data file (JSON).")

    def handle(self, *args, file: Path, **options):
        # The operator's output in one language: the model names in it are translated.
        with translation.override("en"):
            self._load(file)

    def _load(self, file: Path) -> None:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            counts = import_action_plan(data=data)
        except (OSError, json.JSONDecodeError, KeyError) as error:
            raise CommandError(f"Cannot load {file}: {error!r}") from error
        except ValidationError as error:
            raise CommandError(f"{file} holds invalid data: {error.messages}") from error
        if not counts:
            self.stdout.write("The action plan is already up to date; nothing changed.")
        for what, n in sorted(counts.items()):
            self.stdout.write(f"{n} {what}")
