"""Production's collected static files, made once per test run and shared by every test worker.

`collectstatic` with WhiteNoise's compressed manifest storage takes half a minute (it compresses
every bundled asset); the production-shaped site and the static-files test read the same result.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def collected_static(tmp_path_factory) -> Path:
    # The parent of a worker's base temporary directory is the same for every pytest-xdist worker.
    shared = tmp_path_factory.getbasetemp().parent
    target = shared / "collected-static"
    done = target / ".complete"
    with open(shared / "collected-static.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other workers wait for the first one's result
        if not done.exists():
            env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "DEBUG": "0",
                "SECRET_KEY": "collectstatic-test",
                "VAR_DIR": str(shared / "collected-static-var"),
                "STATIC_ROOT": str(target),
            }
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            done.touch()
    return target
