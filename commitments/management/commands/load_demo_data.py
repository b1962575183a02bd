from django.core.management.base import BaseCommand, CommandError

from commitments.demo import RealRowsOnDemoRows, load_demo_data, remove_demo_data


class Command(BaseCommand):
    help = (
        "Add illustrative (demo) milestones, progress updates and evidence, flagged as demo. "
        "With --remove, delete them again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--remove", action="store_true", help="Delete all demo rows.")
        parser.add_argument(
            "--copies",
            type=int,
            default=1,
            help="Repeat the demo milestones this many times (a plan of many milestones).",
        )

    def handle(self, *args, remove: bool, copies: int, **options):
        if remove:
            try:
                removed = remove_demo_data()
            except RealRowsOnDemoRows as refusal:
                rows = "\n".join(
                    f"  {row._meta.verbose_name} {row} (id {row.pk})" for row in refusal.rows
                )
                raise CommandError(
                    "Nothing was removed: these rows are not demo data but belong to demo rows, "
                    f"and would be deleted with them. Move or delete them first:\n{rows}"
                ) from refusal
            self.stdout.write(f"Removed {removed} demo rows.")
            return
        if copies < 1:
            raise CommandError("--copies must be 1 or more.")
        counts = load_demo_data(copies=copies)
        if not counts:
            self.stdout.write("Demo data is already loaded (or the plan is not); nothing added.")
        for what, n in sorted(counts.items()):
            self.stdout.write(f"{n} demo {what}")
