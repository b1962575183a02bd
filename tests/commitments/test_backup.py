"""`backup` and `restore` on the embedded default (SQLite): the same pair as in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.embedded

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
def original(tmp_path_factory) -> Path:
    var_dir = tmp_path_factory.mktemp("original")
    for args in (("migrate", "--noinput"), ("load_action_plan",), ("load_demo_data",)):
        assert manage(var_dir, *args).returncode == 0
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
