import pytest
from celery import current_app


@pytest.fixture(autouse=True)
def tasks_run_in_process():
    """These tests exercise the services and tasks in-process, as on the embedded default.

    In the PostgreSQL/Redis pass Celery would otherwise publish to a Redis that no worker reads;
    the real worker is covered by tests/services/test_celery_worker.py.
    """
    previous = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = True
    yield
    current_app.conf.task_always_eager = previous
