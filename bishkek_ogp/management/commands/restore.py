from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bishkek_ogp.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace this site's database with a backup made by `backup` and add its uploaded files. "
        "Every checksum is verified first (nothing is replaced if one fails); row counts and "
        "files are compared with the manifest afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder written by `backup`")
        parser.add_argument(
            "--noinput", action="store_false", dest="interactive", help="do not ask to confirm"
        )

    def handle(self, *args, folder: Path, interactive: bool, **options):
        if not (folder / "manifest.json").exists():
            raise CommandError(f"{folder} holds no backup (no manifest.json).")
        name = connection.settings_dict["NAME"]
        if interactive and input(f"Replace everything in database {name}? [y/N] ") != "y":
            raise CommandError("Restore cancelled.")
        try:
            restored = restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if restored.differences:
            problems = "\n".join(restored.differences)
            raise CommandError(f"The restored copy differs from the backup:\n{problems}")
        self.stdout.write(f"Restored {folder}: every table's rows and every file match.")
        if restored.other_files:
            count = len(restored.other_files)
            files = (
                "1 file under MEDIA_ROOT is"
                if count == 1
                else f"{count} files under MEDIA_ROOT are"
            )
            self.stdout.write(f"{files} not in the backup (uploaded after it?); left in place:")
            for name in restored.other_files:
                self.stdout.write(f"  {name}")
