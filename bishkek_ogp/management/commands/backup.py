from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bishkek_ogp.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump on PostgreSQL) and the uploaded files into a new folder, "
        "with a manifest of row counts and file checksums. Restore with `restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a new or empty folder")

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = create_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backed up {rows} rows in {len(manifest['tables'])} tables and "
            f"{len(manifest['files'])} files to {folder}."
        )
