"""`backup` and `restore` on the embedded default (SQLite): the same pair as in production."""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

# One worker builds the sites below once for all of these tests (each takes a full migrate).
pytestmark = [pytest.mark.embedded_only, pytest.mark.xdist_group("sqlite-backup")]

ROOT = Path(__file__).resolve().parents[2]


def manage(var_dir: Path, *args: str) -> subprocess.CompletedProcess:
    # A site of its own in a temporary folder: never the test database, never DATABASE_URL.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="bishkek_ogp.settings", VAR_DIR=str(var_dir),
               MEDIA_ROOT=str(var_dir / "media"), SECRET_KEY="test-only")  # fmt: skip
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def plan_site(tmp_path_factory) -> Path:
    """A migrated site with the plan: copied, it is the start of each site below."""
    var_dir = tmp_path_factory.mktemp("plan-site")
    for args in (("migrate", "--noinput"), ("load_action_plan",)):
        assert manage(var_dir, *args).returncode == 0
    return var_dir


def copy_of(site: Path, tmp_path_factory, name: str) -> Path:
    var_dir = tmp_path_factory.mktemp(name) / "var"
    shutil.copytree(site, var_dir)
    return var_dir


@pytest.fixture(scope="module")
def original(plan_site, tmp_path_factory) -> Path:
    var_dir = copy_of(plan_site, tmp_path_factory, "original")
    assert manage(var_dir, "load_demo_data").returncode == 0
    (var_dir / "media" / "minutes").mkdir(parents=True)
    (var_dir / "media" / "minutes" / "m.pdf").write_bytes(b"%PDF-1.4 minutes")
    return var_dir


def test_sqlite_backup_restores_into_a_new_site(original, tmp_path):
    assert manage(original, "backup", str(tmp_path / "backup")).returncode == 0
    copy = tmp_path / "copy"
    restored = manage(copy, "restore", "--noinput", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr
    assert "every table's rows and every file match" in restored.stdout
    assert (copy / "media" / "minutes" / "m.pdf").read_bytes() == b"%PDF-1.4 minutes"


def test_restore_of_a_folder_without_a_backup_is_refused_clearly(original, tmp_path):
    refused = manage(original, "restore", "--noinput", str(tmp_path))
    assert refused.returncode == 1
    assert "holds no backup (no manifest.json)" in refused.stderr


def test_restore_names_the_files_the_backup_does_not_hold_and_keeps_them(original, tmp_path):
    assert manage(original, "backup", str(tmp_path / "backup")).returncode == 0
    copy = tmp_path / "copy"
    (copy / "media" / "evidence").mkdir(parents=True)
    (copy / "media" / "evidence" / "later.pdf").write_bytes(b"%PDF-1.4 uploaded after")
    restored = manage(copy, "restore", "--noinput", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr
    assert "1 file under MEDIA_ROOT is not in the backup (uploaded after it?)" in restored.stdout
    assert "evidence/later.pdf" in restored.stdout
    assert (copy / "media" / "evidence" / "later.pdf").exists()


@pytest.fixture(scope="module")
def pristine_backup(original, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pristine") / "backup"
    assert manage(original, "backup", str(folder)).returncode == 0
    return folder


@pytest.fixture(scope="module")
def another_site(plan_site, tmp_path_factory) -> Path:
    """A migrated site with the plan, into which damaged backups are (not) restored."""
    return copy_of(plan_site, tmp_path_factory, "another")


def tamper_with_a_file(backup: Path) -> None:
    """Swap the minutes inside the archive for other bytes, leaving the manifest as it was."""
    rebuilt = backup / "rebuilt.tar"
    with tarfile.open(backup / "media.tar") as old, tarfile.open(rebuilt, "w") as new:
        for member in old:
            data = b"%PDF-1.4 forged minutes" if member.name.endswith("m.pdf") else None
            if data is None:
                new.addfile(member, old.extractfile(member))
            else:
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))
    rebuilt.replace(backup / "media.tar")


def tamper_with_the_manifest(backup: Path) -> None:
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["tables"]["commitments_commitment"] += 1
    (backup / "manifest.json").write_text(json.dumps(manifest))


def lose_the_archive(backup: Path) -> None:
    (backup / "media.tar").unlink()


def change_the_data_keeping_the_counts(backup: Path) -> None:
    db = sqlite3.connect(backup / "database.sqlite3")
    with db:
        db.execute("UPDATE commitments_commitment SET title_en = 'Forged title'")
    db.close()


def garble_the_manifest(backup: Path) -> None:
    (backup / "manifest.json").write_text("{not json")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (tamper_with_a_file, "media.tar does not match the backup's manifest"),
        (tamper_with_the_manifest, "The backup's manifest was changed"),
        (lose_the_archive, "The backup has no media.tar."),
        (change_the_data_keeping_the_counts, "database.sqlite3 does not match"),
        (garble_the_manifest, "holds no readable backup manifest"),
    ],
    ids=["file", "manifest", "no-archive", "same-counts", "garbled"],
)
def test_a_damaged_backup_is_refused_before_anything_is_replaced(
    pristine_backup, another_site, tmp_path, damage, reason
):
    backup = shutil.copytree(pristine_backup, tmp_path / "backup")
    damage(backup)
    site = shutil.copytree(another_site, tmp_path / "site")
    (site / "media" / "minutes").mkdir(parents=True)
    (site / "media" / "minutes" / "m.pdf").write_bytes(b"the site's own minutes")
    database_before = (site / "db.sqlite3").read_bytes()

    refused = manage(site, "restore", "--noinput", str(backup))

    assert refused.returncode == 1
    assert reason in refused.stderr
    assert "Traceback" not in refused.stderr
    assert (site / "db.sqlite3").read_bytes() == database_before
    assert (site / "media" / "minutes" / "m.pdf").read_bytes() == b"the site's own minutes"
