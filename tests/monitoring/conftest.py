import pytest


@pytest.fixture(autouse=True)
def in_process(tasks_run_in_process):
    """The monitoring tests exercise services and tasks in-process (see tasks_run_in_process)."""
