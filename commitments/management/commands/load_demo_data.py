from django.core.management.base import BaseCommand

from commitments.demo import load_demo_data, remove_demo_data


class Command(BaseCommand):
    help = (
        "Add illustrative (demo) milestones, progress updates and evidence, flagged as demo. "
        "With --remove, delete them again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--remove", action="store_true", help="Delete all demo rows.")

    def handle(self, *args, remove: bool, **options):
        if remove:
            removed = remove_demo_data()
            self.stdout.write(f"Removed {removed} demo rows.")
            return
        counts = load_demo_data()
        if not counts:
            self.stdout.write("Demo data is already loaded (or the plan is not); nothing added.")
        for what, n in sorted(counts.items()):
            self.stdout.write(f"{n} demo {what}")
