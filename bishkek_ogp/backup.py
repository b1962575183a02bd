"""Back up and restore the whole site: the database and the uploaded files, checked on the way back.

A backup is a folder:

    database.dump      pg_dump's custom format (PostgreSQL), or database.sqlite3 (SQLite)
    media.tar          every file under MEDIA_ROOT
    manifest.json      row counts per table and a SHA-256 per file, taken with the backup

Restoring loads both, then counts and hashes again and compares with the manifest, so an
operator learns at once whether the copy is whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from bishkek_ogp.lib.page_cache import move_version

DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """The backup could not be made or restored; the message says why."""


def row_counts() -> dict[str, int]:
    """Rows in every table Django knows, history tables included."""
    tables = sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)})
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def media_checksums(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def create_backup(folder: Path) -> dict:
    """Write the database, the uploaded files and their manifest into an empty folder."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty; give a new folder for each backup.")
    media_root = Path(settings.MEDIA_ROOT)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "tables": row_counts(),
    }
    _dump_database(folder / DUMP_NAMES[_vendor()])
    # Listed after the dump, so that a file its rows name is not missed for being uploaded late.
    manifest["files"] = media_checksums(media_root)
    with tarfile.open(folder / "media.tar", "w") as archive:
        for name in manifest["files"]:
            archive.add(media_root / name, arcname=name)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


@dataclass
class Restored:
    differences: list[str]  # between the copy and the backup's manifest: empty when whole
    # Files under MEDIA_ROOT that the backup does not hold (uploaded after it, say): kept, as
    # deleting uploads is not a restore's call.
    other_files: list[str]


def restore_backup(folder: Path) -> Restored:
    """Replace the database and add the uploaded files from a backup, and check the copy."""
    manifest = json.loads((folder / "manifest.json").read_text())
    if manifest["database"] != _vendor():
        raise BackupError(
            f"This backup is of a {manifest['database']} database; this site uses {_vendor()}."
        )
    _load_database(folder / DUMP_NAMES[_vendor()])
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar") as archive:
        # The "data" filter refuses absolute paths, "..", links out of the folder and devices.
        archive.extractall(media_root, filter="data")
    files = media_checksums(media_root)
    move_version()  # cached public pages show the site as it was before
    return Restored(
        differences=differences(manifest, row_counts(), files),
        other_files=sorted(set(files) - set(manifest["files"])),
    )


def differences(manifest: dict, tables: dict[str, int], files: dict[str, str]) -> list[str]:
    found = [
        f"table {table}: {count} rows in the backup, {tables.get(table)} restored"
        for table, count in manifest["tables"].items()
        if tables.get(table) != count
    ]
    found += [
        f"file {name}: missing or different"
        for name, digest in manifest["files"].items()
        if files.get(name) != digest
    ]
    return found


def _vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _dump_database(target: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return
    _run_postgres_tool("pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                       "--file", str(target))  # fmt: skip


def _load_database(source: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as backup:
            backup.backup(connection.connection)
        return
    # --clean drops what the dump recreates, so a migrated or a used database is replaced whole.
    _run_postgres_tool("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                       "--single-transaction", str(source))  # fmt: skip
    connection.close()  # the schema changed under this connection


def _run_postgres_tool(tool: str, *args: str) -> None:
    db = connection.settings_dict
    command = [
        _postgres_binary(tool), "--host", db["HOST"] or "localhost",
        "--port", str(db["PORT"] or 5432), "--username", db["USER"], "--dbname", db["NAME"], *args,
    ]  # fmt: skip
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()[-2000:]}")


def find_postgres_tool(tool: str) -> str | None:
    """The tool on PATH, else the newest one a Debian PostgreSQL package installed."""
    found = shutil.which(tool)
    if found:
        return found
    for directory in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (directory / tool).exists():
            return str(directory / tool)
    return None


def _postgres_binary(tool: str) -> str:
    found = find_postgres_tool(tool)
    if found is None:
        raise BackupError(
            f"{tool} was not found; install the PostgreSQL client (postgresql-client)."
        )
    return found
