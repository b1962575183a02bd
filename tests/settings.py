"""Test settings: the real settings, with only what tests need changed."""

import os
import tempfile
from pathlib import Path

from bishkek_ogp.settings import *  # noqa: F403
from bishkek_ogp.settings import STORAGES

# Fast hashing: tests create many users and never need real password strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Uploaded files go to a throwaway folder, never into var/. A Celery worker started by a test is
# handed the test's folder through TEST_MEDIA_ROOT, so both see the same files.
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="ogp-test-media-"))

# No collectstatic in tests: templates resolve {% static %} without a manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="ogp-test-static-"))

# Parallel test workers (pytest-xdist) share the run's Redis: each gets a database of its own, so
# that one worker's cache.clear() or queued tasks never reach another's.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):  # noqa: F405
    REDIS_URL = f"{REDIS_URL.rsplit('/', 1)[0]}/{int(_worker[2:]) + 1}"  # noqa: F405
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    CELERY_BROKER_URL = REDIS_URL
