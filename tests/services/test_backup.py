"""`backup` and `restore`: a PostgreSQL dump and the uploaded files, restored elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time

import psycopg
import pytest
import redis
import requests

from tests.services.site import Site

# One production-shaped site serves both modules: one test worker runs them (pytest-xdist).
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.xdist_group("site")]

UPLOADED_EVIDENCE = """
from django.core.files.base import ContentFile
from commitments.models import Evidence, ProgressUpdate
update = ProgressUpdate.objects.first()
for n in range(3):
    Evidence.objects.create(update=update, title_en=f"Scan {n}", is_demo=True,
                            file=ContentFile(b"%PDF-1.4 scan " + bytes([n]), name=f"scan{n}.pdf"))
"""


def table_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def files(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def backup(site: Site, tmp_path_factory):
    site.manage("load_demo_data")
    site.manage("shell", "-c", UPLOADED_EVIDENCE)
    folder = tmp_path_factory.mktemp("backups") / "backup"
    site.manage("backup", str(folder))
    return folder


@pytest.fixture
def empty_database(site: Site):
    name = "restored"
    with psycopg.connect(site.postgres.url.replace("postgres://", "postgresql://")) as db:
        db.autocommit = True
        db.execute(f"DROP DATABASE IF EXISTS {name}")
        db.execute(f"CREATE DATABASE {name}")
    return site.postgres.url.rsplit("/", 1)[0] + f"/{name}"


def content_version(site: Site) -> int:
    """The page cache's version in the site's Redis (a page read first, so that one exists)."""
    assert requests.get(f"{site.url}/en/", timeout=30).status_code == 200
    store = redis.Redis.from_url(site.redis.url)
    return int(store.get(next(store.scan_iter(match="*public-pages-version"))))


def test_restored_copy_has_the_same_rows_and_files(site: Site, backup, empty_database, tmp_path):
    media = tmp_path / "restored-media"
    before = content_version(site)
    output = site.manage(
        "restore", "--noinput", str(backup), DATABASE_URL=empty_database, MEDIA_ROOT=str(media)
    )
    assert content_version(site) > before  # no page cached before the restore is served after
    assert "every table's rows and every file match" in output
    original = table_counts(site.postgres.url)
    assert original["commitments_evidence"] >= 3 and original["commitments_milestone"] > 0
    assert table_counts(empty_database) == original
    assert files(media) == files(site.media_root)
    assert any(name.startswith("evidence/") for name in files(media))


def test_restore_replaces_a_database_that_already_has_the_schema(
    site: Site, backup, empty_database, tmp_path
):
    site.manage("migrate", "--noinput", DATABASE_URL=empty_database)
    site.manage("restore", "--noinput", str(backup), DATABASE_URL=empty_database,
                MEDIA_ROOT=str(tmp_path / "media"))  # fmt: skip
    assert table_counts(empty_database) == table_counts(site.postgres.url)


def change_a_count(backup) -> None:
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["tables"]["commitments_milestone"] += 1
    (backup / "manifest.json").write_text(json.dumps(manifest))


def change_the_dump(backup) -> None:
    dump = bytearray((backup / "database.dump").read_bytes())
    dump[len(dump) // 2] ^= 0xFF
    (backup / "database.dump").write_bytes(bytes(dump))


@pytest.mark.parametrize(
    ("damage", "reason"),
    [(change_a_count, "manifest was changed"), (change_the_dump, "database.dump does not match")],
)
def test_a_damaged_backup_is_refused_and_the_database_left_as_it_was(
    site: Site, backup, empty_database, tmp_path, damage, reason
):
    altered = shutil.copytree(backup, tmp_path / "altered")
    damage(altered)
    before = table_counts(empty_database)
    with pytest.raises(AssertionError, match=reason):
        site.manage("restore", "--noinput", str(altered), DATABASE_URL=empty_database,
                    MEDIA_ROOT=str(tmp_path / "media"))  # fmt: skip
    assert table_counts(empty_database) == before
    assert not (tmp_path / "media").exists()


def test_a_backup_taken_while_the_site_is_written_to_restores_and_passes_its_check(
    site: Site, empty_database, tmp_path
):
    stop = threading.Event()

    def keep_writing() -> None:
        with psycopg.connect(site.postgres.url.replace("postgres://", "postgresql://")) as db:
            db.autocommit = True
            while not stop.is_set():
                db.execute(
                    "INSERT INTO django_session (session_key, session_data, expire_date) "
                    "VALUES (md5(random()::text), '', now())"
                )

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        time.sleep(0.2)
        site.manage("backup", str(tmp_path / "during"))
    finally:
        stop.set()
        writer.join()
    output = site.manage(
        "restore", "--noinput", str(tmp_path / "during"),
        DATABASE_URL=empty_database, MEDIA_ROOT=str(tmp_path / "media"),
    )  # fmt: skip
    assert "every table's rows and every file match" in output


def test_backup_refuses_a_folder_that_is_not_empty(site: Site, backup):
    with pytest.raises(AssertionError, match="not empty"):
        site.manage("backup", str(backup))


def test_the_site_tests_are_kept_on_one_worker(request):
    # Grouped by pytest-xdist (--dist loadgroup), one site is started for the run, not one per
    # worker; some pytest releases silently stop the grouping (see pyproject.toml).
    if os.environ.get("PYTEST_XDIST_WORKER"):
        assert request.node.nodeid.endswith("@site")
