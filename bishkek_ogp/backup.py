"""Back up and restore the whole site: the database and the uploaded files, checked on the way back.

A backup is a folder:

    database.dump      pg_dump's custom format (PostgreSQL), or database.sqlite3 (SQLite)
    media.tar          every file under MEDIA_ROOT
    manifest.json      row counts per table, a SHA-256 of the dump, of the archive and of
                       each file, signed with the site's SECRET_KEY

The row counts come from the same snapshot of the database as the dump (on PostgreSQL, pg_dump
is given the snapshot of the transaction that counted), so a backup taken while the site is used
agrees with itself. Restoring checks everything first (the manifest, the dump's and the
archive's checksums, every file in the archive) and replaces nothing when anything is wrong; it
then loads both, counts and hashes again, and compares with the manifest.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from bishkek_ogp.lib.page_cache import move_version

DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """The backup could not be made or restored; the message says why."""


def _tables() -> list[str]:
    return sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)})


def row_counts() -> dict[str, int]:
    """Rows in every table Django knows, history tables included."""
    counts = {}
    with connection.cursor() as cursor:
        for table in _tables():
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
    dump = folder / DUMP_NAMES[_vendor()]
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "tables": _dump_database(dump),
    }
    # Listed after the dump, so that a file its rows name is not missed for being uploaded late.
    manifest["files"] = media_checksums(media_root)
    with tarfile.open(folder / "media.tar", "w") as archive:
        for name in manifest["files"]:
            archive.add(media_root / name, arcname=name)
    manifest["dump_sha256"] = sha256_of(dump)
    manifest["media_sha256"] = sha256_of(folder / "media.tar")
    manifest["signature"] = _signature(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def _signature(manifest: dict) -> str:
    """The site's SECRET_KEY vouches for the manifest: row counts cannot be edited to match."""
    content = json.dumps({k: v for k, v in manifest.items() if k != "signature"}, sort_keys=True)
    return hmac.new(settings.SECRET_KEY.encode(), content.encode(), hashlib.sha256).hexdigest()


@dataclass
class Restored:
    differences: list[str]  # between the copy and the backup's manifest: empty when whole
    # Files under MEDIA_ROOT that the backup does not hold (uploaded after it, say): kept, as
    # deleting uploads is not a restore's call.
    other_files: list[str]


def restore_backup(folder: Path) -> Restored:
    """Replace the database and add the uploaded files from a backup that passes every check,
    then check the copy. Raises BackupError, having changed nothing, when a check fails."""
    manifest = verify_backup(folder)
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


def verify_backup(folder: Path) -> dict:
    """The backup's manifest, once the dump, the archive and every file in it match it."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        expected = {key: manifest[key] for key in ("database", "tables", "files")}
        dump_sha, media_sha = manifest["dump_sha256"], manifest["media_sha256"]
        signed = hmac.compare_digest(manifest["signature"], _signature(manifest))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{folder} holds no readable backup manifest ({error}).") from error
    if not signed:
        raise BackupError(
            "The backup's manifest was changed, or made by a site with another SECRET_KEY."
        )
    if expected["database"] != _vendor():
        raise BackupError(
            f"This backup is of a {expected['database']} database; this site uses {_vendor()}."
        )
    for name, digest in ((DUMP_NAMES[_vendor()], dump_sha), ("media.tar", media_sha)):
        if not (folder / name).is_file():
            raise BackupError(f"The backup has no {name}.")
        if sha256_of(folder / name) != digest:
            raise BackupError(f"{name} does not match the backup's manifest: it was changed.")
    archived = _archive_checksums(folder / "media.tar")
    if archived != expected["files"]:
        changed = sorted(set(archived.items()) ^ set(expected["files"].items()))
        names = ", ".join(sorted({name for name, _digest in changed})[:10])
        raise BackupError(f"The uploaded files in media.tar do not match the manifest: {names}.")
    return manifest


def _archive_checksums(path: Path) -> dict[str, str]:
    try:
        with tarfile.open(path) as archive:
            sums = {}
            for member in archive:
                if not member.isfile():
                    raise BackupError(f"media.tar holds {member.name}, which is not a file.")
                sums[member.name] = hashlib.sha256(archive.extractfile(member).read()).hexdigest()
            return sums
    except tarfile.TarError as error:
        raise BackupError(f"media.tar cannot be read: {error}.") from error


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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


def _dump_database(target: Path) -> dict[str, int]:
    """Dump the database into `target`; the row counts of the very snapshot dumped."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # a consistent copy of the whole file
            # One self-contained file: its checksum then covers every row (no -wal beside it).
            copy.execute("PRAGMA journal_mode=DELETE")
            return _sqlite_counts(copy)
        finally:
            copy.close()
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for the counts and for pg_dump, which joins it while this stays open.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts()
        _run_postgres_tool("pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                           f"--snapshot={snapshot}", "--file", str(target))  # fmt: skip
    return counts


def _sqlite_counts(copy: sqlite3.Connection) -> dict[str, int]:
    counts = {}
    for table in _tables():
        quoted = table.replace('"', '""')
        counts[table] = copy.execute(f'SELECT count(*) FROM "{quoted}"').fetchone()[0]
    return counts


def _load_database(source: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with tempfile.TemporaryDirectory() as folder:
            # A copy of the verified file alone: a -wal file left beside a backup could
            # otherwise change the rows read without changing the file's checksum.
            verified = Path(shutil.copy(source, folder))
            with closing(sqlite3.connect(verified)) as backup:
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
